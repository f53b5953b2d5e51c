package plan

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Two patterns every plan's headings and labels are read with, matched by
// hand: as regular expressions they were a tenth of the parser's time.
// TestMatchersAgreeWithRegexps and FuzzMatchers hold each to the regular
// expression it replaces (kept in the tests), submatches included.

// phaseHeading matches a phase heading's text as
//
//	(?i)^phase\s+(\d+)\s*(?:[:.\-–—]\s*(.*))?$
//
// after the caller checked that the text is longer than "phase" and
// begins with it in ASCII letters. It returns the number and the name
// (empty when the heading has none).
func phaseHeading(t string) (number, name string, ok bool) {
	if len(t) <= 5 || !strings.EqualFold(t[:5], "phase") {
		return "", "", false
	}
	i := skipRESpace(t, 5)
	if i == 5 {
		return "", "", false
	}
	j := i
	for j < len(t) && isDigitByte(t[j]) {
		j++
	}
	if j == i {
		return "", "", false
	}
	number = t[i:j]
	rest := t[skipRESpace(t, j):]
	if rest == "" {
		return number, "", true
	}
	switch {
	case rest[0] == ':' || rest[0] == '.' || rest[0] == '-':
		rest = rest[1:]
	case strings.HasPrefix(rest, "–") || strings.HasPrefix(rest, "—"):
		rest = rest[len("–"):]
	default:
		return "", "", false
	}
	rest = rest[skipRESpace(rest, 0):]
	if strings.IndexByte(rest, '\n') >= 0 {
		return "", "", false // `.` does not match a newline
	}
	return number, rest, true
}

// phaseLabels are the labels a phase's paragraphs start with.
var phaseLabels = []string{"duration", "tasks", "exit criteria"}

// phaseLabel matches a line of a phase's text as
//
//	(?i)^\s*(?:\*\*|__)?\s*(duration|tasks|exit criteria)\s*:?\s*(?:\*\*|__)?\s*:?\s*(.*)$
//
// It returns the label as written and where the text after it starts.
// Every part before the trailing text takes what it can, as the regular
// expression's greedy parts do; taking less would only leave more for the
// text, which can hold anything but a newline.
func phaseLabel(line string) (label string, rest int, ok bool) {
	i := skipRESpace(line, 0)
	i = skipEmphasisMarker(line, i)
	i = skipRESpace(line, i)
	start := i
	for _, l := range phaseLabels {
		if n, ok := hasPrefixFold(line[start:], l); ok {
			label = line[start : start+n]
			i = start + n
			break
		}
	}
	if label == "" {
		return "", 0, false
	}
	i = skipRESpace(line, i)
	if i < len(line) && line[i] == ':' {
		i++
	}
	i = skipRESpace(line, i)
	i = skipEmphasisMarker(line, i)
	i = skipRESpace(line, i)
	if i < len(line) && line[i] == ':' {
		i++
	}
	i = skipRESpace(line, i)
	if strings.IndexByte(line[i:], '\n') >= 0 {
		return "", 0, false
	}
	return label, i, true
}

// skipRESpace skips what a regular expression's \s matches from s[i].
func skipRESpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\f' || s[i] == '\r') {
		i++
	}
	return i
}

// skipEmphasisMarker skips a "**" or "__" at s[i].
func skipEmphasisMarker(s string, i int) int {
	if strings.HasPrefix(s[i:], "**") || strings.HasPrefix(s[i:], "__") {
		return i + 2
	}
	return i
}

// hasPrefixFold reports whether s starts with prefix under Unicode case
// folding, as a case-insensitive regular expression matches a literal
// (so "tasKs" with a Kelvin sign matches "tasks"), and how many bytes of s
// matched.
func hasPrefixFold(s, prefix string) (int, bool) {
	n := 0
	for _, want := range prefix {
		if n >= len(s) {
			return 0, false
		}
		got, size := utf8.DecodeRuneInString(s[n:])
		if got != want && !foldsTo(got, want) {
			return 0, false
		}
		n += size
	}
	return n, true
}

// foldsTo reports whether r is in c's case-folding orbit.
func foldsTo(r, c rune) bool {
	for f := unicode.SimpleFold(c); f != c; f = unicode.SimpleFold(f) {
		if f == r {
			return true
		}
	}
	return false
}
