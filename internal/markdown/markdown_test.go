package markdown

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
)

// The expected ids and HTML below are what Hugo v0.165 makes of the same
// Markdown (hugo_parity_test.go checks the whole corpus against a real
// Hugo when one is installed); these cases keep the rules tested without it.

func idsOf(t *testing.T, src string) []string {
	t.Helper()
	doc := Parse([]byte(src))
	var ids []string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			id, _ := h.AttributeString("id")
			b, _ := id.([]byte)
			ids = append(ids, string(b))
		}
		return ast.WalkContinue, nil
	})
	return ids
}

func TestHeadingIDs(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"## Phase 2: Gradual Rollout (25% → 50% → 100%)", "phase-2-gradual-rollout-25--50--100"},
		// From the text a reader sees, not the source line.
		{`## Hello "world" -- [docs](https://example.com/docs) and ![logo](logo.png)`, "hello-world--docs-and-logo"},
		{"## `code` and **bold** heading", "code-and-bold-heading"},
		// Hugo reads only the first child of an emphasis.
		{"## **Bold `code` first** then text", "bold--then-text"},
		{"## Don't stop... it's \"fine\" -- really --- yes", "dont-stop-its-fine--really--yes"},
		{"## a---b a--b", "ab-ab"},
		{"## Émoji ✓ and İstanbul, 日本語の見出し", "émoji--and-istanbul-日本語の見出し"},
		{"## <b>raw</b> html &amp; entities &copy; &#169;", "raw-html--entities--169"},
		{"## Custom id {#my-id}", "my-id"},
		{"## !!!", "heading"},
		{"##", ""},
		{"Multi-line\nsetext heading\n--------------", "setext-heading"},
	} {
		got := idsOf(t, tc.src)
		if len(got) != 1 || got[0] != tc.want {
			t.Errorf("%q: id %q, want %q", tc.src, got, tc.want)
		}
	}
}

func TestHeadingIDsAreUnique(t *testing.T) {
	src := "## Duplicate\n\n## Duplicate\n\n## Duplicate-1\n\n## Custom {#my-id}\n\n## my-id\n"
	want := []string{"duplicate", "duplicate-1", "duplicate-1-1", "my-id", "my-id-1"}
	if got := idsOf(t, src); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("ids %q, want %q", got, want)
	}
}

func TestRenderLikeHugo(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"www links get https", "see www.example.com", `<p>see <a href="https://www.example.com">www.example.com</a></p>` + "\n"},
		{"explicit schemes stay", "<http://example.org/>", `<p><a href="http://example.org/">http://example.org/</a></p>` + "\n"},
		{"tables as Hugo's table template",
			"| A | B |\n|:--|--:|\n| 1 | **2** |\n",
			"<table>\n\t<thead>\n\t\t\t<tr>\n\t\t\t\t\t<th style=\"text-align: left\">A</th>\n\t\t\t\t\t<th style=\"text-align: right\">B</th>\n\t\t\t</tr>\n\t</thead>\n\t<tbody>\n\t\t\t<tr>\n\t\t\t\t\t<td style=\"text-align: left\">1</td>\n\t\t\t\t\t<td style=\"text-align: right\"><strong>2</strong></td>\n\t\t\t</tr>\n\t</tbody>\n</table>\n"},
		{"a header-only table keeps an empty tbody", "| A |\n|---|\n", "<table>\n\t<thead>\n\t\t\t<tr>\n\t\t\t\t\t<th>A</th>\n\t\t\t</tr>\n\t</thead>\n\t<tbody>\n\t</tbody>\n</table>\n"},
		{"task lists", "- [ ] a\n- [x] b\n", "<ul>\n<li><input disabled=\"\" type=\"checkbox\"> a</li>\n<li><input checked=\"\" disabled=\"\" type=\"checkbox\"> b</li>\n</ul>\n"},
		{"typographer", `"Quotes" -- en --- em ...`, "<p>&ldquo;Quotes&rdquo; &ndash; en &mdash; em &hellip;</p>\n"},
		{"raw HTML is dropped", "<script>alert(1)</script>", "<!-- raw HTML omitted -->\n"},
		{"heading ids in snippets too", "## Hello -- world", "<h2 id=\"hello--world\">Hello &ndash; world</h2>\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := RenderString(tc.src)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("RenderString(%q) =\n%q\nwant\n%q", tc.src, got, tc.want)
			}
		})
	}
}

func TestAnchor(t *testing.T) {
	for in, want := range map[string]string{
		"  Success Metrics ":  "success-metrics",
		"P95 latency (ms)":    "p95-latency-ms",
		"snake_case-and-dash": "snake_case-and-dash",
		"ÜBER Straße":         "über-straße",
		"?!":                  "",
	} {
		if got := Anchor(in); got != want {
			t.Errorf("Anchor(%q) = %q, want %q", in, got, want)
		}
	}
}
