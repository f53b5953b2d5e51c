package markdown

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// TestParseOutlineKeepsStructure: ParseOutline's tree has Parse's blocks
// (kind, position, lines), headings' content and task checkboxes; only
// other inline content, generated heading ids and the footnote list may
// differ.
func TestParseOutlineKeepsStructure(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.md")
	plans, _ := filepath.Glob("../../content/plans/*.md")
	files = append(files, plans...)
	if len(files) < 2 {
		t.Fatalf("no corpus: %v", files)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want, got := outlineOf(t, src, Parse(src)), outlineOf(t, src, ParseOutline(src))
		if want != got {
			t.Errorf("%s: ParseOutline differs from Parse:\n%s", f, firstDiff(want, got))
		}
	}
}

func TestParseOutlineSkipsParagraphs(t *testing.T) {
	src := []byte("## A *b* [c](d)\n\nText with *emphasis*\nand www.example.com.\n\n- [x] done *item*\n")
	doc := ParseOutline(src)
	var kinds []string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Type() == ast.TypeInline {
			kinds = append(kinds, n.Kind().String())
		}
		return ast.WalkContinue, nil
	})
	want := "Text Emphasis Text Text Link Text Text TaskCheckBox Text"
	if got := strings.Join(kinds, " "); got != want {
		t.Errorf("inline nodes %q, want %q", got, want)
	}
}

func TestParseOutlineKeepsWrittenIDsOnly(t *testing.T) {
	doc := ParseOutline([]byte("## Written {#my-id}\n\n## Generated\n"))
	var ids []string
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		id, _ := n.AttributeString("id")
		b, _ := id.([]byte)
		ids = append(ids, string(b))
	}
	if got := strings.Join(ids, ","); got != "my-id," {
		t.Errorf("heading ids %q, want my-id and none", got)
	}
}

// outlineOf lists a tree's blocks with their lines, each heading's HTML and
// attributes, and where task checkboxes are.
func outlineOf(t *testing.T, src []byte, doc ast.Node) string {
	t.Helper()
	var b strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if n.Kind() == east.KindFootnoteList {
			// Parse collects the footnotes the text refers to; the
			// outline does not read the references.
			return ast.WalkSkipChildren, nil
		}
		if cb, ok := n.(*east.TaskCheckBox); ok {
			fmt.Fprintf(&b, "  checkbox %v in block at %d\n", cb.IsChecked, n.Parent().Pos())
			return ast.WalkContinue, nil
		}
		if n.Type() != ast.TypeBlock && n.Type() != ast.TypeDocument {
			return ast.WalkContinue, nil
		}
		fmt.Fprintf(&b, "%s@%d lines", n.Kind(), n.Pos())
		for i := 0; i < n.Lines().Len(); i++ {
			fmt.Fprintf(&b, " %d-%d", n.Lines().At(i).Start, n.Lines().At(i).Stop)
		}
		b.WriteByte('\n')
		if h, ok := n.(*ast.Heading); ok {
			var children []ast.Node
			for c := h.FirstChild(); c != nil; c = c.NextSibling() {
				children = append(children, c)
			}
			html, err := Render(src, children...)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "  heading %s\n", html)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d\nParse:        %s\nParseOutline: %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("%d lines vs %d", len(al), len(bl))
}
