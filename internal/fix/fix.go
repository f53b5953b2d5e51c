// Package fix applies the safe rewrites that diagnostics carry (diag.Fix)
// to a file's bytes, as `rolloutdocs check --fix` does: only the edited
// spans change, everything else — line endings, a BOM, trailing spaces —
// stays byte for byte, and two fixes that touch the same text are never
// both applied (the first in file order wins; the next run gets the other).
package fix

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
)

var bom = []byte("\xef\xbb\xbf")

// Applied is one diagnostic whose fix was made.
type Applied struct {
	Diagnostic diag.Diagnostic
}

// span is one edit as byte offsets into the file.
type span struct {
	start, end int
	text       string
}

// Apply returns src with the fixes of ds applied, and the diagnostics
// whose fixes were. A fix is skipped, whole, when one of its edits points
// outside the file, runs backwards, or overlaps an edit of a fix already
// taken. Positions are diag.Pos lines and rune columns as the parser
// counts them: a BOM is not a column, and a CRLF line ends before its \r.
func Apply(src []byte, ds []diag.Diagnostic) ([]byte, []diag.Diagnostic) {
	ix := newLineIndex(src)
	type candidate struct {
		d     diag.Diagnostic
		spans []span
	}
	var cands []candidate
	for _, d := range ds {
		if d.Fix == nil || len(d.Fix.Edits) == 0 {
			continue
		}
		spans := make([]span, 0, len(d.Fix.Edits))
		ok := true
		for _, e := range d.Fix.Edits {
			s, okS := ix.offset(e.Start)
			t, okT := ix.offset(e.End)
			if !okS || !okT || t < s {
				ok = false
				break
			}
			spans = append(spans, span{s, t, e.NewText})
		}
		if !ok {
			continue
		}
		slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.start, b.start) })
		if overlapping(spans) {
			continue
		}
		cands = append(cands, candidate{d, spans})
	}
	slices.SortStableFunc(cands, func(a, b candidate) int { return cmp.Compare(a.spans[0].start, b.spans[0].start) })

	var taken []span
	var applied []diag.Diagnostic
	for _, c := range cands {
		if slices.ContainsFunc(c.spans, func(s span) bool { return overlapsAny(s, taken) }) {
			continue
		}
		changes := false
		for _, s := range c.spans {
			if string(src[s.start:s.end]) != s.text {
				changes = true
			}
		}
		if !changes {
			continue // already in the fixed form
		}
		taken = append(taken, c.spans...)
		applied = append(applied, c.d)
	}
	if len(taken) == 0 {
		return src, nil
	}
	slices.SortFunc(taken, func(a, b span) int { return cmp.Compare(a.start, b.start) })
	var out bytes.Buffer
	out.Grow(len(src))
	last := 0
	for _, s := range taken {
		out.Write(src[last:s.start])
		out.WriteString(s.text)
		last = s.end
	}
	out.Write(src[last:])
	return out.Bytes(), applied
}

// overlapping reports whether sorted spans share text. Two insertions at
// one point overlap too: their order would be a guess.
func overlapping(spans []span) bool {
	for i := 1; i < len(spans); i++ {
		if spans[i].start < spans[i-1].end || spans[i].start == spans[i-1].start {
			return true
		}
	}
	return false
}

func overlapsAny(s span, taken []span) bool {
	for _, t := range taken {
		if s.start < t.end && t.start < s.end || s.start == t.start {
			return true
		}
	}
	return false
}

// lineIndex maps diag positions to byte offsets in the file as written.
type lineIndex struct {
	src    []byte
	starts []int // byte offset of each line's first byte (after a BOM)
}

func newLineIndex(src []byte) *lineIndex {
	ix := &lineIndex{src: src, starts: []int{0}}
	if bytes.HasPrefix(src, bom) {
		ix.starts[0] = len(bom)
	}
	for i, c := range src {
		if c == '\n' {
			ix.starts = append(ix.starts, i+1)
		}
	}
	return ix
}

// offset converts a line and rune column to a byte offset. A column just
// past the line's last rune is the line's end (before \r\n or \n); one
// further, or a line past the file's, is not a position.
func (ix *lineIndex) offset(p diag.Pos) (int, bool) {
	if p.Line < 1 || p.Line > len(ix.starts) || p.Col < 1 {
		return 0, false
	}
	start := ix.starts[p.Line-1]
	end := len(ix.src)
	if p.Line < len(ix.starts) {
		end = ix.starts[p.Line] - 1 // the \n
	}
	if end > start && ix.src[end-1] == '\r' && end < len(ix.src) && ix.src[end] == '\n' {
		end--
	}
	off := start
	for col := 1; col < p.Col; col++ {
		if off >= end {
			return 0, false
		}
		_, size := utf8.DecodeRune(ix.src[off:end])
		off += size
	}
	return off, true
}

// Describe is how `check --fix` reports one applied fix:
// `path:line:col: fixed <title> [rule]`.
func Describe(d diag.Diagnostic) string {
	line, col := d.Pos.Line, d.Pos.Col
	if line == 0 {
		line, col = 1, 1
	}
	if col == 0 {
		col = 1
	}
	return fmt.Sprintf("%s:%d:%d: fixed %s [%s]", d.File, line, col, d.Fix.Title, d.Rule)
}
