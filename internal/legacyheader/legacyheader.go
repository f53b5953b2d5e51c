// Package legacyheader converts rollout plans written without front matter
// into plans rolloutdocs reads. The header people write takes many shapes:
// the template's bold lines, the same with the colon outside the bold or
// as list items, plain `Key: value` lines (Notion's export), a small
// key/value table (Confluence's page properties), or nothing but a title:
//
//	<!-- exported from the wiki -->
//	# Rollout Plan: Checkout Redesign
//
//	**Created:** 2026-05-11
//	**Status:** In Progress
//	**Team Size:** 4 people
//	**Version:** 1.0
//
//	---
//
// Convert turns what it can read without guessing into YAML front matter
// (In Progress → in-progress, 4 people → 4, March 1, 2026 → 2026-03-01;
// a parenthetical becomes a YAML comment beside the value), keeps every
// other line where it was (**Version:** 1.0 stays in the body), and writes
// each required key the file does not give, or gives in a form that cannot
// be read without guessing, as a bracketed placeholder that `check`
// reports as one. The rest of the file is kept byte for byte.
package legacyheader

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/rolloutdocs/rolloutdocs/internal/frontmatter"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// Errors Convert returns (wrapped, with a sentence saying why) for files
// it leaves alone.
var (
	ErrHasFrontMatter = errors.New("the file already has front matter")
	ErrNotPlan        = errors.New("not a rollout plan")
)

// Result is a converted plan.
type Result struct {
	Output []byte
	// Notes tell the user about choices made: lines kept in the body,
	// keys written as placeholders.
	Notes []string
}

var (
	// boldLineRE reads "**Label:** value", "**Label**: value" and the
	// same as a list item.
	boldLineRE = regexp.MustCompile(`^\s{0,3}(?:[-*+]\s+)?(?:\*\*|__)\s*([^*_:]+?)\s*(:?)\s*(?:\*\*|__)\s*(:?)\s*(.*?)\s*$`)
	// plainLineRE reads "Label: value" (a short label, a space after the
	// colon, so URLs and prose with a colon late in it do not match).
	plainLineRE = regexp.MustCompile(`^\s{0,3}(?:[-*+]\s+)?([\p{L}][\p{L}\p{N} /&'’._-]{0,40}?)\s*:(?:\s+(.*?))?\s*$`)
	// ruleRE is a thematic break: ---, ***, ___ (three or more, spaced or not).
	ruleRE = regexp.MustCompile(`^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$`)
	h1RE   = regexp.MustCompile(`^\s{0,3}#\s+(.*?)(?:\s+#+)?\s*$`)
	// setextRE underlines a level-1 heading.
	setextRE = regexp.MustCompile(`^\s{0,3}=+\s*$`)
	// rolloutPrefixRE is the template's heading prefix.
	rolloutPrefixRE = regexp.MustCompile(`(?i)^(?:rollout\s+plan|rollout|launch\s+plan)\s*[:\-–—]\s*`)
	// planTitleRE is a title that names a rollout.
	planTitleRE = regexp.MustCompile(`(?i)\b(rollout|roll-out|roll out|(?:launch|release|migration|go-live|deployment|canary) plan)\b`)
	taskItemRE  = regexp.MustCompile(`^\s*(?:[-*+]|\d+[.)])\s+\[[ xX]\]`)
)

// line is one line of the source with its ending ("\n", "\r\n" or "").
type line struct {
	text string // without the ending
	raw  []byte // with the ending
}

func splitLines(src []byte) []line {
	var out []line
	for len(src) > 0 {
		i := bytes.IndexByte(src, '\n')
		raw := src
		if i >= 0 {
			raw = src[:i+1]
		}
		src = src[len(raw):]
		text := strings.TrimSuffix(strings.TrimSuffix(string(raw), "\n"), "\r")
		out = append(out, line{text: text, raw: raw})
	}
	return out
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }

// headerLine is one `Label: value` of the header, in whatever shape.
type headerLine struct {
	label, value string
	lineNo       int  // 1-based
	bold         bool // **Label:** rather than Label:
	row          int  // index of the row in the header table, or -1
}

// field is a front-matter value read from the header.
type field struct {
	value   any
	comment string
	lineNo  int
	label   string
}

