package markdown

import (
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

var (
	outlineMD   goldmark.Markdown
	outlineOnce sync.Once
)

// ParseOutline parses src as Parse does, but leaves out what only a
// rendering needs: every block is there with its lines and position, and
// headings' text and task-list checkboxes are parsed in full, but the text
// of paragraphs, list items and table cells stays one plain Text node from
// its first space on, and headings get no generated ids (a `{#id}` written
// in the heading is kept). It is for readers of a document's structure,
// such as `rolloutdocs check`, and costs about half as much as Parse. Its
// tree is not for rendering (nor does it end with the list of footnotes,
// which Parse adds when the skipped text refers to them).
//
// Link reference definitions, which a heading may use, are still read:
// they are found while the blocks are parsed, before any inline content.
func ParseOutline(src []byte) ast.Node {
	outlineOnce.Do(func() {
		outlineMD = goldmark.New(append(syntax(), goldmark.WithParserOptions(
			parser.WithInlineParsers(util.Prioritized(inlineSkipper{}, -1)),
		))...)
	})
	return outlineMD.Parser().Parse(text.NewReader(src))
}

// inlineSkipper is an inline parser that takes the rest of a block as plain
// text. goldmark asks the parsers registered for ' ' at every space and at
// the start of every line that does not begin with punctuation; the
// skipper comes before the others, so the first such point ends a block's
// inline parsing. A task checkbox ("[ ] ...") begins with punctuation, so
// its parser runs before the skipper is ever asked.
type inlineSkipper struct{}

func (inlineSkipper) Trigger() []byte { return []byte{' '} }

func (inlineSkipper) Parse(parent ast.Node, block text.Reader, _ parser.Context) ast.Node {
	if parent.Kind() == ast.KindHeading {
		return nil // heading text and ids are read: parse as usual
	}
	line, seg := block.PeekLine()
	start, stop := seg.Start, seg.Stop
	for line != nil {
		stop = seg.Stop
		block.AdvanceLine()
		line, seg = block.PeekLine()
	}
	return ast.NewTextSegment(text.NewSegment(start, stop))
}
