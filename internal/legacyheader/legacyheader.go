// Package legacyheader converts plans written from the rollout template
// before rolloutdocs, whose header is a block of bold lines
//
//	# Rollout Plan: Checkout Redesign
//
//	**Created:** 2026-05-11
//	**Status:** In Progress
//	**Risk Tolerance:** Low
//
//	---
//
// into YAML front matter. Values are kept as written except where the
// front matter has a fixed spelling (In Progress → in-progress, Low → low,
// 6 → a number); the body after the header is kept byte for byte.
package legacyheader

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rolloutdocs/rolloutdocs/internal/frontmatter"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// Errors Convert returns (wrapped, with details) for files it leaves alone.
var (
	ErrHasFrontMatter = errors.New("the file already has front matter")
	ErrNotTemplate    = errors.New("the file does not start with the template's bold-line header")
)

// Result is a converted plan.
type Result struct {
	Output []byte
	// Notes tell the user about choices made: labels kept in the body,
	// keys the header did not have.
	Notes []string
}

// labels maps a bold label, lower case, to its front-matter key.
var labels = map[string]string{
	"title": "title", "feature": "title",
	"created": "created", "date": "created",
	"status":    "status",
	"owner":     "owner",
	"team size": "team_size", "team": "team_size",
	"timeline":       "timeline",
	"risk tolerance": "risk_tolerance", "risk": "risk_tolerance",
	"strategy": "strategy", "rollout strategy": "strategy",
	"start": "start", "start date": "start",
	"flag": "flag", "feature flag": "flag",
	"tags":      "tags",
	"approvers": "approvers",
}