// Convert turns src's header, in any of the shapes the package comment
// lists, into front matter.
func Convert(src []byte) (*Result, error) {
	var bom []byte
	if b, ok := bytes.CutPrefix(src, []byte("\xef\xbb\xbf")); ok {
		bom, src = []byte("\xef\xbb\xbf"), b
	}
	if !utf8.Valid(src) || bytes.IndexByte(src, 0) >= 0 {
		return nil, fmt.Errorf("%w: it is not UTF-8 text", ErrNotPlan)
	}
	newline := "\n"
	if i := bytes.IndexByte(src, '\n'); i > 0 && src[i-1] == '\r' {
		newline = "\r\n"
	}
	lines := splitLines(src)
	first := 0
	for first < len(lines) && blank(lines[first].text) {
		first++
	}
	if first == len(lines) {
		return nil, fmt.Errorf("%w: the file is empty", ErrNotPlan)
	}
	switch t := strings.TrimSpace(lines[first].text); {
	case first == 0 && t == "---":
		return nil, fmt.Errorf("%w (a --- header); there is nothing to import", ErrHasFrontMatter)
	case first == 0 && t == "+++":
		return nil, fmt.Errorf("%w in TOML (+++); rolloutdocs reads YAML front matter: rewrite the header between --- lines by hand", ErrHasFrontMatter)
	}

	// HTML comments and blank lines before the title stay in the body.
	i := skipComments(lines, first)

	// The title: an ATX or setext level-1 heading.
	title, titleLine := "", -1
	switch {
	case i < len(lines) && h1RE.MatchString(lines[i].text):
		title = h1RE.FindStringSubmatch(lines[i].text)[1]
		titleLine = i
		i++
	case i+1 < len(lines) && !blank(lines[i].text) && setextRE.MatchString(lines[i+1].text):
		title = strings.TrimSpace(lines[i].text)
		titleLine = i
		i += 2
	}
	title = strings.TrimSpace(rolloutPrefixRE.ReplaceAllString(strings.TrimSpace(title), ""))

	// The header block: label lines or a key/value table, possibly
	// separated by blank lines, up to the first other line.
	h := readHeader(lines, i)
	known := 0
	for _, hl := range h.lines {
		if _, ok := plan.KeyForLabel(hl.label, hl.value); ok {
			known++
		}
	}
	enough := known >= 2 || (known >= 1 && titleLine >= 0)
	if !enough {
		h = header{start: i, end: i}
	}

	res := &Result{}
	fields := map[string]field{}
	conflicts := map[string]bool{}
	consumed := map[int]bool{} // line numbers (1-based) or table rows moved into the front matter
	consumedRows := map[int]bool{}
	// reads are the notes saying how a line was read, kept until the
	// header is read whole: a later line giving the same key sends both
	// back to the body, and then neither was read as the key.
	type pendingRead struct {
		at, lineNo int
		key, note  string
	}
	var reads []pendingRead
	for _, hl := range h.lines {
		key, ok := plan.KeyForLabel(hl.label, hl.value)
		where := fmt.Sprintf("line %d", hl.lineNo)
		shown := showLine(hl)
		if !ok {
			res.Notes = append(res.Notes, fmt.Sprintf("%s: %s has no front-matter key; it stays in the body", where, shown))
			continue
		}
		if conflicts[key] {
			res.Notes = append(res.Notes, fmt.Sprintf("%s: %s gives %s again; the line stays in the body", where, shown, key))
			continue
		}
		f, ok := readValue(key, hl.value)
		prev, dup := fields[key]
		if !ok || dup {
			if !ok {
				res.Notes = append(res.Notes, fmt.Sprintf("%s: %s is not a %s rolloutdocs can read without guessing; the line stays in the body and %s is a placeholder to fill in",
					where, shown, keyNoun(key), key))
			} else {
				res.Notes = append(res.Notes, fmt.Sprintf("%s and line %d both give %s; both stay in the body and %s is a placeholder to fill in",
					where, prev.lineNo, key, key))
			}
			if dup { // the earlier line goes back to the body too
				delete(consumed, prev.lineNo)
				delete(consumedRows, rowOf(h.lines, prev.lineNo))
				delete(fields, key)
			}
			conflicts[key] = true
			continue
		}
		f.lineNo, f.label = hl.lineNo, hl.label
		fields[key] = f
		if read := readingOf(hl, key, f); read != "" {
			reads = append(reads, pendingRead{at: len(res.Notes), key: key, lineNo: hl.lineNo,
				note: fmt.Sprintf("%s: read %s as %s", where, shown, read)})
		}
		if hl.row >= 0 {
			consumedRows[hl.row] = true
		} else {
			consumed[hl.lineNo] = true
		}
	}

	if len(reads) > 0 {
		var notes []string
		at := 0
		for _, rd := range reads {
			notes = append(notes, res.Notes[at:rd.at]...)
			at = rd.at
			if f, ok := fields[rd.key]; ok && f.lineNo == rd.lineNo {
				notes = append(notes, rd.note)
			}
		}
		res.Notes = append(notes, res.Notes[at:]...)
	}

	if titleLine < 0 && !enough {
		return nil, fmt.Errorf("%w: %s", ErrNotPlan, whyNotAPlan(lines[first:], false))
	}
	if !enough && !looksLikePlan(title, lines[first:]) {
		return nil, fmt.Errorf("%w: %s", ErrNotPlan, whyNotAPlan(lines[first:], true))
	}

	// The body: everything before the header as written, the header's
	// lines that did not become front matter, then the rest, less the
	// rule that closed the header.
	var body bytes.Buffer
	for _, l := range lines[first:h.start] {
		body.Write(l.raw)
	}
	var keptHeader bytes.Buffer
	for n := h.start; n < h.end; n++ {
		if consumed[n+1] || blank(lines[n].text) {
			continue
		}
		if n >= h.tableStart && n < h.tableEnd {
			if n == h.tableStart {
				keptHeader.WriteString(h.keptTable(consumedRows, newline))
			}
			continue
		}
		keptHeader.WriteString(lines[n].text + newline)
	}
	if keptHeader.Len() > 0 {
		separate(&body, newline)
		body.Write(keptHeader.Bytes())
	}
	bodyStart := h.end
	for bodyStart < len(lines) && blank(lines[bodyStart].text) {
		bodyStart++
	}
	if len(h.lines) > 0 && bodyStart < len(lines) && ruleRE.MatchString(lines[bodyStart].text) {
		bodyStart++ // the rule that closed the header
		for bodyStart < len(lines) && blank(lines[bodyStart].text) {
			bodyStart++
		}
	}
	if bodyStart < len(lines) && body.Len() > 0 {
		separate(&body, newline)
	}
	for _, l := range lines[bodyStart:] {
		body.Write(l.raw)
	}

	if _, ok := fields["title"]; !ok && title != "" && !conflicts["title"] {
		fields["title"] = field{value: title}
	}
	if _, ok := fields["strategy"]; !ok {
		// The template states the strategy in a sentence; the plan model
		// reads it, so ask it rather than parse the sentence twice.
		p, _ := plan.Parse("plan.md", append([]byte("---\ntitle: x\n---\n"), body.Bytes()...))
		if s := p.StrategyLine.Strategy; s != "" {
			fields["strategy"] = field{value: s}
		}
	}

	var entries []frontmatter.Entry
	for _, key := range plan.FrontMatterKeys() {
		f, ok := fields[key]
		if !ok {
			if isRequired(key) {
				ph := plan.PlaceholderFor(key)
				entries = append(entries, frontmatter.Entry{Key: key, Value: ph})
				if !conflicts[key] {
					res.Notes = append(res.Notes, fmt.Sprintf("the file gives no %s; wrote %s: %q to fill in", key, key, ph))
				}
			}
			continue
		}
		entries = append(entries, frontmatter.Entry{Key: key, Value: f.value, Comment: f.comment})
	}
	out := append(append(bom, frontmatter.Format(entries, newline)...), newline...)
	res.Output = append(out, body.Bytes()...)
	return res, nil
}

