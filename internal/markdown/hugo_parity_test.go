package markdown_test

// Hugo parity: the same Markdown must give the same HTML, heading ids
// included, in Hugo (default markup configuration) and in rolloutdocs, so
// anchors written against one engine work in the other. The test renders a
// corpus of corner cases and every example plan with the real hugo (on
// PATH; .ci/run builds the pinned one) and compares byte for byte.

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rolloutdocs/rolloutdocs/internal/markdown"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/testtool"
)

// hugoSiteConfig renders each content file's .Content and nothing else.
const hugoSiteConfig = `baseURL = "https://example.com/"
disableKinds = ["taxonomy", "term", "rss", "sitemap", "home", "section", "404", "robotstxt"]
`

func TestMarkdownRendersAsHugoRendersIt(t *testing.T) {
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		testtool.Missing(t, "hugo is not on PATH: build the pinned one with `cd tools/hugo && go build -o ../../.bin/hugo github.com/gohugoio/hugo` and put .bin on PATH")
	}
	root, err := testtool.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}

	// Markdown bodies by page name.
	bodies := map[string][]byte{}
	corpus, err := os.ReadFile(filepath.Join("testdata", "hugo-parity.md"))
	if err != nil {
		t.Fatal(err)
	}
	bodies["corpus"] = corpus
	plans, _ := filepath.Glob(filepath.Join(root, "content", "plans", "*.md"))
	if len(plans) == 0 {
		t.Fatal("no example plans in content/plans")
	}
	for _, f := range plans {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p, _ := plan.Parse(f, src)
		if bytes.Contains(p.Body, []byte("```")) {
			t.Logf("%s: skipped, it has fenced code (Hugo highlights it)", f)
			continue
		}
		bodies[plan.SlugFromPath(f)] = p.Body
	}

	site := t.TempDir()
	write := func(name string, data []byte) {
		p := filepath.Join(site, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("hugo.toml", []byte(hugoSiteConfig))
	// No newline after .Content, so the file is exactly the content.
	write("layouts/page.html", []byte("{{ .Content }}"))
	for name, body := range bodies {
		write("content/"+name+".md", append([]byte("---\ntitle: "+name+"\n---\n"), body...))
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, hugo, "--source", site, "--quiet")
	cmd.Env = append(os.Environ(), "HUGO_CACHEDIR="+t.TempDir())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("hugo: %v\n%s", err, out)
	}

	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(site, "public", name, "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			got, err := markdown.Render(body, markdown.Parse(body))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("rolloutdocs and Hugo render %s differently; first difference:\n%s", name, firstDiff(string(want), string(got)))
			}
		})
	}
}

// firstDiff shows the first line that differs.
func firstDiff(hugo, ours string) string {
	h, o := strings.Split(hugo, "\n"), strings.Split(ours, "\n")
	for i := range max(len(h), len(o)) {
		var hl, ol string
		if i < len(h) {
			hl = h[i]
		}
		if i < len(o) {
			ol = o[i]
		}
		if hl != ol {
			return "line " + strconv.Itoa(i+1) + ":\n  hugo:        " + hl + "\n  rolloutdocs: " + ol
		}
	}
	return "(same lines, different bytes)"
}
