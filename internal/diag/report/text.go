package report

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
)

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[1;31m"
	ansiYellow = "\x1b[1;33m"
	ansiDim    = "\x1b[2m"
	ansiGreen  = "\x1b[1;32m"
)

// WriteText writes one line per diagnostic,
// "file:line:col: severity: message; hint [rule]", each followed by the
// source line and a caret under the column when opts.Excerpts is set.
func WriteText(w io.Writer, ds []diag.Diagnostic, opts Options) error {
	bw := bufio.NewWriter(w)
	lines := map[string][][]byte{}
	for _, d := range ds {
		line, col := position(d)
		if opts.Color {
			color := ansiYellow
			if d.Severity == diag.Error {
				color = ansiRed
			}
			fmt.Fprintf(bw, "%s%s:%d:%d:%s %s%s:%s %s %s[%s]%s\n", ansiBold, d.File, line, col, ansiReset,
				color, d.Severity, ansiReset, oneLine(messageWithHint(d)), ansiDim, d.Rule, ansiReset)
		} else {
			fmt.Fprintf(bw, "%s:%d:%d: %s: %s [%s]\n", d.File, line, col, d.Severity, oneLine(messageWithHint(d)), d.Rule)
		}
		if !opts.Excerpts || opts.Source == nil || d.Pos.IsZero() {
			continue
		}
		src, ok := lines[d.File]
		if !ok {
			if text := opts.Source(d.File); text != nil {
				src = bytes.Split(text, []byte("\n"))
			}
			lines[d.File] = src
		}
		if line > len(src) {
			continue
		}
		writeExcerpt(bw, string(src[line-1]), col, opts.Color)
	}
	return bw.Flush()
}

// writeExcerpt prints a source line and a caret under column col (in
// runes). Tabs in the line are kept in the padding so the caret lines up.
func writeExcerpt(w io.Writer, text string, col int, color bool) {
	text = strings.TrimRight(text, "\r")
	if !utf8.ValidString(text) {
		return
	}
	var pad strings.Builder
	n := 1
	for _, r := range text {
		if n >= col {
			break
		}
		if r == '\t' {
			pad.WriteByte('\t')
		} else {
			pad.WriteByte(' ')
		}
		n++
	}
	caret := "^"
	if color {
		caret = ansiGreen + "^" + ansiReset
	}
	fmt.Fprintf(w, "    %s\n    %s%s\n", sanitize(text), pad.String(), caret)
}

// oneLine keeps a diagnostic on its line: one diagnostic per line is what
// editors and grep expect. Line breaks become spaces, other control
// characters question marks.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return '?'
		}
		return r
	}, s)
}

// sanitize drops control characters (other than tabs) from a source line
// so a plan cannot move the cursor or recolor the terminal.
func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || (r >= 0x20 && r != 0x7f && !(r >= 0x80 && r < 0xa0)) {
			return r
		}
		return '?'
	}, s)
}
