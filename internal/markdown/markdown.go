// Package markdown is the one goldmark configuration rolloutdocs uses, so the
// plan parser, the site renderer and the Hugo export agree on what a plan's
// Markdown means. It mirrors Hugo's defaults (GFM, footnotes, definition
// lists, typographer, GitHub-style heading ids, raw HTML omitted) so pages
// rendered by either engine match.
package markdown

import (
	"bytes"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

var (
	md     goldmark.Markdown
	mdOnce sync.Once
)

// Markdown returns the shared goldmark instance. Raw HTML is not passed
// through (goldmark's default, and Hugo's): plan text is user input.
func Markdown() goldmark.Markdown {
	mdOnce.Do(func() {
		md = goldmark.New(append(syntax(),
			// Heading ids as Hugo makes them (hugo.go): from the heading's
			// plain text, after `{#id}` attributes are read.
			goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(headingIDs{}, 100))),
			// Autolinks and tables written as Hugo writes them; a lower
			// number wins over the extensions' renderers.
			goldmark.WithRendererOptions(
				renderer.WithNodeRenderers(util.Prioritized(&hugoRenderer{Config: html.NewConfig()}, 100)),
			),
		)...)
	})
	return md
}

// syntax is the Markdown both Markdown() and ParseOutline read: Hugo's
// extensions, and `{#id}` attributes on headings.
func syntax() []goldmark.Option {
	return []goldmark.Option{
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			extension.DefinitionList,
			extension.Typographer,
		),
		goldmark.WithParserOptions(
			parser.WithAttribute(),
			// GFM's task checkboxes, read before GFM's own parser does.
			parser.WithInlineParsers(util.Prioritized(taskCheckBoxes{}, -1)),
		),
	}
}

// Parse parses src into a goldmark tree. Each call gets fresh heading-id
// bookkeeping, so ids are unique within one document.
func Parse(src []byte) ast.Node {
	return Markdown().Parser().Parse(text.NewReader(src), parser.WithContext(parser.NewContext(parser.WithIDs(NewIDs()))))
}

// Render renders nodes (children of a tree parsed from src) to HTML.
func Render(src []byte, nodes ...ast.Node) ([]byte, error) {
	var buf bytes.Buffer
	r := Markdown().Renderer()
	for _, n := range nodes {
		if err := r.Render(bufferWriter{&buf}, src, n); err != nil {
			return nil, err
		}
	}
	return buf.Bytes(), nil
}

// bufferWriter is a bytes.Buffer as goldmark's util.BufWriter, with
// nothing to flush: given a plain io.Writer, goldmark wraps it in a new
// 4 KB bufio.Writer on every Render call, which was a sixth of what making
// a plan's pages allocated.
type bufferWriter struct{ *bytes.Buffer }

func (bufferWriter) Buffered() int { return 0 }
func (bufferWriter) Flush() error  { return nil }

// RenderString renders a Markdown snippet (a task's text, a table cell) to
// HTML.
func RenderString(src string) ([]byte, error) {
	b := []byte(src)
	return Render(b, Parse(b))
}