var (
	// headerLineRE reads "**Label:** value", "**Label**: value" and the
	// same as a list item.
	headerLineRE = regexp.MustCompile(`^\s{0,3}(?:[-*+]\s+)?(?:\*\*|__)\s*([^*_:]+?)\s*(:?)\s*(?:\*\*|__)\s*(:?)\s*(.*?)\s*$`)
	// ruleRE is a thematic break: ---, ***, ___ (three or more, spaced or not).
	ruleRE = regexp.MustCompile(`^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$`)
	h1RE   = regexp.MustCompile(`^\s{0,3}#\s+(.*?)(?:\s+#+)?\s*$`)
	// rolloutPrefixRE is the template's heading prefix.
	rolloutPrefixRE = regexp.MustCompile(`(?i)^rollout\s+plan\s*[:\-–—]\s*`)
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

type field struct {
	key, label, value string
	lineNo            int
}

// Convert turns src's bold-line header into front matter.
func Convert(src []byte) (*Result, error) {
	bom := []byte{}
	if b, ok := bytes.CutPrefix(src, []byte("\xef\xbb\xbf")); ok {
		bom, src = []byte("\xef\xbb\xbf"), b
	}
	if !utf8.Valid(src) || bytes.IndexByte(src, 0) >= 0 {
		return nil, fmt.Errorf("%w: it is not UTF-8 text", ErrNotTemplate)
	}
	newline := "\n"
	if i := bytes.IndexByte(src, '\n'); i > 0 && src[i-1] == '\r' {
		newline = "\r\n"
	}
	lines := splitLines(src)
	first := 0
	for first < len(lines) && strings.TrimSpace(lines[first].text) == "" {
		first++
	}
	if first == len(lines) {
		return nil, fmt.Errorf("%w: the file is empty", ErrNotTemplate)
	}
	switch t := strings.TrimSpace(lines[first].text); {
	case first == 0 && t == "---":
		return nil, fmt.Errorf("%w (a --- header); there is nothing to import", ErrHasFrontMatter)
	case first == 0 && t == "+++":
		return nil, fmt.Errorf("%w in TOML (+++); rolloutdocs reads YAML front matter: rewrite the header between --- lines by hand", ErrHasFrontMatter)
	}

	// The title heading, then the header block: bold lines, possibly
	// separated by blank lines, ending at a thematic break or the first
	// other line.
	res := &Result{}
	title, titleLine := "", -1
	i := first
	if m := h1RE.FindStringSubmatch(lines[i].text); m != nil {
		title = strings.TrimSpace(rolloutPrefixRE.ReplaceAllString(m[1], ""))
		titleLine = i
		i++
	}
	var fields []field
	var kept []line // bold lines with labels the front matter has no key for
	headerStart, headerEnd := -1, -1
	for ; i < len(lines); i++ {
		t := lines[i].text
		if strings.TrimSpace(t) == "" {
			continue
		}
		m := headerLineRE.FindStringSubmatch(t)
		if m == nil || (m[2] == "" && m[3] == "") {
			break // not "**Label:** value"
		}
		if headerStart < 0 {
			headerStart = i
		}
		headerEnd = i + 1
		label := strings.Join(strings.Fields(m[1]), " ")
		key, known := labels[strings.ToLower(label)]
		if !known {
			kept = append(kept, lines[i])
			res.Notes = append(res.Notes, fmt.Sprintf("line %d: **%s:** has no front-matter key; it stays in the body", i+1, label))
			continue
		}
		for _, f := range fields {
			if f.key == key {
				return nil, fmt.Errorf("%w: **%s:** on line %d and **%s:** on line %d both give %s; keep one",
					ErrNotTemplate, f.label, f.lineNo, label, i+1, key)
			}
		}
		fields = append(fields, field{key: key, label: label, value: cleanValue(m[4]), lineNo: i + 1})
	}
	if len(fields) < 2 {
		where := "at the top of the file"
		if titleLine >= 0 {
			where = "after the # heading"
		}
		return nil, fmt.Errorf("%w: expected lines such as **Created:** 2026-05-11 and **Status:** Draft %s", ErrNotTemplate, where)
	}
	// Skip the blank lines and the --- rule that close the header.
	bodyStart := headerEnd
	for bodyStart < len(lines) && strings.TrimSpace(lines[bodyStart].text) == "" {
		bodyStart++
	}
	if bodyStart < len(lines) && ruleRE.MatchString(lines[bodyStart].text) {
		bodyStart++
		for bodyStart < len(lines) && strings.TrimSpace(lines[bodyStart].text) == "" {
			bodyStart++
		}
	}

	// Body: the title heading and the lines around it as written, the
	// kept bold lines, then everything after the header's rule.
	var body bytes.Buffer
	if titleLine >= 0 {
		for _, l := range lines[first:headerStart] {
			body.Write(l.raw)
		}
		// One blank line between the heading and what follows.
		switch s := body.String(); {
		case strings.HasSuffix(s, newline+newline):
		case strings.HasSuffix(s, "\n"):
			body.WriteString(newline)
		default:
			body.WriteString(newline + newline)
		}
	}
	if len(kept) > 0 {
		for _, l := range kept {
			body.WriteString(l.text + newline)
		}
		body.WriteString(newline)
	}
	for _, l := range lines[bodyStart:] {
		body.Write(l.raw)
	}

	values := map[string]field{}
	for _, f := range fields {
		values[f.key] = f
	}
	if _, ok := values["title"]; !ok && title != "" {
		values["title"] = field{key: "title", value: title}
	}
	if _, ok := values["strategy"]; !ok {
		// The template states the strategy in a sentence; the plan model
		// reads it, so ask it rather than parse the sentence twice.
		p, _ := plan.Parse("plan.md", append([]byte("---\ntitle: x\n---\n"), body.Bytes()...))
		if s := p.StrategyLine.Strategy; s != "" {
			values["strategy"] = field{key: "strategy", value: s}
		}
	}

	var entries []frontmatter.Entry
	for _, key := range plan.FrontMatterKeys() {
		f, ok := values[key]
		if !ok {
			if isRequired(key) {
				res.Notes = append(res.Notes, fmt.Sprintf("the header has no %s; add it to the front matter", key))
			}
			continue
		}
		entries = append(entries, frontmatter.Entry{Key: key, Value: frontValue(key, f.value)})
	}
	out := append(append(bom, frontmatter.Format(entries, newline)...), newline...)
	res.Output = append(out, body.Bytes()...)
	return res, nil
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

// frontValue turns a header value into the front matter's form for key.
// Values that do not fit (a status the front matter does not know, a team
// size in words) are kept as written for `check` to explain.
func frontValue(key, v string) any {
	switch key {
	case "status":
		return canonical(v, plan.Statuses)
	case "risk_tolerance":
		return canonical(v, plan.Risks)
	case "strategy":
		return canonical(v, plan.Strategies)
	case "team_size":
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
	case "flag":
		return strings.Trim(v, "`")
	case "tags", "approvers":
		items := []string{}
		for _, item := range strings.Split(v, ",") {
			if item = strings.TrimSpace(item); item != "" {
				items = append(items, item)
			}
		}
		return items
	}
	return v
}

// canonical spells v the way the front matter does ("In Progress" →
// "in-progress", "Low" → "low") when it names one of the options.
func canonical(v string, options []string) string {
	norm := strings.Join(strings.FieldsFunc(strings.ToLower(v), func(r rune) bool {
		return r == ' ' || r == '_' || r == '-' || r == '\t'
	}), "-")
	for _, o := range options {
		if norm == o {
			return o
		}
	}
	return v
}
