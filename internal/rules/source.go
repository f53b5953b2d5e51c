package rules

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// sourceLines gives rules the plan's text line by line, to point at a word
// inside an element the model already located (the threshold inside a
// trigger, a placeholder inside a front-matter value).
type sourceLines struct {
	src    []byte
	starts []int // built on first use
}

func newSourceLines(p *plan.Plan) *sourceLines { return &sourceLines{src: p.Source} }

// line returns line n (1-based) without its newline, or "".
func (s *sourceLines) line(n int) string {
	if s.starts == nil {
		s.starts = make([]int, 1, bytes.Count(s.src, []byte("\n"))+1)
		for i, c := range s.src {
			if c == '\n' {
				s.starts = append(s.starts, i+1)
			}
		}
	}
	if n < 1 || n > len(s.starts) {
		return ""
	}
	start := s.starts[n-1]
	end := len(s.src)
	if n < len(s.starts) {
		end = s.starts[n] - 1
	}
	return string(s.src[start:end])
}

// locate returns the position of needle on pos's line at or after pos's
// column, or pos itself when the line does not hold it (the element spans
// lines, or its text was rewritten).
func (s *sourceLines) locate(pos plan.Pos, needle string) plan.Pos {
	if pos.Line == 0 || needle == "" {
		return pos
	}
	line := s.line(pos.Line)
	from := byteOffset(line, pos.Col)
	i := strings.Index(line[from:], needle)
	if i < 0 {
		return pos
	}
	return plan.Pos{Line: pos.Line, Col: utf8.RuneCountInString(line[:from+i]) + 1}
}

// byteOffset converts a 1-based rune column to a byte offset in line.
func byteOffset(line string, col int) int {
	off := 0
	for n := 1; n < col && off < len(line); n++ {
		_, size := utf8.DecodeRuneInString(line[off:])
		off += size
	}
	return off
}

// days prints a day count the way plans write it: "12 days", "2.8 days".
func days(d float64) string {
	s := strconv.FormatFloat(d, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if s == "1" {
		return "1 day"
	}
	return s + " days"
}

// phaseName is how messages name a phase: `Phase 2 "Canary Release"`.
func phaseName(ph *plan.Phase) string {
	if ph.Name == "" || ph.Name == fmt.Sprintf("Phase %d", ph.Number) {
		return fmt.Sprintf("Phase %d", ph.Number)
	}
	return fmt.Sprintf("Phase %d %q", ph.Number, ph.Name)
}
