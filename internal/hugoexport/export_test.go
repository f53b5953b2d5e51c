package hugoexport

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/pages"
)

func TestRebase(t *testing.T) {
	in := map[string]any{
		"url":           "plans/x/",
		"portfolio_url": "metrics/latency/",
		"source_url":    "",
		"description":   "plans/x/ is not a link here",
		"breadcrumbs":   []any{map[string]any{"title": "Rollout plans", "url": ""}},
		"plan":          map[string]any{"url": "plans/x/", "title": "X"},
		"rows":          []map[string]any{{"plan_url": "plans/y/"}},
		"external":      map[string]any{"source_url": "https://git.example/p/x.md", "url": "https://example.com/"},
		"absolute":      map[string]any{"url": "/already/rooted/"},
		"count":         3,
	}
	want := map[string]any{
		"url":           "rollouts/plans/x/",
		"portfolio_url": "rollouts/metrics/latency/",
		"source_url":    "",
		"description":   "plans/x/ is not a link here",
		"breadcrumbs":   []any{map[string]any{"title": "Rollout plans", "url": "rollouts/"}},
		"plan":          map[string]any{"url": "rollouts/plans/x/", "title": "X"},
		"rows":          []any{map[string]any{"plan_url": "rollouts/plans/y/"}},
		"external":      map[string]any{"source_url": "https://git.example/p/x.md", "url": "https://example.com/"},
		"absolute":      map[string]any{"url": "/already/rooted/"},
		"count":         3,
	}
	got := rebase(in, "rollouts")
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rebase =\n%#v\nwant\n%#v", got, want)
	}
	if in["url"] != "plans/x/" {
		t.Error("rebase modified its input")
	}
}

func TestCheckSection(t *testing.T) {
	for _, tc := range []struct {
		section string
		ok      bool
	}{
		{"rollouts", true},
		{"docs/rollouts", true},
		{"release_plans-2", true},
		{"", false},
		{"/rollouts", false},
		{"rollouts/", false},
		{"Rollouts", false},
		{"roll outs", false},
		{"../x", false},
		{"a//b", false},
	} {
		if err := CheckSection(tc.section); (err == nil) != tc.ok {
			t.Errorf("CheckSection(%q) = %v, want ok=%v", tc.section, err, tc.ok)
		}
	}
}

func samplePages() []pages.Page {
	return []pages.Page{
		{Path: "plans/x/", Kind: "section", Type: pages.Type, Layout: pages.LayoutPlan, Title: "X",
			Params: map[string]any{"rollout_page": "plan", "breadcrumbs": []any{map[string]any{"title": "Plans", "url": ""}}}},
		{Path: "plans/x/phases/1-canary/", Kind: "page", Type: pages.Type, Layout: pages.LayoutPhase, Title: "Phase 1: Canary",
			Params: map[string]any{"rollout_page": "phase", "plan": map[string]any{"url": "plans/x/"}}},
		{Path: "", Kind: "home", Type: pages.Type, Layout: pages.LayoutHome, Title: "Plans",
			Params: map[string]any{"rollout_page": "home"}},
		{Path: "404.html", Kind: "404", Type: pages.Type, Layout: pages.Layout404, Title: "Page not found"},
	}
}

func TestBuild(t *testing.T) {
	files := map[string][]byte{"portfolio.json": []byte(`{"plans":[]}`), "search.json": []byte(`[]`), "sitemap.xml": []byte(`<urlset/>`)}
	ex, err := Build(samplePages(), files, "docs/rollouts")
	if err != nil {
		t.Fatal(err)
	}
	type short struct{ Path, URL, Kind, Layout, Title, Outputs string }
	var got []short
	for _, p := range ex.Pages {
		if p.Type != pages.Type {
			t.Errorf("%s: type %q, want %q", p.Path, p.Type, pages.Type)
		}
		outs, _ := json.Marshal(p.Outputs)
		got = append(got, short{p.Path, p.URL, p.Kind, p.Layout, p.Title, string(outs)})
	}
	want := []short{
		{"docs/rollouts/plans/x", "/docs/rollouts/plans/x/", "section", "plan", "X", `["html"]`},
		{"docs/rollouts/plans/x/phases/1-canary", "/docs/rollouts/plans/x/phases/1-canary/", "page", "phase", "Phase 1: Canary", `["html"]`},
		// The index becomes the section page, with the machine-readable
		// files as extra outputs; the 404 page is the Hugo site's own.
		{"docs/rollouts", "/docs/rollouts/", "section", IndexLayout, "Plans", `["html","rolloutdocs_portfolio","rolloutdocs_search"]`},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("pages =\n%+v\nwant\n%+v", got, want)
	}
	if want := map[string]string{"portfolio.json": `{"plans":[]}`, "search.json": `[]`}; !reflect.DeepEqual(ex.Files, want) {
		t.Errorf("files = %v, want %v", ex.Files, want)
	}
	if got := ex.Pages[0].Params["breadcrumbs"].([]any)[0].(map[string]any)["url"]; got != "docs/rollouts/" {
		t.Errorf("home crumb url = %q, want docs/rollouts/", got)
	}
	if _, err := Build(samplePages(), nil, "/bad/"); err == nil {
		t.Error("Build accepted the section \"/bad/\"")
	}
	if _, err := Build([]pages.Page{{Path: "plans/x", Kind: "page"}}, nil, "rollouts"); err == nil {
		t.Error("Build accepted a page path without a trailing slash")
	}
}

func newHugoSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "hugo.toml"), []byte("title = 'x'\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestWriteIsDeterministicAndReplacesOnlyItsOwnFile(t *testing.T) {
	site := newHugoSite(t)
	ex, err := Build(samplePages(), nil, "rollouts")
	if err != nil {
		t.Fatal(err)
	}
	dest, err := Write(site, ex)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(site, "data", "rolloutdocs", "export.json"); dest != want {
		t.Errorf("wrote %s, want %s", dest, want)
	}
	first, _ := os.ReadFile(dest)
	// A user's own data file beside it survives.
	mine := filepath.Join(site, "data", "rolloutdocs", "notes.yaml")
	os.WriteFile(mine, []byte("a: 1\n"), 0o644)

	ex2, _ := Build(samplePages(), nil, "rollouts")
	if _, err := Write(site, ex2); err != nil {
		t.Fatal(err)
	}
	second, _ := os.ReadFile(dest)
	if !bytes.Equal(first, second) {
		t.Error("the same pages gave different bytes")
	}
	entries, _ := os.ReadDir(filepath.Dir(dest))
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{"export.json", "notes.yaml"}; !reflect.DeepEqual(names, want) {
		t.Errorf("data/rolloutdocs holds %v, want %v (no temporary files left)", names, want)
	}
	// The file decodes to what was built.
	var back Export
	if err := json.Unmarshal(first, &back); err != nil {
		t.Fatal(err)
	}
	if back.Generator != Generator || back.Format != Format || len(back.Pages) != 3 {
		t.Errorf("decoded export: generator %q format %d pages %d", back.Generator, back.Format, len(back.Pages))
	}
	// One page per line, so diffs read page by page.
	if lines := bytes.Count(first, []byte("\n")); lines != len(back.Pages)+2 {
		t.Errorf("export has %d lines for %d pages, want one per page plus the head and the end:\n%s", lines, len(back.Pages), first)
	}
	if !bytes.Contains(first, []byte(`"title":"Phase 1: Canary"`)) || !bytes.HasSuffix(first, []byte("]}\n")) {
		t.Errorf("export is not compact JSON ending in a newline:\n%s", first)
	}
}

func TestWriteRefusesAFileItDidNotWrite(t *testing.T) {
	for name, content := range map[string]string{
		"someone's JSON": `{"pages": ["mine"]}`,
		"not JSON":       "pages:\n  - mine\n",
	} {
		t.Run(name, func(t *testing.T) {
			site := newHugoSite(t)
			dest := filepath.Join(site, "data", "rolloutdocs", "export.json")
			os.MkdirAll(filepath.Dir(dest), 0o755)
			os.WriteFile(dest, []byte(content), 0o644)
			ex, _ := Build(samplePages(), nil, "rollouts")
			_, err := Write(site, ex)
			if !errors.Is(err, ErrForeignFile) {
				t.Fatalf("Write = %v, want ErrForeignFile", err)
			}
			if got, _ := os.ReadFile(dest); string(got) != content {
				t.Errorf("the user's file was changed to %q", got)
			}
		})
	}
}

func TestCheckSite(t *testing.T) {
	site := newHugoSite(t)
	if err := CheckSite(site); err != nil {
		t.Errorf("CheckSite(site with hugo.toml) = %v", err)
	}
	legacy := t.TempDir()
	os.MkdirAll(filepath.Join(legacy, "config", "_default"), 0o755)
	if err := CheckSite(legacy); err != nil {
		t.Errorf("CheckSite(site with config/_default) = %v", err)
	}
	for name, dir := range map[string]string{
		"empty dir": t.TempDir(),
		"missing":   filepath.Join(t.TempDir(), "nope"),
		"a file":    filepath.Join(site, "hugo.toml"),
	} {
		if err := CheckSite(dir); !errors.Is(err, ErrNotHugoSite) {
			t.Errorf("CheckSite(%s) = %v, want ErrNotHugoSite", name, err)
		}
	}
}

// The content adapter refuses data of another format; its number must be
// the one this package writes.
func TestAdapterReadsThisFormat(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "hugo", "content", "_content.gotmpl"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`\$format := (\d+)`).FindSubmatch(src)
	if m == nil {
		t.Fatal("_content.gotmpl declares no $format")
	}
	if n, _ := strconv.Atoi(string(m[1])); n != Format {
		t.Errorf("_content.gotmpl reads format %d, the exporter writes %d", n, Format)
	}
}

// Marshal's first bytes are what Write recognises its own files by.
func TestMarshalStartsWithTheOwnHeader(t *testing.T) {
	ex, _ := Build(samplePages(), nil, "rollouts")
	data, err := Marshal(ex)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, ownHeader) {
		t.Errorf("export.json starts %q, want %q", data[:40], ownHeader)
	}
}
