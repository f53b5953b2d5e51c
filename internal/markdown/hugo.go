package markdown

// What Hugo's Markdown renderer does differently from goldmark's defaults,
// done the same way here, so the HTML and the heading anchors of a plan are
// what Hugo would make of the same Markdown (Hugo v0.165, default
// markup configuration; see the tests, which check against a real Hugo):
//
//   - heading ids come from the heading's plain text (what a reader sees:
//     no link targets, no Markdown markers, typographer punctuation as
//     characters) rather than its source line, and `{#id}` sets one;
//   - bare www. links get https://, not http://;
//   - tables are laid out as Hugo's built-in table template lays them out.

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// headingIDs gives every heading without an explicit id one made from its
// plain text, in document order, as Hugo's attributes extension does.
type headingIDs struct{}

func (headingIDs) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	setHeadingIDs(doc, reader.Source(), pc.IDs())
}

// setHeadingIDs visits the blocks under n in document order. Only blocks
// can hold a heading, so inline content (most of the tree) is not walked.
func setHeadingIDs(n ast.Node, source []byte, ids parser.IDs) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Type() != ast.TypeBlock {
			continue
		}
		h, ok := c.(*ast.Heading)
		if !ok {
			setHeadingIDs(c, source, ids)
			continue
		}
		if id, found := h.AttributeString("id"); found {
			if b, ok := id.([]byte); ok {
				ids.Put(b)
			}
			continue
		}
		plain := headingText(h, source)
		if plain == "" {
			// Hugo leaves a heading with no text (not even "heading") alone.
			continue
		}
		h.SetAttributeString("id", ids.Generate([]byte(plain), ast.KindHeading))
	}
}

// headingText is the text an id is made from: the heading's plain text,
// its last line for a multi-line (setext) heading.
func headingText(h *ast.Heading, source []byte) string {
	s := PlainText(h, source)
	if h.Lines().Len() > 1 {
		if i := strings.LastIndexByte(s, '\n'); i >= 0 {
			s = s[i+1:]
		}
	}
	return s
}

// PlainText is the text of n's inline content the way Hugo's goldmark
// integration reads it: text and typographer output, entities resolved,
// raw HTML dropped. Like Hugo it descends only into the first child of an
// emphasis or link, so "**a `b`**" reads "a ".
func PlainText(n ast.Node, source []byte) string {
	var buf bytes.Buffer
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		plainTextTo(c, source, &buf)
	}
	return string(util.ResolveEntityNames(buf.Bytes()))
}

func plainTextTo(c ast.Node, source []byte, buf *bytes.Buffer) {
	switch c := c.(type) {
	case nil:
	case *ast.RawHTML:
		// An inline raw HTML node is one tag or comment: no text.
	case *ast.String:
		buf.Write(c.Value)
	case *ast.Text:
		buf.Write(c.Segment.Value(source))
		if c.HardLineBreak() || c.SoftLineBreak() {
			buf.WriteByte('\n')
		}
	default:
		plainTextTo(c.FirstChild(), source, buf)
	}
}

// hugoRenderer renders the nodes whose HTML Hugo writes differently.
type hugoRenderer struct{ html.Config }

func (r *hugoRenderer) SetOption(name renderer.OptionName, value any) {
	r.Config.SetOption(name, value)
}

func (r *hugoRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindAutoLink, r.autoLink)
	reg.Register(east.KindTable, r.table)
	reg.Register(east.KindTableHeader, r.tableHeader)
	reg.Register(east.KindTableRow, r.tableRow)
	reg.Register(east.KindTableCell, r.tableCell)
}

// linkifyProtocol is what Hugo puts before a bare www. link.
const linkifyProtocol = "https"

// autoLink is goldmark's, with https for www. links.
func (r *hugoRenderer) autoLink(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.AutoLink)
	url := n.URL(source)
	if len(n.Protocol) > 0 && !bytes.Equal(n.Protocol, []byte(linkifyProtocol)) {
		url = append([]byte(linkifyProtocol), url[len(n.Protocol):]...)
	}
	url = util.URLEscape(url, false)
	_, _ = w.WriteString(`<a href="`)
	if n.AutoLinkType == ast.AutoLinkEmail && !bytes.HasPrefix(bytes.ToLower(url), []byte("mailto:")) {
		_, _ = w.WriteString("mailto:")
	}
	if r.Unsafe || !html.IsDangerousURL(url) {
		_, _ = w.Write(util.EscapeHTML(url))
	}
	if n.Attributes() != nil {
		_ = w.WriteByte('"')
		html.RenderAttributes(w, n, html.LinkAttributeFilter)
		_ = w.WriteByte('>')
	} else {
		_, _ = w.WriteString(`">`)
	}
	_, _ = w.Write(util.EscapeHTML(n.Label(source)))
	_, _ = w.WriteString(`</a>`)
	return ast.WalkContinue, nil
}

// The table functions write, byte for byte, what Hugo's built-in
// _markup/render-table.html template writes: tab-indented rows and cells,
// "text-align: x" styles, a <tbody> even when it is empty.

func (r *hugoRenderer) table(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString("<table>")
	} else {
		_, _ = w.WriteString("\n\t</tbody>\n</table>\n")
	}
	return ast.WalkContinue, nil
}

func (r *hugoRenderer) tableHeader(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString("\n\t<thead>\n\t\t\t<tr>")
	} else {
		_, _ = w.WriteString("\n\t\t\t</tr>\n\t</thead>\n\t<tbody>")
	}
	return ast.WalkContinue, nil
}

func (r *hugoRenderer) tableRow(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString("\n\t\t\t<tr>")
	} else {
		_, _ = w.WriteString("\n\t\t\t</tr>")
	}
	return ast.WalkContinue, nil
}

func (r *hugoRenderer) tableCell(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*east.TableCell)
	tag := "td"
	if n.Parent().Kind() == east.KindTableHeader {
		tag = "th"
	}
	if entering {
		_, _ = w.WriteString("\n\t\t\t\t\t<" + tag)
		if n.Alignment != east.AlignNone {
			_, _ = w.WriteString(` style="text-align: ` + n.Alignment.String() + `"`)
		}
		_ = w.WriteByte('>')
	} else {
		_, _ = w.WriteString("</" + tag + ">")
	}
	return ast.WalkContinue, nil
}
