package lsp

import (
	"strings"
	"unicode/utf8"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
)

// lines is a document's text split into lines, for converting between the
// diagnostics' positions (1-based line, 1-based rune column, as `check`
// prints them) and LSP positions (0-based line, 0-based UTF-16 column, as
// the protocol requires). A line keeps no \n nor \r; the first keeps no BOM,
// as the parser drops it before counting columns.
type lines []string

func splitLines(text string) lines {
	text = strings.TrimPrefix(text, "\ufeff")
	ls := strings.Split(text, "\n")
	for i, l := range ls {
		ls[i] = strings.TrimSuffix(l, "\r")
	}
	return ls
}

// line returns line i (0-based), or "" past the end.
func (ls lines) line(i int) string {
	if i < 0 || i >= len(ls) {
		return ""
	}
	return ls[i]
}

// toLSP converts a diagnostic position. A zero Pos (the whole file) is the
// start of the file; a column past the line's end is clamped to it.
func (ls lines) toLSP(p diag.Pos) protocol.Position {
	if p.Line <= 0 {
		return protocol.Position{}
	}
	line := min(p.Line-1, len(ls)-1)
	text := ls.line(line)
	return protocol.Position{Line: uint32(line), Character: uint32(utf16Len(runePrefix(text, p.Col-1)))}
}

// fromLSP converts an LSP position to a diagnostic one. A character in the
// middle of a surrogate pair counts as the rune it is part of.
func (ls lines) fromLSP(p protocol.Position) diag.Pos {
	line := int(p.Line)
	if line >= len(ls) {
		line = max(len(ls)-1, 0)
	}
	text := ls.line(line)
	units, col := 0, 1
	for _, r := range text {
		if units >= int(p.Character) {
			break
		}
		units += utf16RuneLen(r)
		col++
	}
	return diag.Pos{Line: line + 1, Col: col}
}

// offset returns the byte offset in the line of a rune column (1-based).
func (ls lines) offset(p diag.Pos) int {
	return len(runePrefix(ls.line(p.Line-1), p.Col-1))
}

// runePrefix is the first n runes of s (all of s when it is shorter).
func runePrefix(s string, n int) string {
	if n <= 0 {
		return ""
	}
	i := 0
	for n > 0 && i < len(s) {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n--
	}
	return s[:i]
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16RuneLen(r)
	}
	return n
}

func utf16RuneLen(r rune) int {
	if r >= 0x10000 && r <= utf8.MaxRune {
		return 2
	}
	return 1
}

// wordEnd is where the word starting at p ends: the diagnostics name a
// position, and editors want a span to underline. A position at a space or
// at the end of its line spans to the line's end, so it is never empty.
func (ls lines) wordEnd(p diag.Pos) diag.Pos {
	text := ls.line(p.Line - 1)
	rest := text[min(ls.offset(p), len(text)):]
	n := 0
	for _, r := range rest {
		if r == ' ' || r == '\t' {
			break
		}
		n++
	}
	if n == 0 {
		n = utf8.RuneCountInString(rest)
	}
	return diag.Pos{Line: p.Line, Col: p.Col + n}
}

// rangeOf is the span a diagnostic underlines: Pos..End when it has an end,
// the word at Pos otherwise, and the first line for the whole file.
func (ls lines) rangeOf(d diag.Diagnostic) protocol.Range {
	start := d.Pos
	if start.IsZero() {
		return protocol.Range{End: protocol.Position{Character: uint32(utf16Len(ls.line(0)))}}
	}
	if start.Col <= 0 {
		start.Col = 1
	}
	end := d.End
	if end.IsZero() || end.Line < start.Line || (end.Line == start.Line && end.Col <= start.Col) {
		end = ls.wordEnd(start)
	}
	return protocol.Range{Start: ls.toLSP(start), End: ls.toLSP(end)}
}
