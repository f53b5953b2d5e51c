package plan

import (
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
)

// Front-matter diagnostics carry a Fix when the value as written is a form
// of one valid value (frontmatter_values.go): `team_size: 4 people` → 4,
// `status: In Progress` → in-progress, `timeline: 10 weeks (two waves)` →
// `10 weeks # two waves`, `ownr:` → `owner:`. The edit replaces only the
// value (or key) on its line; `check --fix` and the language server apply
// it.

// lineText returns line n (1-based) of the source without its newline.
func (r *reader) lineText(n int) (string, bool) {
	if n < 1 || n > len(r.lineStarts) {
		return "", false
	}
	start := r.lineStarts[n-1]
	end := len(r.p.Source)
	if n < len(r.lineStarts) {
		end = r.lineStarts[n] - 1
	}
	return string(r.p.Source[start:end]), true
}

// byteCol converts a 1-based rune column to a byte offset in text.
func byteCol(text string, col int) (int, bool) {
	off := 0
	for i := 1; i < col; i++ {
		if off >= len(text) {
			return 0, false
		}
		_, size := utf8.DecodeRuneInString(text[off:])
		off += size
	}
	return off, off <= len(text)
}

// valueSpan finds the scalar value that starts at pos on its line: a
// quoted string up to its closing quote, a one-line flow list up to its
// bracket, or plain text up to a comment. It returns the text as written
// and where it ends; ok is false for a value that goes on past its line.
func (r *reader) valueSpan(pos Pos) (raw string, end Pos, ok bool) {
	text, ok := r.lineText(pos.Line)
	if !ok {
		return "", Pos{}, false
	}
	from, ok := byteCol(text, pos.Col)
	if !ok || from >= len(text) {
		return "", Pos{}, false
	}
	rest := text[from:]
	n := -1
	switch rest[0] {
	case '"':
		for i := 1; i < len(rest); i++ {
			if rest[i] == '\\' {
				i++
			} else if rest[i] == '"' {
				n = i + 1
				break
			}
		}
	case '\'':
		for i := 1; i < len(rest); i++ {
			if rest[i] == '\'' {
				if i+1 < len(rest) && rest[i+1] == '\'' {
					i++
					continue
				}
				n = i + 1
				break
			}
		}
	case '[':
		if i := strings.IndexByte(rest, ']'); i > 0 && !strings.ContainsAny(rest[1:i], "[]{}") {
			n = i + 1
		}
	case '|', '>', '{', '&', '*', '!':
		return "", Pos{}, false
	default:
		n = len(rest)
		if i := strings.Index(rest, " #"); i >= 0 {
			n = i
		}
		n = len(strings.TrimRight(rest[:n], " \t"))
		// A plain scalar may go on on the next, more indented line.
		if next, ok := r.lineText(pos.Line + 1); ok && strings.TrimSpace(next) != "" &&
			(next[0] == ' ' || next[0] == '\t') && !strings.HasPrefix(strings.TrimSpace(next), "#") {
			return "", Pos{}, false
		}
	}
	if n <= 0 {
		return "", Pos{}, false
	}
	raw = rest[:n]
	return raw, Pos{Line: pos.Line, Col: pos.Col + utf8.RuneCountInString(raw)}, true
}

// attachFix gives the last diagnostic added the span [pos, end) and a Fix
// replacing it with newText.
func (r *reader) attachFix(pos, end Pos, title, newText string) {
	d := &r.diags[len(r.diags)-1]
	d.End = end
	d.Fix = &diag.Fix{Title: title, Edits: []diag.Edit{{Start: pos, End: end, NewText: newText}}}
}

// fixValue attaches a Fix rewriting key's value at pos into its canonical
// form, when there is exactly one.
func (r *reader) fixValue(key string, pos Pos, value string) {
	raw, end, ok := r.valueSpan(pos)
	if !ok {
		return
	}
	if v, note, ok := NormalizeFrontValue(key, value); ok {
		s := fmt.Sprint(v)
		if _, isList := v.([]string); isList {
			return
		}
		if !plainSafeValue(s) || s == value && note == "" {
			return
		}
		newText := s
		if note != "" {
			if strings.ContainsAny(note, "\n\r") {
				return
			}
			newText += " # " + note
		}
		if newText == raw {
			return
		}
		title := fmt.Sprintf("Write %s: %s", key, s)
		if note != "" {
			title += " (the note becomes a comment)"
		}
		r.attachFix(pos, end, title, newText)
		return
	}
	if options, isEnum := enumOptions[key]; isEnum {
		if s := suggestUnique(value, options); s != "" {
			r.attachFix(pos, end, fmt.Sprintf("Change %s to %s", key, s), s)
		}
	}
}

// plainSafeValue reports whether s can be written unquoted: the canonical
// forms are words, numbers, dates and "10 weeks".
func plainSafeValue(s string) bool {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ' ' || c == '-' || c == '_') {
			return false
		}
	}
	return s != ""
}

// suggestUnique is Suggest's typo match when exactly one option is the
// closest: a Fix must not pick between two.
func suggestUnique(s string, options []string) string {
	best := Suggest(s, options)
	if best == "" {
		return ""
	}
	d := levenshtein(strings.ToLower(s), best)
	for _, o := range options {
		if o != best && levenshtein(strings.ToLower(s), o) <= d {
			return ""
		}
	}
	return best
}

// addFieldProblem reports a validation problem and, for a value in a
// near-miss form, the Fix that rewrites it.
func (r *reader) addFieldProblem(pos Pos, prob FieldProblem) {
	r.add(pos, diag.Error, prob.Rule, prob.Message, prob.Hint)
	if prob.Rule != RuleFMEnum && prob.Rule != RuleFMFormat {
		return
	}
	if info, ok := frontFields[prob.Key]; ok && info.kind == reflect.String {
		r.fixValue(prob.Key, pos, reflect.ValueOf(&r.p.Front).Elem().Field(info.index).String())
	}
}

// keySuggestion is the known key an unknown one most likely means: a typo
// (ownr), or a label people use for it (date, dri, pm). unique is false
// when another key is as close: the hint may name it, a Fix may not.
func keySuggestion(key string) (s string, unique bool) {
	if s := Suggest(key, FrontMatterKeys()); s != "" {
		return s, suggestUnique(key, FrontMatterKeys()) == s
	}
	if s, ok := labelKeys[strings.ToLower(strings.ReplaceAll(key, "_", " "))]; ok {
		return s, true
	}
	return "", false
}
