package site

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/linkcheck"
	"github.com/rolloutdocs/rolloutdocs/internal/pages"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// examplePortfolio copies the repository's example plans into a fresh
// source directory and returns it.
func examplePortfolio(t testing.TB) string {
	t.Helper()
	src := t.TempDir()
	dir := filepath.Join(src, "content", "plans")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("../../content/plans/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("example plans: %v (%d files)", err, len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, filepath.Base(f)), string(data))
	}
	return src
}

func writeFile(t testing.TB, p, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func build(t testing.TB, cfg Config) (*Builder, *Result) {
	t.Helper()
	b, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	res, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return b, res
}

// The page set follows from the model: one page per plan, phase and
// metric, one per metric key across plans, and the site-wide files; every
// link and anchor in it resolves.
func TestExamplePortfolioPageSet(t *testing.T) {
	src := examplePortfolio(t)
	_, res := build(t, Config{Source: src})

	files, _ := plan.FindFiles(filepath.Join(src, "content"))
	pf := plan.LoadFiles(files)
	want := []string{"index.html", "404.html", "metrics/index.html", "calendar/index.html", "portfolio.json", "search.json", "sitemap.xml", "calendar.ics", "feed.xml", "rolloutdocs/style.css", "rolloutdocs/site.js"}
	keys := map[string]bool{}
	for _, p := range pf.Plans {
		want = append(want, "plans/"+p.Slug+"/index.html")
		for _, ph := range p.Phases {
			want = append(want, "plans/"+p.Slug+"/phases/"+ph.Slug+"/index.html")
		}
		for _, m := range p.Metrics.Rows {
			want = append(want, "plans/"+p.Slug+"/metrics/"+m.Slug+"/index.html")
			keys[plan.MetricKey(m.Name)] = true
		}
	}
	for k := range keys {
		want = append(want, "metrics/"+k+"/index.html")
	}
	got := slices.Sorted(maps.Keys(res.Files))
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("site files differ\n got: %v\nwant: %v", got, want)
	}
	if res.Plans != len(pf.Plans) {
		t.Errorf("Plans = %d, want %d", res.Plans, len(pf.Plans))
	}
	htmlPages := 0
	for _, f := range got {
		if strings.HasSuffix(f, ".html") {
			htmlPages++
		}
	}
	if res.Pages != htmlPages {
		t.Errorf("Pages = %d, want %d", res.Pages, htmlPages)
	}
	if broken := linkcheck.Check(res.Files, "/"); len(broken) > 0 {
		t.Errorf("broken links:\n%v", broken)
	}
	// "Latency (p95)" and "P95 latency" share one cross-portfolio page.
	if !strings.Contains(string(res.Files["metrics/latency-p95/index.html"]), "Latency (p95)") {
		t.Error("metrics/latency-p95/ does not gather the latency metrics")
	}
	if len(res.Changed) != len(res.Files) {
		t.Errorf("a first build changes every file: %d of %d", len(res.Changed), len(res.Files))
	}
}

// Under a sub-path every link carries the base path and still resolves.
func TestBaseURLSubPath(t *testing.T) {
	src := examplePortfolio(t)
	_, res := build(t, Config{Source: src, BaseURL: "https://docs.example/rollouts"})
	if broken := linkcheck.Check(res.Files, "/rollouts/"); len(broken) > 0 {
		t.Errorf("broken links under /rollouts/:\n%v", broken)
	}
	href := regexp.MustCompile(` (?:href|src)="(/[^"]*)"`)
	for name, data := range res.Files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, m := range href.FindAllSubmatch(data, -1) {
			if !bytes.HasPrefix(m[1], []byte("/rollouts/")) {
				t.Errorf("%s: link %s ignores the base path", name, m[1])
			}
		}
	}
	if !bytes.Contains(res.Files["sitemap.xml"], []byte("<loc>https://docs.example/rollouts/plans/checkout-redesign/</loc>")) {
		t.Errorf("sitemap lacks absolute URLs:\n%s", res.Files["sitemap.xml"])
	}
}