// separate ends b with one blank line.
func separate(b *bytes.Buffer, newline string) {
	switch s := b.String(); {
	case s == "", strings.HasSuffix(s, newline+newline), strings.HasSuffix(s, "\n\n"):
	case strings.HasSuffix(s, "\n"):
		b.WriteString(newline)
	default:
		b.WriteString(newline + newline)
	}
}

// skipComments returns the index of the first line from i on that is not
// blank or inside an HTML comment.
func skipComments(lines []line, i int) int {
	for i < len(lines) {
		t := strings.TrimSpace(lines[i].text)
		switch {
		case t == "":
			i++
		case strings.HasPrefix(t, "<!--"):
			for i < len(lines) && !strings.Contains(lines[i].text, "-->") {
				i++
			}
			if i == len(lines) {
				return i
			}
			i++
		default:
			return i
		}
	}
	return i
}

// header is the block of label lines (and at most one table) after the
// title: lines [start, end), the table's lines [tableStart, tableEnd).
type header struct {
	start, end           int
	tableStart, tableEnd int
	table                [][]string // the table's rows (the delimiter row left out), cells trimmed
	tableRaw             []string   // the same rows as written
	tableHeaderIsRow     bool       // the table's first row is a key/value pair, not column names
	lines                []headerLine
}

