package plan

import (
	"bytes"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
)

// MaxFileSize bounds what Parse reads: a rollout plan is a few KiB, and a
// multi-megabyte "plan" is a mistake (a log, a binary) not worth parsing.
const MaxFileSize = 1 << 20

// reader carries one file's parse: the plan being filled in and the
// diagnostics found so far.
type reader struct {
	p     *Plan
	diags []diag.Diagnostic
	// lineStarts are the offsets in p.Source where each line begins.
	lineStarts []int
	// bodyOffset is where p.Body starts in p.Source.
	bodyOffset int
	// forCheck leaves out what only rendering needs (ParseForCheck).
	forCheck bool
	// misspelt are the unknown front-matter keys that look like a known
	// one; a required key missing because of one is reported on it.
	misspelt []misspeltKey
	// phaseIDs are the number and name of each phase section's heading,
	// in order, as classify read them.
	phaseIDs []phaseID
}

func (r *reader) add(pos Pos, sev diag.Severity, rule, msg, hint string) {
	r.diags = append(r.diags, diag.Diagnostic{File: r.p.Path, Pos: pos, Severity: sev, Rule: rule, Message: msg, Hint: hint})
}

// SlugFromPath is a plan's slug: its file name without the extension, in
// NFC, since macOS may hand over a name like activité.md decomposed and the
// URL should be the one people type.
func SlugFromPath(path string) string {
	return norm.NFC.String(strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)))
}

// Parse reads one plan. It never fails: what cannot be read is reported in
// the diagnostics and left zero in the Plan.
func Parse(path string, src []byte) (*Plan, []diag.Diagnostic) {
	return parse(path, src, false)
}

// ParseForCheck is Parse for a plan that is checked and never rendered
// (`rolloutdocs check`): the diagnostics and the model are Parse's, except
// for what only pages use. Doc is markdown.ParseOutline's tree (blocks,
// headings and task checkboxes, but not the text of paragraphs, items and
// cells), and each Section's Markdown and ID are empty. It skips half of
// the Markdown parser's work; TestParseForCheckReadsWhatParseReads and
// FuzzParse hold it to Parse.
func ParseForCheck(path string, src []byte) (*Plan, []diag.Diagnostic) {
	return parse(path, src, true)
}

