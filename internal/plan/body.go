package plan

import (
	"fmt"
	"html"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"

	"github.com/rolloutdocs/rolloutdocs/internal/markdown"
)

var (
	strategyLineRE = regexp.MustCompile(`(?i)\b(conservative|standard|aggressive)\b[^.\n]*?\bwith\s+(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+phases?\b`)
	rolloutTitleRE = regexp.MustCompile(`(?i)^rollout\s+plan\s*:\s*`)
)

var numberWords = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}

// sectionKind classifies a heading by its text alone, as the template and
// the synonyms in synonyms.go name sections.
func sectionKind(text string) SectionKind {
	t := strings.TrimSpace(text)
	if _, _, ok := phaseHeading(t); ok {
		return KindPhase
	}
	if _, _, _, ok := phaseHeadingWord(t); ok {
		return KindPhase
	}
	kind, _ := sectionByName(t)
	return kind
}

// phaseID is a phase heading's number and name as read.
type phaseID struct {
	number int
	name   string
}

// classify says what a heading opens, given the level-2 section it is in
// (nil at the top), and records a reading when the heading is not the
// template's own name for it.
func (r *reader) classify(text string, level int, parent *Section, pos Pos) (SectionKind, phaseID) {
	t := strings.TrimSpace(text)
	if digits, name, ok := phaseHeading(t); ok {
		n, _ := strconv.Atoi(digits)
		if !isDigitsOnly(digits) || strconv.Itoa(n) != digits {
			r.read(pos, "read %q as phase %d", t, n)
		}
		return KindPhase, phaseID{n, name}
	}
	inPhases := parent == nil || parent.Kind == KindStrategy || isPhasesSection(parent.Heading) || parent.Kind == KindPhase
	if word, n, name, ok := phaseHeadingWord(t); ok {
		underKnown := parent != nil && level == 3 && (parent.Kind == KindTriggers || parent.Kind == KindMetrics || parent.Kind == KindOverview)
		// "### Step 1: Disable the flag" under "## Rollback Procedure" is
		// a step of a procedure, not a phase.
		stepOutside := strings.EqualFold(word, "step") && level == 3 && !inPhases
		if !underKnown && !stepOutside {
			r.read(pos, "read %q as phase %d", t, n)
			return KindPhase, phaseID{n, name}
		}
	}
	if kind, ok := sectionByName(t); ok {
		if strings.ToLower(strings.TrimSuffix(PlainText(t), ":")) != strings.ToLower(templateNames[kind]) {
			r.read(pos, "read %q as %s", t, templateNames[kind])
		}
		return kind, phaseID{}
	}
	if level == 3 && parent != nil && (parent.Kind == KindStrategy || isPhasesSection(parent.Heading)) {
		if n, name, ok := numberedHeading(t); ok {
			r.read(pos, "read %q under %q as phase %d", t, parent.Heading, n)
			return KindPhase, phaseID{n, name}
		}
	}
	return KindOther, phaseID{}
}

func isDigitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigitByte(s[i]) {
			return false
		}
	}
	return s != ""
}

// read records a reading.
func (r *reader) read(pos Pos, format string, args ...any) {
	r.p.Readings = append(r.p.Readings, Reading{Pos: pos, Text: fmt.Sprintf(format, args...)})
}

