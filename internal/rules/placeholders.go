package rules

import (
	"bytes"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// checkPlaceholders reports text in [brackets] left from the template
// ("[X days]", "[PM Name]", "[current]") in front-matter values and the
// body: a warning while the plan is a draft, an error once it is up for
// review. Task checkboxes, links, footnotes, code and escaped brackets are
// not placeholders.
func checkPlaceholders(c *checker) {
	sev := diag.Error
	hint := "replace it with the real value (write \\[ \\] for literal brackets)"
	if s := c.p.Front.Status; s == "" || s == "draft" {
		sev = diag.Warning
		hint = "replace it with the real value before the plan goes to review, where this becomes an error (write \\[ \\] for literal brackets)"
	}
	// In YAML a quoted "[x]" is already literal, and \[ is not an escape
	// there: the Markdown advice is for the body only.
	checkFrontPlaceholders(c, sev, strings.TrimSuffix(hint, " (write \\[ \\] for literal brackets)"))
	if c.bodyParsed() {
		checkBodyPlaceholders(c, sev, hint)
	}
}

// freeFormHint says what to do about a TBD, TK or ___ left in the plan.
func freeFormHint(sev diag.Severity) string {
	if sev == diag.Warning {
		return "write the real value before the plan goes to review, where this becomes an error"
	}
	return "write the real value"
}

// frontMatterKeys are the front matter's keys in field order, read once.
var frontMatterKeys = plan.FrontMatterKeys()

func checkFrontPlaceholders(c *checker, sev diag.Severity, hint string) {
	fm := reflect.ValueOf(&c.p.Front).Elem()
	for i, key := range frontMatterKeys {
		var values []string
		switch f := fm.Field(i); f.Kind() {
		case reflect.String:
			values = []string{f.String()}
		case reflect.Slice:
			values = f.Interface().([]string)
		}
		pos, ok := c.p.FrontPos[key]
		if !ok {
			continue
		}
		if ph, whole := c.p.FrontPlaceholders[key]; whole {
			// The whole value is a placeholder; typed keys (team_size,
			// created) hold only it, not the field.
			values = []string{ph}
		}
		for _, v := range values {
			for _, ph := range findPlaceholders(v) {
				c.report(c.locateFrom(pos, ph.text), sev, RulePlaceholder,
					sprintf("%s: template placeholder %q is still in the plan", key, ph.text), hint)
			}
			if mayHaveFreeForm(v) {
				for _, ph := range findFreeForm(v) {
					c.report(c.locateFrom(pos, ph.text), sev, RuleFreeForm,
						sprintf("%s: placeholder %q is still in the plan", key, ph.text), freeFormHint(sev))
				}
			}
		}
	}
}

// locateFrom finds needle on pos's line or the few lines after it (a list
// value's items sit on the lines below its key).
func (c *checker) locateFrom(pos plan.Pos, needle string) plan.Pos {
	for line := pos.Line; line > 0 && line < pos.Line+64; line++ {
		from := plan.Pos{Line: line, Col: 1}
		if line == pos.Line {
			from = pos
		}
		text := c.src.line(line)
		if strings.TrimSpace(text) == "---" {
			break
		}
		if got := c.src.locate(from, needle); got != from || strings.HasPrefix(text[byteOffset(text, from.Col):], needle) {
			return got
		}
	}
	return pos
}

func checkBodyPlaceholders(c *checker, sev diag.Severity, hint string) {
	body := c.p.Body
	firstLine := 1
	if len(body) <= len(c.p.Source) {
		// Body is the tail of Source (see plan.Plan); count the lines before it.
		firstLine += bytes.Count(c.p.Source[:len(c.p.Source)-len(body)], []byte("\n"))
	}
	defs := linkDefinitions(body)
	fence := ""
	for n, rest := 0, body; len(rest) > 0; n++ {
		raw, next, _ := bytes.Cut(rest, []byte("\n"))
		rest = next
		bracket, free := bytes.IndexByte(raw, '[') >= 0, mayHaveFreeForm(raw)
		if !bracket && !free && !mayBeFence(raw) {
			continue // most lines: no placeholder, no fence (and no copy)
		}
		line := string(raw)
		trimmed := strings.TrimLeft(line, " ")
		if f := fenceOf(trimmed); f != "" && len(line)-len(trimmed) < 4 {
			switch {
			case fence == "":
				fence = f
			case strings.HasPrefix(f, fence) && strings.TrimSpace(trimmed[len(f):]) == "":
				fence = ""
			}
			continue
		}
		if fence != "" {
			continue
		}
		masked := maskCode(line)
		if free {
			for _, ph := range findFreeForm(masked) {
				col := utf8.RuneCountInString(line[:ph.start]) + 1
				c.report(plan.Pos{Line: firstLine + n, Col: col}, sev, RuleFreeForm,
					sprintf("placeholder %q is still in the plan", ph.text), freeFormHint(sev))
			}
		}
		if !bracket {
			continue
		}
		for _, ph := range findPlaceholders(masked) {
			if defs[strings.ToLower(ph.label)] {
				continue // a shortcut reference link: [label] with [label]: url below
			}
			col := utf8.RuneCountInString(line[:ph.start]) + 1
			c.report(plan.Pos{Line: firstLine + n, Col: col}, sev, RulePlaceholder,
				sprintf("template placeholder %q is still in the plan", ph.text), hint)
		}
	}
}

// placeholder is one [bracketed] span: its text with the brackets, the text
// inside them and its byte offset in the line.
type placeholder struct {
	text, label string
	start       int
}

// hasPlaceholder reports whether s holds a template placeholder.
func hasPlaceholder(s string) bool {
	return strings.IndexByte(s, '[') >= 0 && len(findPlaceholders(s)) > 0
}

// findPlaceholders returns the [bracketed] spans of one line that are not
// Markdown syntax: not a task checkbox at the start of a list item, not a
// link ([text](url), [text][ref], [ref]: url), not a footnote ([^1]), not
// an escaped \[.
func findPlaceholders(line string) []placeholder {
	if strings.IndexByte(line, '[') < 0 {
		return nil
	}
	var out []placeholder
	checkbox := checkboxEnd(line)
	for i := 0; i < len(line); i++ {
		if line[i] != '[' || (i > 0 && line[i-1] == '\\') {
			continue
		}
		j := i + 1
		for j < len(line) && line[j] != ']' && line[j] != '[' {
			j++
		}
		if j >= len(line) || line[j] == '[' {
			i = j - 1 // unclosed, or nested: restart at the inner bracket
			continue
		}
		label := line[i+1 : j]
		next := byte(0)
		if j+1 < len(line) {
			next = line[j+1]
		}
		switch {
		case i < checkbox:
		case strings.TrimSpace(label) == "":
		case strings.HasPrefix(label, "^"):
		case next == '(' || next == '[':
		case next == ':' && strings.TrimSpace(line[:i]) == "":
		case i > 0 && line[i-1] == ']':
		case line[j-1] == '\\':
		default:
			out = append(out, placeholder{text: line[i : j+1], label: label, start: i})
		}
		i = j
	}
	return out
}

// checkboxEnd returns the offset just past a list item's task checkbox
// ("- [ ] ", "1. [x] "), or 0.
func checkboxEnd(line string) int {
	s := strings.TrimLeft(line, " \t>")
	indent := len(line) - len(s)
	switch {
	case strings.HasPrefix(s, "- "), strings.HasPrefix(s, "* "), strings.HasPrefix(s, "+ "):
		s, indent = s[2:], indent+2
	default:
		d := 0
		for d < len(s) && s[d] >= '0' && s[d] <= '9' {
			d++
		}
		if d == 0 || d+1 >= len(s) || (s[d] != '.' && s[d] != ')') || s[d+1] != ' ' {
			return 0
		}
		s, indent = s[d+2:], indent+d+2
	}
	t := strings.TrimLeft(s, " ")
	indent += len(s) - len(t)
	if len(t) >= 3 && t[0] == '[' && t[2] == ']' && (t[1] == ' ' || t[1] == 'x' || t[1] == 'X') {
		return indent + 3
	}
	return 0
}

// maskCode blanks inline code spans so `[x]` in code is not a placeholder;
// offsets are kept.
func maskCode(line string) string {
	if strings.IndexByte(line, '`') < 0 {
		return line
	}
	b := []byte(line)
	for i := 0; i < len(b); {
		if b[i] != '`' {
			i++
			continue
		}
		run := i
		for i < len(b) && b[i] == '`' {
			i++
		}
		ticks := line[run:i]
		end := strings.Index(line[i:], ticks)
		if end < 0 {
			continue
		}
		for k := i; k < i+end; k++ {
			b[k] = ' '
		}
		i += end + len(ticks)
	}
	return string(b)
}

// mayBeFence reports whether a line could open or close a fence.
func mayBeFence(line []byte) bool {
	line = bytes.TrimLeft(line, " ")
	return len(line) > 0 && (line[0] == '`' || line[0] == '~')
}

// fenceOf returns the fence a line opens or closes (``` or ~~~ and
// longer), or "".
func fenceOf(trimmed string) string {
	for _, ch := range []byte{'`', '~'} {
		n := 0
		for n < len(trimmed) && trimmed[n] == ch {
			n++
		}
		if n >= 3 {
			return trimmed[:n]
		}
	}
	return ""
}

// linkDefinitions returns the labels of the body's link reference
// definitions ("[docs]: https://…"), lower case.
func linkDefinitions(body []byte) map[string]bool {
	var defs map[string]bool
	for rest := body; len(rest) > 0; {
		i := bytes.Index(rest, []byte("]:"))
		if i < 0 {
			break
		}
		start := bytes.LastIndexByte(rest[:i], '\n') + 1
		line := strings.TrimLeft(string(rest[start:i]), " ")
		if strings.HasPrefix(line, "[") && !strings.ContainsAny(line[1:], "[]") {
			if defs == nil {
				defs = map[string]bool{}
			}
			defs[strings.ToLower(line[1:])] = true
		}
		rest = rest[i+2:]
	}
	return defs
}