func parse(path string, src []byte, forCheck bool) (*Plan, []diag.Diagnostic) {
	p := &Plan{Path: path, Slug: SlugFromPath(path), FrontPos: map[string]Pos{}}
	r := &reader{p: p, forCheck: forCheck}
	whole := Pos{Line: 1, Col: 1}
	switch {
	case len(src) > MaxFileSize:
		r.add(whole, diag.Error, RuleFileSize,
			// src may be cut at the limit (LoadFile reads no further), so
			// its length is not the file's size.
			fmt.Sprintf("file is larger than the %d KiB limit for a plan", MaxFileSize/1024),
			"move attachments and logs out of content/; a plan is Markdown text")
		return p, r.diags
	case len(bytes.TrimSpace(bytes.TrimPrefix(src, bom))) == 0:
		r.add(whole, diag.Error, RuleFileEmpty, "file is empty",
			"write the plan, or start from `rolloutdocs new \"Feature name\"`")
		return p, r.diags
	case bytes.IndexByte(src, 0) >= 0:
		r.add(whole, diag.Error, RuleFileEncoding, "file is binary (it contains NUL bytes), not a Markdown plan",
			"move it out of content/ or save the plan as UTF-8 text")
		return p, r.diags
	}
	src = bytes.TrimPrefix(src, bom) // editors on Windows add it; it means nothing here
	if !utf8.Valid(src) {
		r.p.Source = src
		r.indexLines()
		bad := firstInvalidUTF8(src)
		r.add(r.pos(bad), diag.Error, RuleFileEncoding, "file is not valid UTF-8",
			"save it as UTF-8 (it may be Latin-1 or UTF-16)")
		return p, r.diags
	}
	// CRLF is kept out of the parsers' way; lines and columns are unchanged
	// because only the \r at each line's end goes.
	if bytes.Contains(src, []byte("\r\n")) {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	}
	p.Source = src
	r.indexLines()

	if bytes.HasPrefix(src, []byte("+++")) {
		r.add(whole, diag.Error, RuleFMTOML, "front matter is TOML (+++); rolloutdocs reads YAML front matter",
			"replace the +++ lines with --- and write the keys as YAML (key: value)")
		return p, r.diags
	}
	yamlText, yamlLine, bodyStart, found, closed := splitFrontMatter(src)
	switch {
	case !found:
		if hasLegacyHeader(src) {
			r.add(whole, diag.Error, RuleFMLegacyHeader,
				"plan header is written as bold lines (**Status:** ...), not YAML front matter",
				fmt.Sprintf("convert it with `rolloutdocs import --write %s`", path))
		} else {
			r.add(whole, diag.Error, RuleFMMissing, "file has no front matter",
				"start the file with a --- line, the header keys (title, created, status, owner, team_size, timeline, risk_tolerance), and a closing --- line")
		}
	case !closed:
		r.add(whole, diag.Error, RuleFMUnclosed, "front matter starts with --- but is never closed",
			"add a --- line after the last header key")
		return p, r.diags
	default:
		p.HasFrontMatter = true
		if !r.decodeFrontMatter(yamlText, yamlLine) {
			break
		}
		for _, prob := range ValidateFrontMatter(&p.Front) {
			pos, ok := p.FrontPos[prob.Key]
			if !ok {
				pos = Pos{Line: 1, Col: 1}
			}
			if _, placeholder := p.FrontPlaceholders[prob.Key]; placeholder {
				continue // the placeholders rule reports it
			}
			if r.hasDiagAt(pos, prob.Key) {
				continue // a type error already explains this key
			}
			if prob.Rule == RuleFMRequired && ok {
				prob = writtenButEmpty(prob)
			}
			if prob.Rule == RuleFMRequired && !ok && r.blameMisspelling(prob.Key) {
				continue // one typo, one diagnostic
			}
			r.addFieldProblem(pos, prob)
		}
	}
	r.bodyOffset = bodyStart
	p.Body = src[bodyStart:]
	r.parseBody()
	return p, r.diags
}

var bom = []byte("\xef\xbb\xbf")

// hasDiagAt reports whether a type or range problem was already reported
// for key at pos, so validation does not pile a second message on it.
func (r *reader) hasDiagAt(pos Pos, key string) bool {
	for _, d := range r.diags {
		if d.Pos == pos && (d.Rule == RuleFMType || d.Rule == RuleFMRange) {
			return true
		}
	}
	_ = key
	return false
}

// writtenButEmpty rewords a "missing required key" problem for a key that
// is in the file with an empty or zero value (`title:`, `team_size: 0`).
func writtenButEmpty(prob FieldProblem) FieldProblem {
	if prob.Key == "team_size" {
		return FieldProblem{prob.Key, RuleFMRange, "team_size must be at least 1, not 0", "count the people working on the rollout"}
	}
	prob.Message = fmt.Sprintf("%s has no value", prob.Key)
	return prob
}

// legacyHeaderKeys are the template's bold header labels.
var legacyHeaderKeys = []string{"**created:**", "**status:**", "**owner:**", "**risk tolerance:**", "**timeline:**"}

func hasLegacyHeader(src []byte) bool {
	head := strings.ToLower(string(src[:min(len(src), 2048)]))
	n := 0
	for _, k := range legacyHeaderKeys {
		if strings.Contains(head, k) {
			n++
		}
	}
	return n >= 2
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

func (r *reader) indexLines() {
	src := r.p.Source
	starts := make([]int, 1, bytes.Count(src, []byte("\n"))+1)
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	r.lineStarts = starts
}

// pos converts an offset in Source to a line and a rune column.
func (r *reader) pos(offset int) Pos {
	line := sort.Search(len(r.lineStarts), func(i int) bool { return r.lineStarts[i] > offset }) - 1
	if line < 0 {
		line = 0
	}
	start := r.lineStarts[line]
	end := min(offset, len(r.p.Source))
	col := 1
	if end > start {
		col = utf8.RuneCount(r.p.Source[start:end]) + 1
	}
	return Pos{Line: line + 1, Col: col}
}

// bodyPos converts an offset in Body to a file position.
func (r *reader) bodyPos(offset int) Pos { return r.pos(offset + r.bodyOffset) }