func TestDeterministic(t *testing.T) {
	src := examplePortfolio(t)
	_, a := build(t, Config{Source: src})
	_, b := build(t, Config{Source: src})
	if len(a.Files) != len(b.Files) {
		t.Fatalf("%d files, then %d", len(a.Files), len(b.Files))
	}
	for name, data := range a.Files {
		if !bytes.Equal(data, b.Files[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

const hostile = `---
title: "<script>alert('title')</script> & Co"
created: 2026-01-05
status: draft
owner: "\"><img src=x onerror=alert(1)>"
team_size: 3
timeline: 2 weeks
risk_tolerance: low
tags: ["<b>bold</b>", "x\" onmouseover=\"alert(2)"]
flag: "</code><script>alert(3)</script>"
---

# Rollout Plan: <i>Hostile</i>

## Overview

<script>alert('body')</script> Raw <b>HTML</b> and a [link](javascript:alert(4)) and <img src=x onerror=alert(5)>.

## Rollout Strategy

Conservative rollout with 1 phases.

### Phase 1: <script>alert(6)</script>
> <img src=x onerror=alert(7)> summary

**Duration:** 3 days

**Tasks:**
- [ ] <script>alert(8)</script> task
- [x] [click](javascript:alert(9))

**Exit Criteria:**
- [ ] "><script>alert(10)</script>

## Success Metrics

| Metric | Baseline | Target | Method |
|--------|----------|--------|--------|
| <script>alert(11)</script> latency | <b>1</b> | <img src=x onerror=alert(12)> | [x](javascript:alert(13)) |

## Rollback Triggers

- <script>alert(14)</script> latency up
`

// User text is escaped on every page and raw HTML in plans is dropped.
func TestHostileTextIsEscaped(t *testing.T) {
	src := t.TempDir()
	writeFile(t, filepath.Join(src, "content", "plans", "hostile.md"), hostile)
	_, res := build(t, Config{Source: src, Title: `<script>alert("site")</script>`, RepoURL: `javascript:alert(15)//`})
	// Escaped text such as "&lt;img src=x onerror=…&gt;" is harmless; a tag or
	// an attribute that breaks out of its quotes is not.
	dangerous := regexp.MustCompile(`(?i)<script>alert|<img |"\s*onerror=|"\s*onmouseover=|href="javascript:|<b>|<i>Hostile`)
	pagesSeen := 0
	for name, data := range res.Files {
		if !strings.HasSuffix(name, ".html") && !strings.HasSuffix(name, ".xml") {
			continue
		}
		pagesSeen++
		for _, m := range dangerous.FindAll(data, -1) {
			t.Errorf("%s contains %q unescaped", name, m)
		}
	}
	if pagesSeen < 5 {
		t.Fatalf("only %d pages built", pagesSeen)
	}
	plan := string(res.Files["plans/hostile/index.html"])
	if !strings.Contains(plan, "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; Co") {
		t.Errorf("title not shown escaped:\n%s", plan)
	}
	for name, data := range map[string][]byte{"portfolio.json": res.Files["portfolio.json"], "search.json": res.Files["search.json"]} {
		if bytes.Contains(data, []byte("<script>")) {
			t.Errorf("%s holds a raw <script> (JSON must escape < for safe embedding)", name)
		}
	}
}

const invalidPlan = `---
title: Draft With Typos
created: 2026-13-45
status: in progres
owner: Sam
team_size: 2
timeline: 1 week
risk_tolerance: low
---

## Overview

Still being written.
`

// A plan with errors is built, marked invalid on its page and in the
// index; with Strict the build reports ErrStrict.
func TestInvalidPlanIsBuiltAndMarked(t *testing.T) {
	src := examplePortfolio(t)
	writeFile(t, filepath.Join(src, "content", "plans", "draft-with-typos.md"), invalidPlan)
	_, res := build(t, Config{Source: src})
	page := string(res.Files["plans/draft-with-typos/index.html"])
	if !strings.Contains(page, "This plan does not pass check") || !strings.Contains(page, "line 4, column 9") {
		t.Errorf("plan page does not show its problems:\n%s", page)
	}
	if !strings.Contains(string(res.Files["index.html"]), `data-valid="false" data-slug="draft-with-typos"`) {
		t.Error("index does not mark the plan invalid")
	}
	if !diag.HasErrors(res.Diagnostics) {
		t.Error("no diagnostics returned")
	}

	b, err := New(Config{Source: src, Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	res, err = b.Build()
	if !errors.Is(err, ErrStrict) || res == nil || len(res.Diagnostics) == 0 {
		t.Errorf("strict build: err = %v, result %v", err, res != nil)
	}
}

func TestSiteOverridesAndConfig(t *testing.T) {
	src := examplePortfolio(t)
	writeFile(t, filepath.Join(src, "layouts", "_partials", "rollout", "footer.html"), `<footer class="mine">Our footer</footer>`)
	writeFile(t, filepath.Join(src, "static", "rolloutdocs", "style.css"), `body { color: rebeccapurple }`)
	writeFile(t, filepath.Join(src, "static", "favicon.ico"), `icon`)
	writeFile(t, filepath.Join(src, ConfigFile), "title: Payments rollouts\nrepo_url: https://git.example/pay/plans/blob/main/\n")
	_, res := build(t, Config{Source: src})
	home := string(res.Files["index.html"])
	if !strings.Contains(home, "Our footer") || !strings.Contains(home, `class="site-header"`) {
		t.Error("footer override not applied, or applied beyond the footer")
	}
	if string(res.Files["rolloutdocs/style.css"]) != "body { color: rebeccapurple }" || string(res.Files["favicon.ico"]) != "icon" {
		t.Error("static override not applied")
	}
	if _, ok := res.Files["rolloutdocs/site.js"]; !ok {
		t.Error("static override dropped the built-in script")
	}
	if !strings.Contains(home, "<title>Payments rollouts</title>") {
		t.Error("title from rolloutdocs.yaml not used")
	}
	page := string(res.Files["plans/dark-mode/index.html"])
	if !strings.Contains(page, `href="https://git.example/pay/plans/blob/main/content/plans/dark-mode.md"`) {
		t.Error("source link missing")
	}
	// Flags win over the file.
	_, res = build(t, Config{Source: src, Title: "From the flag"})
	if !strings.Contains(string(res.Files["index.html"]), "<title>From the flag</title>") {
		t.Error("flag title does not win over the config file")
	}
}

func TestBadConfigAndSource(t *testing.T) {
	src := examplePortfolio(t)
	writeFile(t, filepath.Join(src, ConfigFile), "titel: typo\n")
	if _, err := New(Config{Source: src}); err == nil || !strings.Contains(err.Error(), ConfigFile) || !strings.Contains(err.Error(), "titel") {
		t.Errorf("unknown config key: err = %v", err)
	}
	if _, err := New(Config{Source: t.TempDir()}); !errors.Is(err, plan.ErrNoPath) || !strings.Contains(err.Error(), "content/") {
		t.Errorf("no content/: err = %v", err)
	}
	for _, u := range []string{"docs.example/x", "ftp://x/", "https:///x", "/a?b"} {
		if _, err := New(Config{Source: examplePortfolio(t), BaseURL: u}); err == nil {
			t.Errorf("base URL %q accepted", u)
		}
	}
	writeFile(t, filepath.Join(src, ConfigFile), "title: ok\n")
	writeFile(t, filepath.Join(src, "layouts", "home.html"), `{{ define "main" }}{{ .Nope.Deeper }}{{ end }}`)
	b, err := New(Config{Source: src})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Build(); err == nil || !strings.Contains(err.Error(), filepath.Join(src, "layouts", "home.html")) {
		t.Errorf("a layout failing at render time must name its file: %v", err)
	}
}

// Golden HTML for one plan's pages: the plan, a phase and a metric page.
func TestGoldenPlanPages(t *testing.T) {
	src := t.TempDir()
	data, err := os.ReadFile("testdata/golden/checkout-redesign.md")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(src, "content", "plans", "checkout-redesign.md"), string(data))
	_, res := build(t, Config{Source: src, BaseURL: "https://docs.example/rollouts/", RepoURL: "https://git.example/team/plans/blob/main/"})
	var names []string
	for name := range res.Files {
		if strings.HasPrefix(name, "plans/checkout-redesign/") {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	if len(names) < 3 {
		t.Fatalf("only %v", names)
	}
	for _, name := range names {
		golden := filepath.Join("testdata", "golden", strings.ReplaceAll(strings.TrimSuffix(strings.TrimPrefix(name, "plans/checkout-redesign/"), "/index.html"), "/", "__")+".html")
		if name == "plans/checkout-redesign/index.html" {
			golden = filepath.Join("testdata", "golden", "plan.html")
		}
		if *update {
			writeFile(t, golden, string(res.Files[name]))
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./internal/site -run Golden -update)", err)
		}
		if !bytes.Equal(res.Files[name], want) {
			t.Errorf("%s differs from %s (run with -update after checking the change)\n%s", name, golden, firstDiff(string(want), string(res.Files[name])))
		}
	}
}

func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(wl), len(gl)) {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\nwant: %s\n got: %s", i+1, w, g)
		}
	}
	return ""
}

var _ = pages.Type

// PagesOnly (what export --hugo uses) makes the same page set, counts and
// index files as a full build, and renders no page.
func TestPagesOnlyMatchesFullBuild(t *testing.T) {
	src := examplePortfolio(t)
	full, fullRes := build(t, Config{Source: src, BaseURL: "/rollouts/"})
	lean, leanRes := build(t, Config{Source: src, BaseURL: "/rollouts/", PagesOnly: true})
	if !reflect.DeepEqual(full.Pages(), lean.Pages()) {
		t.Error("PagesOnly made a different page set")
	}
	if leanRes.Pages != fullRes.Pages || leanRes.Plans != fullRes.Plans {
		t.Errorf("PagesOnly counted %d pages of %d plans, a full build %d of %d", leanRes.Pages, leanRes.Plans, fullRes.Pages, fullRes.Plans)
	}
	if !reflect.DeepEqual(leanRes.Diagnostics, fullRes.Diagnostics) {
		t.Error("PagesOnly reported different diagnostics")
	}
	for name, data := range fullRes.Files {
		leanData, ok := leanRes.Files[name]
		switch {
		case strings.HasSuffix(name, ".html") && !strings.HasPrefix(name, "rolloutdocs/"):
			if ok {
				t.Errorf("PagesOnly rendered %s", name)
			}
		case !ok:
			t.Errorf("PagesOnly has no %s", name)
		case !bytes.Equal(data, leanData):
			t.Errorf("PagesOnly made a different %s", name)
		}
	}
}
