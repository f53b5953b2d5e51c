package markdown

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
)

// ids generates heading anchors the way Hugo's default "github" style does:
// lower-cased, letters, digits, '-' and '_' kept, spaces turned to '-',
// everything else dropped; repeats get -1, -2...
type ids struct {
	seen map[string]int
}

// NewIDs returns a fresh heading-id generator.
func NewIDs() parser.IDs { return &ids{seen: map[string]int{}} }

// Anchor returns the id a heading with this plain text gets (ignoring
// repeats), rune by rune as Hugo's "github" style does it: letters lower-
// cased, letters, digits and '_' kept, ' ' and '-' written as '-', the
// rest dropped.
func Anchor(text string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(text) {
		switch {
		case r == '-' || r == ' ':
			b.WriteByte('-')
		case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

func (s *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	id := Anchor(string(value))
	if id == "" {
		id = "heading"
	}
	return []byte(s.unique(id))
}

func (s *ids) unique(id string) string {
	n, dup := s.seen[id]
	s.seen[id] = n + 1
	if !dup {
		return id
	}
	for {
		candidate := id + "-" + strconv.Itoa(n)
		if _, taken := s.seen[candidate]; !taken {
			s.seen[candidate] = 1
			return candidate
		}
		n++
	}
}

func (s *ids) Put(value []byte) {
	s.seen[string(value)]++
}