func readHeader(lines []line, i int) header {
	h := header{start: i, end: i, tableStart: -1, tableEnd: -1}
	for n := i; n < len(lines); n++ {
		t := lines[n].text
		if blank(t) {
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(t), "|") && h.tableStart < 0 {
			end := n
			for end < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[end].text), "|") {
				end++
			}
			if !h.readTable(lines, n, end) {
				break
			}
			h.end = end
			n = end - 1
			continue
		}
		hl, ok := readLabelLine(t)
		if !ok {
			break
		}
		hl.lineNo, hl.row = n+1, -1
		h.lines = append(h.lines, hl)
		h.end = n + 1
	}
	return h
}

// readTable reads lines [from, to) as a two-column key/value table.
func (h *header) readTable(lines []line, from, to int) bool {
	var rows [][]string
	var raw []string
	for n := from; n < to; n++ {
		cells := splitRow(lines[n].text)
		if n == from+1 {
			if !isDelimiterRow(cells) {
				return false
			}
			continue
		}
		if len(cells) != 2 {
			return false
		}
		rows = append(rows, cells)
		raw = append(raw, lines[n].text)
	}
	if len(rows) < 2 {
		return false
	}
	h.tableStart, h.tableEnd, h.table, h.tableRaw = from, to, rows, raw
	for r, cells := range rows {
		label := strings.TrimSuffix(strings.TrimSpace(stripBold(cells[0])), ":")
		if _, ok := plan.KeyForLabel(label, cells[1]); ok && r == 0 {
			h.tableHeaderIsRow = true
		}
		if r == 0 && !h.tableHeaderIsRow {
			continue // column names: Field | Value
		}
		lineNo := from + r + 1
		if r > 0 {
			lineNo++ // the delimiter row
		}
		h.lines = append(h.lines, headerLine{label: label, value: stripBold(cells[1]), lineNo: lineNo, row: r})
	}
	return true
}

// keptTable is the header table less the rows that became front matter,
// or "" when none is left.
func (h *header) keptTable(consumed map[int]bool, newline string) string {
	var kept []string
	for r := 1; r < len(h.table); r++ {
		if !consumed[r] {
			kept = append(kept, h.tableRaw[r])
		}
	}
	headRow := h.tableRaw[0]
	if len(kept) == 0 && (!h.tableHeaderIsRow || consumed[0]) {
		return ""
	}
	if h.tableHeaderIsRow && consumed[0] {
		headRow = "| | |" // its pair is in the front matter; the table keeps the rest
	}
	var b strings.Builder
	b.WriteString(headRow + newline + "|---|---|" + newline)
	for _, k := range kept {
		b.WriteString(k + newline)
	}
	return b.String()
}

func splitRow(s string) []string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "|")
	if strings.HasSuffix(s, "|") && !strings.HasSuffix(s, `\|`) {
		s = s[:len(s)-1]
	}
	cells := strings.Split(s, "|")
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	return cells
}

func isDelimiterRow(cells []string) bool {
	for _, c := range cells {
		if strings.Trim(c, ":-") != "" || !strings.Contains(c, "-") {
			return false
		}
	}
	return len(cells) > 0
}

func stripBold(s string) string {
	s = strings.TrimSpace(s)
	for _, m := range []string{"**", "__"} {
		if len(s) > 4 && strings.HasPrefix(s, m) && strings.HasSuffix(s, m) {
			s = strings.TrimSpace(s[2 : len(s)-2])
		}
	}
	return s
}

// readLabelLine reads one header line in the bold or plain shape.
func readLabelLine(t string) (headerLine, bool) {
	if m := boldLineRE.FindStringSubmatch(t); m != nil && (m[2] != "" || m[3] != "") {
		return headerLine{label: strings.Join(strings.Fields(m[1]), " "), value: cleanValue(m[4]), bold: true}, true
	}
	if m := plainLineRE.FindStringSubmatch(t); m != nil && len(strings.Fields(m[1])) <= 5 {
		return headerLine{label: strings.Join(strings.Fields(m[1]), " "), value: cleanValue(m[2])}, true
	}
	return headerLine{}, false
}

