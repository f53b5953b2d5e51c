package markdown

import (
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// taskCheckBoxes parses exactly what GFM's task-list parser parses: `[ ]`
// or `[x]` (matched as ^\[([\sxX])\]\s*) at the start of a list item's
// first block. GFM's parser runs a regular expression for every list item,
// a twentieth of a plan's parse; this one compares bytes and takes its
// place, as it runs first. TestTaskCheckBoxesAsGFM holds the two to the
// same HTML.
type taskCheckBoxes struct{}

func (taskCheckBoxes) Trigger() []byte { return []byte{'['} }

func (taskCheckBoxes) Parse(parent ast.Node, block text.Reader, _ parser.Context) ast.Node {
	item := parent.Parent()
	if item == nil || item.FirstChild() != parent || parent.HasChildren() {
		return nil
	}
	if _, ok := item.(*ast.ListItem); !ok {
		return nil
	}
	line, _ := block.PeekLine()
	if len(line) < 3 || line[0] != '[' || line[2] != ']' {
		return nil
	}
	mark := line[1]
	if mark != 'x' && mark != 'X' && !isRESpace(mark) {
		return nil
	}
	n := 3
	for n < len(line) && isRESpace(line[n]) {
		n++
	}
	block.Advance(n)
	return east.NewTaskCheckBox(mark == 'x' || mark == 'X')
}

// isRESpace reports whether c is what a regular expression's \s matches.
func isRESpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}