// parseBody walks the Markdown body's top-level blocks and fills in the
// plan's sections, phases, metrics and triggers.
func (r *reader) parseBody() {
	body := r.p.Body
	var doc ast.Node
	if r.forCheck {
		doc = markdown.ParseOutline(body)
	} else {
		doc = markdown.Parse(body)
	}
	r.p.Doc = doc

	var current, parent *Section // the section being read; the level-2 one it is in
	var headings []ast.Node      // heading node of each section, parallel to Sections
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		h, isHeading := n.(*ast.Heading)
		if isHeading && h.Level == 1 && r.p.Heading == "" && len(r.p.Sections) == 0 {
			r.p.Heading = rolloutTitleRE.ReplaceAllString(r.inlineText(h), "")
			continue
		}
		if isHeading && h.Level <= 3 {
			text := r.inlineText(h)
			pos := r.bodyPos(h.Pos())
			if h.Level == 1 {
				parent = nil
			}
			if h.Level == 3 && current != nil && current == parent &&
				(parent.Kind == KindTriggers || parent.Kind == KindMetrics) {
				// "## Halt Rules" / "### Latency" / "- p99 > 800ms": the
				// subheading groups the section's items; it stays in it.
				if kind, _ := sectionByName(text); kind == KindOther && sectionKind(text) == KindOther {
					r.read(pos, "read %q as part of %q", text, parent.Heading)
					current.Blocks = append(current.Blocks, n)
					continue
				}
			}
			kind, id := r.classify(text, h.Level, parent, pos)
			current = &Section{Kind: kind, Heading: text, Level: h.Level, Pos: pos}
			if kind == KindPhase {
				r.phaseIDs = append(r.phaseIDs, id)
			}
			if h.Level <= 2 {
				parent = current
			}
			if !r.forCheck {
				id, _ := h.AttributeString("id")
				idStr, _ := id.([]byte)
				current.ID = string(idStr)
			}
			r.p.Sections = append(r.p.Sections, current)
			headings = append(headings, h)
			continue
		}
		if current == nil {
			if isComment(n) || (r.p.Preamble == nil && n.Kind() == east.KindFootnoteList) {
				// "<!-- ... -->" before the title is not text; a footnote
				// list only Parse makes (ParseForCheck reads no
				// references) must not make a preamble on one path only.
				continue
			}
			if r.p.Preamble == nil {
				r.p.Preamble = &Section{Kind: KindOther, Pos: r.bodyPos(n.Pos())}
			}
			current = r.p.Preamble
		}
		current.Blocks = append(current.Blocks, n)
	}
	for i, s := range r.p.Sections {
		end := len(body)
		if i+1 < len(headings) {
			end = lineStart(body, headings[i+1].Pos())
		}
		if len(s.Blocks) > 0 && !r.forCheck {
			s.Markdown = string(body[lineStart(body, s.Blocks[0].Pos()):end])
		}
	}
	for _, s := range r.p.Sections {
		switch s.Kind {
		case KindOverview:
			if r.p.Overview == nil {
				r.p.Overview = s
			}
		case KindStrategy:
			if r.p.Strategy == nil {
				r.p.Strategy = s
				r.readStrategyLine(s)
			}
		case KindPhase:
			r.readPhase(s, r.phaseIDs[0])
			r.phaseIDs = r.phaseIDs[1:]
		case KindMetrics:
			if !r.p.Metrics.Found {
				r.readMetrics(s)
			}
		case KindTriggers:
			if r.p.TriggersSection == nil {
				r.p.TriggersSection = s
				r.readTriggers(s)
			}
		}
	}
}

// isComment reports whether n is an HTML block that is only a comment.
func isComment(n ast.Node) bool {
	h, ok := n.(*ast.HTMLBlock)
	if !ok || h.HTMLBlockType != ast.HTMLBlockType2 {
		return false
	}
	return true
}

func lineStart(src []byte, offset int) int {
	if offset < 0 {
		return 0
	}
	offset = min(offset, len(src))
	for offset > 0 && src[offset-1] != '\n' {
		offset--
	}
	return offset
}

