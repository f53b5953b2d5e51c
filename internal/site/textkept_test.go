package site

import (
	"bytes"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// No text is lost (issue 11): every paragraph, list item, heading and
// table cell of a plan's body appears, as text, on the plan's pages. The
// blocks are read with plain goldmark (not the site's parser) so the test
// does not share the site's idea of a plan; the pages' text is their HTML
// with the tags removed. Typographer's quotes and dashes are read back as
// written.
func TestNoTextLost(t *testing.T) {
	sets := map[string]string{"content": "../../content/plans/*.md", "realplans": "../rules/testdata/realplans/*.md"}
	for name, glob := range sets {
		t.Run(name, func(t *testing.T) {
			files, err := filepath.Glob(glob)
			if err != nil || len(files) == 0 {
				t.Fatalf("%s: %v (%d files)", glob, err, len(files))
			}
			src := t.TempDir()
			var plans []string
			for _, f := range files {
				if !plan.IsPlanFile(filepath.Base(f)) {
					continue
				}
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				writeFile(t, filepath.Join(src, "content", "plans", filepath.Base(f)), string(data))
				plans = append(plans, f)
			}
			_, res := build(t, Config{Source: src})
			for _, f := range plans {
				data, _ := os.ReadFile(f)
				slug := plan.SlugFromPath(f)
				var pagesText strings.Builder
				for file, b := range res.Files {
					if strings.HasPrefix(file, "plans/"+slug+"/") && strings.HasSuffix(file, ".html") {
						pagesText.WriteString(pageText(b))
						pagesText.WriteString(" ")
					}
				}
				all := strings.ToLower(pagesText.String())
				if all == "" {
					t.Errorf("%s: no pages under plans/%s/", f, slug)
					continue
				}
				for _, blk := range bodyBlocks(data) {
					for _, phrase := range labelRE.Split(blk.text, -1) {
						phrase = strings.ToLower(strings.TrimSpace(phrase))
						if phrase != "" && !strings.Contains(all, phrase) {
							t.Errorf("%s:%d: not on any page of the plan: %q (in %q)", filepath.Base(f), blk.line, phrase, blk.text)
						}
					}
				}
			}
		})
	}
}

type block struct {
	line int
	text string
}

// labelRE matches the labels the pages show as structure, not as text
// (a phase's Duration, Tasks and Exit Criteria, under any of their names);
// the text on either side of a label must still be on a page.
var labelRE = regexp.MustCompile(`(?i)(^|\s)(duration|timeline|length|timebox|tasks|steps|actions|checklist|exit criteria|success criteria|go/no-go|gate|done when|acceptance criteria)\s*:`)

var tagRE = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]*>`)

// inlineTagRE are the tags inside a line of text, removed without a space.
var inlineTagRE = regexp.MustCompile(`</?(code|em|strong|a|span|del|mark|abbr|kbd|sup|sub|time)(\s[^>]*)?>`)

func pageText(b []byte) string {
	s := inlineTagRE.ReplaceAllString(string(b), "")
	return normalizeText(html.UnescapeString(tagRE.ReplaceAllString(s, " ")))
}

var typographic = strings.NewReplacer("\u201c", `"`, "\u201d", `"`, "\u2018", "'", "\u2019", "'", "\u2013", "--", "\u2014", "---", "\u2026", "...", "\u00ab", "<<", "\u00bb", ">>")

func normalizeText(s string) string {
	return strings.Join(strings.Fields(typographic.Replace(s)), " ")
}

// bodyBlocks returns the text of each leaf block of the Markdown after the
// front matter, with its line.
func bodyBlocks(src []byte) []block {
	src = bytes.ReplaceAll(bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")), []byte("\r\n"), []byte("\n"))
	offset := 0
	if bytes.HasPrefix(src, []byte("---\n")) {
		if i := bytes.Index(src[4:], []byte("\n---\n")); i >= 0 {
			offset = 4 + i + 5
		}
	}
	body := src[offset:]
	firstLine := bytes.Count(src[:offset], []byte("\n")) + 1
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	doc := md.Parser().Parse(text.NewReader(body))
	var out []block
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *ast.Heading:
			// Headings are the plan's structure: the pages show them as
			// titles, sections and phase names, in their own words.
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph, *ast.TextBlock, *extast.TableCell:
			var b strings.Builder
			inlineText(&b, n, body)
			if _, header := n.Parent().(*extast.TableHeader); header && plan.ColumnName(b.String()) != "" {
				// A metrics column under another name ("Source" for
				// Method) is shown under the template's; check
				// --explain says how it was read.
				return ast.WalkSkipChildren, nil
			}
			if t := normalizeText(b.String()); t != "" {
				line := firstLine
				if l := n.Lines(); l.Len() > 0 {
					line += bytes.Count(body[:l.At(0).Start], []byte("\n"))
				}
				out = append(out, block{line, t})
			}
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock, *ast.FencedCodeBlock, *ast.CodeBlock:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return out
}

func inlineText(b *strings.Builder, n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.RawHTML:
			b.WriteByte(' ')
		case *extast.TaskCheckBox:
		default:
			inlineText(b, c, src)
		}
	}
}