func showLine(hl headerLine) string {
	if hl.bold {
		return fmt.Sprintf("**%s:** %s", hl.label, hl.value)
	}
	if hl.row >= 0 {
		return fmt.Sprintf("the row %s | %s", hl.label, hl.value)
	}
	return fmt.Sprintf("%s: %s", hl.label, hl.value)
}

func rowOf(lines []headerLine, lineNo int) int {
	for _, hl := range lines {
		if hl.lineNo == lineNo {
			return hl.row
		}
	}
	return -1
}

// readValue reads a header value for key into the front matter's form. A
// template placeholder ("[Number]") is kept as the placeholder it is.
func readValue(key, v string) (field, bool) {
	if v == "" {
		return field{}, false
	}
	if plan.IsPlaceholderValue(v) {
		return field{value: v}, true
	}
	value, note, ok := plan.NormalizeFrontValue(key, v)
	if !ok {
		return field{}, false
	}
	if (key == "created" || key == "start") && note != "" {
		note = fmt.Sprintf("written as %q", v)
	}
	return field{value: value, comment: note}, true
}

// readingOf says how a header line was read when that is not its words
// as written ("team_size: 4" for "**Team Size:** 4 people", "owner: Mia"
// for "**DRI:** Mia"), or "" when the label is the key's own name and the
// value is kept as it is: nothing was read otherwise, nothing to say.
func readingOf(hl headerLine, key string, f field) string {
	var value string
	switch v := f.value.(type) {
	case []string:
		value = strings.Join(v, ", ")
	default:
		value = fmt.Sprint(v)
	}
	sameLabel := strings.EqualFold(strings.Join(strings.Fields(hl.label), "_"), key)
	if sameLabel && value == hl.value {
		return ""
	}
	read := key + ": " + value
	if f.comment != "" {
		read += " # " + f.comment
	}
	return read
}

func keyNoun(key string) string {
	switch key {
	case "created", "start":
		return "date"
	case "team_size":
		return "team size"
	case "risk_tolerance":
		return "risk tolerance"
	}
	return key
}

// cleanValue drops a Markdown hard break ("  " or "\" at the end) and
// surrounding space.
func cleanValue(v string) string {
	v = strings.TrimSpace(v)
	v = strings.TrimSuffix(v, "\\")
	return strings.TrimSpace(v)
}

func isRequired(key string) bool {
	switch key {
	case "title", "created", "status", "owner", "team_size", "timeline", "risk_tolerance":
		return true
	}
	return false
}

// looksLikePlan reports whether a file with a title and no header is a
// rollout plan: its title names a rollout, or its body has phases, success
// metrics or rollback triggers as the plan model reads them.
func looksLikePlan(title string, lines []line) bool {
	var src bytes.Buffer
	src.WriteString("---\ntitle: x\n---\n")
	for _, l := range lines {
		src.Write(l.raw)
	}
	p, _ := plan.Parse("plan.md", src.Bytes())
	if len(p.Phases) > 0 || p.Metrics.Found || p.TriggersSection != nil {
		return true
	}
	return planTitleRE.MatchString(title) && !isChecklist(lines)
}

// isChecklist reports whether most of the file's lines are task items.
func isChecklist(lines []line) bool {
	tasks, content := 0, 0
	for _, l := range lines {
		if t := strings.TrimSpace(l.text); t != "" && !strings.HasPrefix(t, "#") {
			content++
			if taskItemRE.MatchString(t) {
				tasks++
			}
		}
	}
	return tasks > 0 && tasks*2 >= content
}

// whyNotAPlan is the one sentence that says why a file was left alone.
func whyNotAPlan(lines []line, hasTitle bool) string {
	questions := 0
	for _, l := range lines {
		t := strings.TrimSpace(l.text)
		if strings.HasPrefix(t, "#") && strings.HasSuffix(t, "?") ||
			strings.HasPrefix(t, "Q:") || strings.HasPrefix(t, "**Q:") || strings.HasPrefix(t, "**Q.") {
			questions++
		}
	}
	missing := "no phases, success metrics or rollback triggers"
	switch {
	case isChecklist(lines):
		return "it is a checklist (mostly task items), with no plan header and " + missing
	case questions >= 2:
		return "it reads as questions and answers, with no plan header and " + missing
	case !hasTitle:
		return "it has no # title and no plan header (lines such as **Status:** Draft at the top)"
	}
	return "it has no plan header (lines such as **Status:** Draft under the title), its title does not name a rollout, and it has " + missing
}