// inlineText is the plain text of a heading or paragraph: Markdown markup
// dropped, code spans kept.
func (r *reader) inlineText(n ast.Node) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			// Segments are raw source: `C\# SDK` must read `C# SDK`.
			b.Write(util.UnescapePunctuations(t.Value(r.p.Body)))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			if t.IsCode() {
				// The typographer's quotes and dashes arrive as HTML
				// entities (&rsquo;); the model holds text, not HTML.
				b.WriteString(html.UnescapeString(string(t.Value)))
			} else {
				b.Write(t.Value)
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// rawLines returns a leaf block's source lines with their body offsets.
func (r *reader) rawLines(n ast.Node) (lines []string, offsets []int) {
	segs := n.Lines()
	for i := 0; i < segs.Len(); i++ {
		s := segs.At(i)
		lines = append(lines, string(s.Value(r.p.Body)))
		offsets = append(offsets, s.Start)
	}
	return lines, offsets
}

// rawText joins a leaf block's source lines with spaces, trimmed.
func (r *reader) rawText(n ast.Node) string {
	lines, _ := r.rawLines(n)
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	return strings.TrimSpace(strings.Join(lines, " "))
}

func (r *reader) readStrategyLine(s *Section) {
	for _, b := range s.Blocks {
		if _, ok := b.(*ast.Paragraph); !ok {
			continue
		}
		lines, offsets := r.rawLines(b)
		for i, line := range lines {
			m := strategyLineRE.FindStringSubmatchIndex(line)
			if m == nil {
				continue
			}
			sl := &r.p.StrategyLine
			sl.Strategy = strings.ToLower(line[m[2]:m[3]])
			sl.StrategyPos = r.bodyPos(offsets[i] + m[2])
			word := strings.ToLower(line[m[4]:m[5]])
			if n, err := strconv.Atoi(word); err == nil {
				sl.Phases = n
			} else {
				sl.Phases = numberWords[word]
			}
			sl.PhasesPos = r.bodyPos(offsets[i] + m[4])
			return
		}
	}
}

func (r *reader) readPhase(s *Section, id phaseID) {
	number, name := id.number, strings.TrimSpace(id.name)
	if name == "" {
		name = fmt.Sprintf("Phase %d", number)
	}
	ph := Phase{Number: number, Name: name, Heading: s.Heading, Pos: s.Pos, Section: s}
	ph.Slug = fmt.Sprintf("%d-%s", number, Slugify(name))
	if hs := r.headingLine(s); hs >= 0 {
		r.percentagesAt(&ph, lineAt(r.p.Body, hs), hs)
	}

	// pending says which list the last label introduced.
	pending := ""
	for _, b := range s.Blocks {
		switch n := b.(type) {
		case *ast.Blockquote:
			if ph.Summary == "" {
				ph.SummaryPos = r.bodyPos(n.Pos())
				var parts []string
				for c := n.FirstChild(); c != nil; c = c.NextSibling() {
					lines, offsets := r.rawLines(c)
					var kept []string
					for i, l := range lines {
						// A label right under the quote is a lazy
						// continuation of it: "> Summary\n**Duration:** 2 days".
						if i > 0 && r.phaseLabelLine(&ph, l, offsets[i], &pending) {
							r.read(r.bodyPos(offsets[i]+leadingSpace(l)), "read %q right under the summary quote as a label of phase %d, not as part of the quote", strings.TrimSpace(l), ph.Number)
							continue
						}
						kept = append(kept, strings.TrimSpace(l))
						r.percentagesAt(&ph, l, offsets[i])
					}
					parts = append(parts, strings.TrimSpace(strings.Join(kept, " ")))
				}
				ph.Summary = strings.TrimSpace(strings.Join(parts, " "))
				continue
			}
		case *ast.Paragraph:
			lines, offsets := r.rawLines(n)
			labelled := false
			for i, line := range lines {
				if r.phaseLabelLine(&ph, line, offsets[i], &pending) {
					labelled = true
				}
			}
			if labelled {
				continue
			}
		case *ast.List:
			if r.readPhaseList(n, &ph, &pending) {
				continue
			}
		}
		ph.Notes = append(ph.Notes, b)
	}
	if ph.Duration.IsZero() {
		r.headingDuration(&ph, name)
	}
	// A phase named for all users ("Full Launch (All users)") reaches 100%
	// even when its tasks name the steps on the way there ("25% → 50%").
	if maxPercent(ph.Percentages) < 100 && (isFullLaunch(name) || isFullLaunch(ph.Summary)) {
		ph.Percentages = append(ph.Percentages, Percentage{Value: 100, Pos: ph.Pos, Implied: true})
	}
	r.p.Phases = append(r.p.Phases, ph)
}

// phaseLabelLine reads line (at offset in Body) as a phase label
// ("**Duration:** 2 days", "**Tasks:**") if it is one, setting what it
// says on ph and which list comes next in pending.
func (r *reader) phaseLabelLine(ph *Phase, line string, offset int, pending *string) bool {
	// A paragraph's lines but its last end in a newline, which the
	// matcher (like the regular expression it replaces) takes for the
	// end of the text: "**Duration:** 2 days\n**Tasks:**" is one
	// paragraph of two labels.
	line = strings.TrimRight(line, "\r\n")
	label, restAt, ok := "", 0, false
	if mayBeLabel(line) { // most lines: skip the matcher
		label, restAt, ok = phaseLabel(line)
	}
	if !ok {
		// "**Success Criteria:**", "**Timeline:** 1 week" (synonyms.go).
		canon, written, at, found := phaseLabelSynonym(line)
		if !found {
			return false
		}
		r.read(r.bodyPos(offset), "read label %q of phase %d as %q", written, ph.Number, phaseLabelNames[canon])
		label, restAt = canon, at
	}
	rest := strings.TrimSpace(line[restAt:])
	switch strings.ToLower(label) {
	case "duration":
		d, _ := ParseDuration(rest)
		d.Text = rest
		if rest == "" {
			d.Text = " " // written but empty: keeps IsZero false
		}
		d.Pos = r.bodyPos(offset + restAt)
		if rest == "" {
			d.Pos = r.bodyPos(offset)
		}
		ph.Duration = d
		r.readDuration(ph, d)
		*pending = ""
	case "tasks", "exit criteria":
		if strings.ToLower(label) == "tasks" {
			*pending = "tasks"
			ph.TasksPos = r.bodyPos(offset)
		} else {
			*pending = "exit"
			ph.ExitPos = r.bodyPos(offset)
		}
		if rest != "" {
			// "**Exit Criteria:** error rate below 0.5% for a day": the
			// text on the label's line is one item.
			text := stripCheckbox(rest)
			r.appendTasks(ph, *pending, []Task{{Text: text, Pos: r.bodyPos(offset + restAt)}})
			if *pending == "tasks" {
				r.percentagesAt(ph, line[restAt:], offset+restAt)
			}
		}
	}
	return true
}

// readPhaseList reads a list of a phase: the tasks or exit criteria a
// label introduced, items that are labels themselves ("- **Duration**: 24
// hours", "- **Exit Criteria**:" over a nested list), and a label that a
// list item swallowed as a lazy continuation ("- [ ] Enable the flag\n
// **Exit Criteria:**", which CommonMark reads as one item). It reports
// whether the list was read; a list it did not read is one of the phase's
// notes.
func (r *reader) readPhaseList(list *ast.List, ph *Phase, pending *string) bool {
	// A list with no label in it and none before it is a note.
	if *pending == "" && !r.listHasLabel(list) {
		return false
	}
	for item := list.FirstChild(); item != nil; item = item.NextSibling() {
		first := item.FirstChild()
		if first == nil {
			continue
		}
		lines, offsets := r.rawLines(first)
		if len(lines) == 0 {
			continue
		}
		// "- **Exit Criteria**:" with the criteria nested under it, or
		// "- **Duration**: 24 hours".
		itemPending := *pending
		if _, ok := first.(*ast.List); !ok && r.phaseLabelLine(ph, stripCheckbox(strings.TrimSpace(lines[0])), offsets[0]+leadingSpace(lines[0]), &itemPending) {
			if len(lines) > 1 || first.NextSibling() != nil {
				*pending = itemPending
				for c := first.NextSibling(); c != nil; c = c.NextSibling() {
					if nested, ok := c.(*ast.List); ok {
						r.appendTasks(ph, *pending, r.readTasks(nested, ph, *pending == "tasks", pending))
					}
				}
				continue
			}
			*pending = itemPending
			continue
		}
		if *pending == "" {
			*pending = "tasks" // items before any label in a labelled list: read as tasks
		}
		label := *pending
		t, ok := r.readTask(item, ph, label == "tasks", pending)
		if ok {
			r.appendTasks(ph, label, []Task{t})
		}
	}
	return true
}

func leadingSpace(s string) int { return len(s) - len(strings.TrimLeft(s, " \t")) }

func (r *reader) appendTasks(ph *Phase, label string, ts []Task) {
	if label == "exit" {
		ph.ExitCriteria = append(ph.ExitCriteria, ts...)
	} else {
		ph.Tasks = append(ph.Tasks, ts...)
	}
}

// listHasLabel reports whether an item of list starts with a phase label.
func (r *reader) listHasLabel(list *ast.List) bool {
	for item := list.FirstChild(); item != nil; item = item.NextSibling() {
		first := item.FirstChild()
		if first == nil {
			continue
		}
		if _, ok := first.(*ast.List); ok {
			continue
		}
		lines, _ := r.rawLines(first)
		if len(lines) == 0 {
			continue
		}
		l := stripCheckbox(strings.TrimSpace(lines[0]))
		if mayBeLabel(l) {
			if _, _, ok := phaseLabel(l); ok {
				return true
			}
		}
		if _, _, _, ok := phaseLabelSynonym(l); ok {
			return true
		}
	}
	return false
}

// headingDuration reads a duration written in the phase's heading:
// "Foundations (Weeks 1-3)", "Canary (2 days)", "Pilot — 1 week".
func (r *reader) headingDuration(ph *Phase, name string) {
	i := strings.LastIndexByte(name, '(')
	j := strings.LastIndexByte(name, ')')
	if i < 0 || j < i {
		return
	}
	inner := strings.TrimSpace(name[i+1 : j])
	var d Duration
	var ok bool
	if m := weekSpanRE.FindStringSubmatch(inner); m != nil {
		lo, _ := strconv.Atoi(m[2])
		hi := lo
		if m[3] != "" {
			hi, _ = strconv.Atoi(m[3])
		}
		if hi < lo {
			return
		}
		unit := "day"
		if strings.HasPrefix(strings.ToLower(m[1]), "w") {
			unit = "week"
		}
		n := hi - lo + 1
		plural := "s"
		if n == 1 {
			plural = ""
		}
		d, ok = ParseDuration(fmt.Sprintf("%d %s%s", n, unit, plural))
	} else {
		d, ok = ParseDuration(inner)
	}
	if !ok || d.OpenEnded {
		return
	}
	d.Text = inner
	d.Pos = ph.Pos
	ph.Duration = d
	r.read(ph.Pos, "read %q in the heading of %q as its duration (%s)", inner, ph.Heading, durationDays(d))
}

// weekSpanRE matches the calendar span a heading gives: "Weeks 1-3",
// "Week 4", "Days 1–5".
var weekSpanRE = regexp.MustCompile(`(?i)^(weeks?|days?)\s+(\d{1,3})(?:\s*(?:-|–|—|to|through)\s*(\d{1,3}))?$`)

// durationDays says how many days of the timeline d counts for: "1 day",
// "21 days", "2-3 days", "0.02 days" (30 minutes).
func durationDays(d Duration) string {
	if d.Min == d.Max {
		if d.Max == 1 {
			return "1 day"
		}
		return formatDays(d.Max) + " days"
	}
	return formatDays(d.Min) + "-" + formatDays(d.Max) + " days"
}

// formatDays writes a day count with at most two decimals (and never as
// 0 when it is not).
func formatDays(v float64) string {
	r := math.Round(v*100) / 100
	if r == 0 && v > 0 {
		r = 0.01
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// templateDurationRE is the form the template writes durations in ("5
// days", "1 week", "2-3 days", "10d"): reading one needs no explaining.
var templateDurationRE = regexp.MustCompile(`(?i)^\d+(?:\.\d+)?(?:\s*(?:-|–|—|to)\s*\d+(?:\.\d+)?)?\s*(?:days?|weeks?|d|w)\.?$`)

// readDuration records how a **Duration:** the template would not write
// was read: "24 hours", "2 week(s)", "5 business days", "ongoing".
func (r *reader) readDuration(ph *Phase, d Duration) {
	switch {
	case d.OpenEnded:
		r.read(d.Pos, "read duration %q of phase %d as open-ended: the phase has no end and takes no time from the timeline", d.Text, ph.Number)
	case d.Valid() && !templateDurationRE.MatchString(d.Text):
		r.read(d.Pos, "read duration %q of phase %d as %s", d.Text, ph.Number, durationDays(d))
	}
}

// maxPercent is the highest step in pcs, or 0.
func maxPercent(pcs []Percentage) float64 {
	m := 0.0
	for _, pc := range pcs {
		m = max(m, pc.Value)
	}
	return m
}

// isFullLaunch reports whether s names a launch to all users ("Full
// Launch", "General Availability", "Feature available to all users").
func isFullLaunch(s string) bool {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for i := range words {
		for _, phrase := range fullLaunchPhrases {
			if i+len(phrase) <= len(words) && slices.Equal(words[i:i+len(phrase)], phrase) {
				return true
			}
		}
	}
	return false
}

// readTasks reads a task list; rollout percentages count only from Tasks,
// since exit criteria's percentages are gates ("CPU below 60%"). A label
// an item swallowed ends the item and switches pending for the items
// after it.
func (r *reader) readTasks(list *ast.List, ph *Phase, countPercentages bool, pending *string) []Task {
	var tasks []Task
	for item := list.FirstChild(); item != nil; item = item.NextSibling() {
		label := *pending
		t, ok := r.readTask(item, ph, countPercentages && label != "exit", pending)
		if !ok {
			continue
		}
		if label == *pending || label == "" {
			tasks = append(tasks, t)
		} else {
			r.appendTasks(ph, label, []Task{t})
		}
	}
	return tasks
}

// readTask reads one list item as a task. A line of its first paragraph
// that is a label ("**Exit Criteria:**" right after the item, which
// CommonMark makes part of it) ends the task and sets pending.
func (r *reader) readTask(item ast.Node, ph *Phase, countPercentages bool, pending *string) (Task, bool) {
	first := item.FirstChild()
	if first == nil {
		return Task{}, false
	}
	lines, offsets := r.rawLines(first)
	if len(lines) == 0 {
		return Task{}, false
	}
	t := Task{Pos: r.bodyPos(offsets[0])}
	if cb, ok := first.FirstChild().(*east.TaskCheckBox); ok {
		t.HasCheckbox, t.Done = true, cb.IsChecked
	}
	for i := range lines {
		if i > 0 && r.phaseLabelLine(ph, lines[i], offsets[i], pending) {
			// The rest of the item's lines are the label's: a swallowed
			// label's own text ("**Tasks:** none") is on its line.
			r.read(r.bodyPos(offsets[i]+leadingSpace(lines[i])), "read %q right under a list item as a label of phase %d, not as part of the item", strings.TrimSpace(lines[i]), ph.Number)
			lines = lines[:i]
			break
		}
		lines[i] = strings.TrimSpace(lines[i])
	}
	text := strings.Join(lines, " ")
	if t.HasCheckbox {
		text = stripCheckbox(text)
	}
	t.Text = strings.TrimSpace(text)
	if countPercentages {
		for i, l := range lines {
			r.percentagesAt(ph, l, offsets[i])
		}
	}
	return t, true
}

// headingLine returns the body offset of the line a section's heading is
// on, or -1.
func (r *reader) headingLine(s *Section) int {
	if s.Pos.Line == 0 {
		return -1
	}
	return r.lineStarts[s.Pos.Line-1] - r.bodyOffset
}

// lineAt returns the line of src that starts at offset.
func lineAt(src []byte, offset int) string {
	if offset < 0 || offset > len(src) {
		return ""
	}
	end := offset
	for end < len(src) && src[end] != '\n' {
		end++
	}
	return string(src[offset:end])
}

// mayBeLabel is a cheap test that line could be a phase label: after
// spaces and emphasis markers it starts with "duration", "tasks" or "exit"
// in ASCII letters of any case. Only such lines go to phaseLabel.
func mayBeLabel(line string) bool {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t' || line[i] == '*' || line[i] == '_') {
		i++
	}
	rest := line[i:]
	for _, word := range []string{"duration", "tasks", "exit"} {
		if len(rest) >= len(word) && strings.EqualFold(rest[:len(word)], word) {
			return true
		}
	}
	return false
}

// stripCheckbox removes a leading task checkbox ("[ ] ", "[x] ") from a
// list item's text.
func stripCheckbox(s string) string {
	if len(s) >= 3 && s[0] == '[' && s[2] == ']' && (s[1] == ' ' || s[1] == 'x' || s[1] == 'X') {
		s = s[3:]
		if len(s) > 0 && isSpaceByte(s[0]) {
			s = s[1:]
		}
	}
	return s
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

// percentagesAt records every "N%" or "N.N %" in line (offset is the
// line's offset in Body) as a rollout step of ph, and every step written
// in words ("fifty percent", "half of users": percentwords.go), in the
// order they stand.
func (r *reader) percentagesAt(ph *Phase, line string, offset int) {
	hasSign := strings.IndexByte(line, '%') >= 0
	inWords := wordSteps(line)
	if !hasSign && len(inWords) == 0 {
		return
	}
	var found []stepAt
	for i := 0; hasSign && i < len(line); i++ {
		if !isDigitByte(line[i]) || (i > 0 && isDigitByte(line[i-1])) {
			continue
		}
		numEnd, end, ok := matchPercent(line, i)
		if !ok {
			continue
		}
		if v, err := strconv.ParseFloat(line[i:numEnd], 64); err == nil && !isGate(line, i, end) {
			found = append(found, stepAt{value: v, start: i, end: end})
		}
		i = end - 1
	}
	for _, w := range inWords {
		// "Half of traffic (50% traffic)" says one step twice.
		if isGate(line, w.start, w.end) || slices.ContainsFunc(found, func(s stepAt) bool { return s.value == w.value }) {
			continue
		}
		r.read(r.bodyPos(offset+w.start), "read %q in phase %d as the rollout step %s%%", line[w.start:w.end], ph.Number, strconv.FormatFloat(w.value, 'f', -1, 64))
		found = append(found, w)
	}
	slices.SortStableFunc(found, func(a, b stepAt) int { return a.start - b.start })
	for _, s := range found {
		ph.Percentages = append(ph.Percentages, Percentage{Value: s.value, Pos: r.bodyPos(offset + s.start)})
	}
}

// gateBefore and gateAfter are the words around a percentage that make it
// a threshold rather than a share of users: "error rate below 0.1%",
// "increases by 5%", "95% confidence", "<1% increase".
var (
	gateBefore = map[string]bool{
		"below": true, "under": true, "above": true, "over": true, "within": true, "beyond": true,
		"exceeds": true, "exceed": true, "exceeding": true, "than": true, "least": true, "most": true, "by": true,
	}
	gateAfter = map[string]bool{
		"increase": true, "increases": true, "decrease": true, "decreases": true, "higher": true, "lower": true,
		"more": true, "less": true, "fewer": true, "drop": true, "growth": true, "reduction": true, "regression": true,
		"confidence": true, "significance": true, "uptime": true, "availability": true, "cpu": true,
		"error": true, "errors": true, "margin": true, "threshold": true, "sla": true, "slo": true,
	}
)

// shadowBefore and shadowAfter are the words around a percentage of
// traffic that is copied, not served: "Mirror 100% of queries to the new
// cluster", "10% shadow traffic". No user sees it, so it is no rollout
// step.
var (
	shadowBefore = map[string]bool{
		"mirror": true, "mirrors": true, "mirroring": true, "mirrored": true, "shadow": true, "shadowing": true,
		"replay": true, "replaying": true, "tee": true, "duplicate": true, "copy": true,
	}
	shadowAfter = map[string]bool{"shadow": true, "mirrored": true, "replayed": true, "dark": true}
)

// isGate reports whether the percentage line[start:end] is a threshold
// (a gate such as "Hold while error rate stays below 0.5%") or shadow
// traffic rather than a rollout step, judging by the word or symbol right
// before it and the word right after it.
func isGate(line string, start, end int) bool {
	before := strings.TrimRight(line[:start], " \t")
	if n := len(before); n > 0 && strings.ContainsRune("<>=±+", rune(before[n-1])) {
		return true
	}
	if strings.HasSuffix(before, "≤") || strings.HasSuffix(before, "≥") {
		return true
	}
	if w := strings.ToLower(lastWord(before)); gateBefore[w] || shadowBefore[w] {
		return true
	}
	w := strings.ToLower(firstWord(line[end:]))
	return gateAfter[w] || shadowAfter[w]
}

func lastWord(s string) string {
	i := len(s)
	for i > 0 && isASCIILetter(s[i-1]) {
		i--
	}
	return s[i:]
}

func firstWord(s string) string {
	s = strings.TrimLeft(s, " \t")
	i := 0
	for i < len(s) && isASCIILetter(s[i]) {
		i++
	}
	return s[:i]
}

func isASCIILetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

// matchPercent matches `\d+(\.\d+)?\s?%` at s[i]: it returns where the
// number ends and where the match ends.
func matchPercent(s string, i int) (numEnd, end int, ok bool) {
	j := i
	for j < len(s) && isDigitByte(s[j]) {
		j++
	}
	if j+1 < len(s) && s[j] == '.' && isDigitByte(s[j+1]) {
		j += 2
		for j < len(s) && isDigitByte(s[j]) {
			j++
		}
	}
	k := j
	if k < len(s) && isSpaceByte(s[k]) {
		k++
	}
	if k < len(s) && s[k] == '%' {
		return j, k + 1, true
	}
	return 0, 0, false
}

func (r *reader) readMetrics(s *Section) {
	for _, b := range s.Blocks {
		table, ok := b.(*east.Table)
		if !ok {
			continue
		}
		mt := &r.p.Metrics
		mt.Found = true
		mt.Pos = r.bodyPos(table.Pos())
		mt.ColumnIndex = map[string]int{}
		for row := table.FirstChild(); row != nil; row = row.NextSibling() {
			var cells []string
			var cellPos []Pos
			for c := row.FirstChild(); c != nil; c = c.NextSibling() {
				text := ""
				if c.Lines().Len() > 0 {
					seg := c.Lines().At(0)
					text = strings.TrimSpace(string(seg.Value(r.p.Body)))
				}
				cells = append(cells, text)
				cellPos = append(cellPos, r.bodyPos(c.Pos()))
			}
			if _, isHeader := row.(*east.TableHeader); isHeader {
				mt.Columns = cells
				for i, c := range cells {
					key := columnByName(c)
					if _, dup := mt.ColumnIndex[key]; key != "" && !dup {
						mt.ColumnIndex[key] = i
						if normalizeName(c) != key {
							r.read(cellPos[i], "read column %q as %s", PlainText(c), columnNames[key])
						}
					}
				}
				continue
			}
			m := Metric{Cells: cells, CellPos: cellPos, Pos: r.bodyPos(row.Pos())}
			if len(cellPos) > 0 {
				m.Pos = cellPos[0]
			}
			cell := func(col string) string {
				if i, ok := mt.ColumnIndex[col]; ok && i < len(cells) {
					return cells[i]
				}
				return ""
			}
			m.Name = PlainText(cell("metric"))
			m.Baseline, m.Target, m.Method = cell("baseline"), cell("target"), cell("method")
			m.Slug = Slugify(m.Name)
			mt.Rows = append(mt.Rows, m)
		}
		return
	}
}

func (r *reader) readTriggers(s *Section) {
	group := ""
	for _, b := range s.Blocks {
		if h, ok := b.(*ast.Heading); ok {
			group = r.inlineText(h)
			continue
		}
		list, ok := b.(*ast.List)
		if !ok {
			continue
		}
		for item := list.FirstChild(); item != nil; item = item.NextSibling() {
			first := item.FirstChild()
			if first == nil {
				continue
			}
			lines, offsets := r.rawLines(first)
			if len(lines) == 0 {
				continue
			}
			for i := range lines {
				lines[i] = strings.TrimSpace(lines[i])
			}
			r.p.Triggers = append(r.p.Triggers, Trigger{
				Text:  stripCheckbox(strings.Join(lines, " ")),
				Group: group,
				Pos:   r.bodyPos(offsets[0]),
			})
		}
	}
}

// PlainText drops the Markdown emphasis and code markers from a short
// snippet such as a table cell.
func PlainText(s string) string {
	if strings.IndexAny(s, "*_`") < 0 {
		return strings.TrimSpace(s)
	}
	return strings.TrimSpace(markupReplacer.Replace(s))
}

// markupReplacer is built once: a Replacer is costly to build and safe for
// concurrent use.
var markupReplacer = strings.NewReplacer("**", "", "__", "", "`", "", "*", "")
