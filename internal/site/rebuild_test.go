package site

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	rolloutdocs "github.com/rolloutdocs/rolloutdocs"
	"github.com/rolloutdocs/rolloutdocs/internal/diag"
)

// sameSite reports how two complete sites differ.
func sameSite(t *testing.T, got, want map[string][]byte) {
	t.Helper()
	for name, data := range want {
		g, ok := got[name]
		if !ok {
			t.Errorf("missing %s", name)
			continue
		}
		if !bytes.Equal(g, data) {
			t.Errorf("%s differs from a full build\n%s", name, firstDiff(string(data), string(g)))
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("extra %s", name)
		}
	}
}

func fullBuild(t *testing.T, src string) *Result {
	t.Helper()
	_, res := build(t, Config{Source: src})
	return res
}

// After each kind of change, Rebuild gives exactly the site a fresh full
// build gives, and reports what changed.
func TestRebuildMatchesFullBuild(t *testing.T) {
	src := examplePortfolio(t)
	plans := filepath.Join(src, "content", "plans")
	b, _ := build(t, Config{Source: src})

	edit := func(name, from, to string) string {
		p := filepath.Join(plans, name)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), from) {
			t.Fatalf("%s lacks %q", name, from)
		}
		writeFile(t, p, strings.Replace(string(data), from, to, 1))
		return p
	}

	steps := []struct {
		name         string
		change       func() []string
		mustChange   []string
		mustNotTouch []string
	}{
		{
			name: "edit a title",
			change: func() []string {
				return []string{edit("dark-mode.md", "title: Dark Mode", "title: Dark Mode Everywhere")}
			},
			mustChange:   []string{"plans/dark-mode/index.html", "plans/dark-mode/phases/1-canary-release-10-of-users/index.html", "index.html", "search.json", "portfolio.json"},
			mustNotTouch: []string{"plans/checkout-redesign/index.html", "rolloutdocs/style.css"},
		},
		{
			name: "rename a metric so it joins another plan's",
			change: func() []string {
				return []string{edit("checkout-redesign.md", "| Support tickets |", "| Support ticket volume |")}
			},
			mustChange: []string{"plans/checkout-redesign/metrics/support-ticket-volume/index.html", "plans/checkout-redesign/metrics/support-tickets/index.html", "metrics/index.html"},
		},
		{
			name: "add a plan in a new directory",
			change: func() []string {
				data, _ := os.ReadFile(filepath.Join(plans, "saml-sso.md"))
				p := filepath.Join(src, "content", "more", "saml-sso-eu.md")
				writeFile(t, p, strings.Replace(string(data), "title: SAML Single Sign-On", "title: SAML for the EU", 1))
				return []string{filepath.Dir(p)}
			},
			mustChange: []string{"plans/saml-sso-eu/index.html", "index.html", "sitemap.xml"},
		},
		{
			name: "delete a plan",
			change: func() []string {
				p := filepath.Join(plans, "postgres-16-migration.md")
				os.Remove(p)
				return []string{p}
			},
			mustChange: []string{"plans/postgres-16-migration/index.html", "index.html"},
		},
		{
			name: "a duplicate slug marks the other plan invalid too",
			change: func() []string {
				data, _ := os.ReadFile(filepath.Join(plans, "dark-mode.md"))
				p := filepath.Join(src, "content", "more", "dark-mode.md")
				writeFile(t, p, string(data))
				return []string{p}
			},
			mustChange: []string{"plans/dark-mode/index.html"},
		},
		{
			name: "remove a directory",
			change: func() []string {
				d := filepath.Join(src, "content", "more")
				os.RemoveAll(d)
				return []string{d}
			},
			mustChange: []string{"plans/saml-sso-eu/index.html"},
		},
		{
			name: "a layout change rebuilds everything",
			change: func() []string {
				p := filepath.Join(src, "layouts", "_partials", "rollout", "footer.html")
				writeFile(t, p, `<footer>changed</footer>`)
				return []string{p}
			},
			mustChange: []string{"index.html", "plans/checkout-redesign/index.html", "metrics/latency-p95/index.html"},
		},
		{
			name: "a config change rebuilds everything",
			change: func() []string {
				p := filepath.Join(src, ConfigFile)
				writeFile(t, p, "title: Renamed site\n")
				return []string{p}
			},
			mustChange: []string{"index.html", "404.html", "plans/saml-sso/index.html"},
		},
		{
			name: "an editor's swap file changes nothing",
			change: func() []string {
				p := filepath.Join(plans, ".dark-mode.md.swp")
				writeFile(t, p, "x")
				return []string{p}
			},
		},
	}
	for _, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			res, err := b.Rebuild(step.change())
			if err != nil {
				t.Fatal(err)
			}
			full := fullBuild(t, src)
			sameSite(t, res.Files, full.Files)
			if res.Pages != full.Pages || res.Plans != full.Plans {
				t.Errorf("counts %d plans, %d pages; a full build: %d, %d", res.Plans, res.Pages, full.Plans, full.Pages)
			}
			if !slices.Equal(res.Diagnostics, full.Diagnostics) {
				t.Errorf("diagnostics differ from a full build:\n got %v\nwant %v", res.Diagnostics, full.Diagnostics)
			}
			for _, c := range step.mustChange {
				if !slices.Contains(res.Changed, c) {
					t.Errorf("Changed lacks %s: %v", c, res.Changed)
				}
			}
			for _, c := range step.mustNotTouch {
				if slices.Contains(res.Changed, c) {
					t.Errorf("Changed holds %s, which the change does not touch", c)
				}
			}
			if step.mustChange == nil && len(res.Changed) != 0 {
				t.Errorf("Changed = %v, want nothing", res.Changed)
			}
			if !slices.IsSorted(res.Changed) {
				t.Error("Changed is not sorted")
			}
		})
	}
}

// A plan whose file can no longer be read keeps its last good pages while
// the diagnostics say why; fixing it brings the new pages in.
func TestBrokenPlanKeepsLastGoodPages(t *testing.T) {
	src := examplePortfolio(t)
	p := filepath.Join(src, "content", "plans", "dark-mode.md")
	good, _ := os.ReadFile(p)
	b, first := build(t, Config{Source: src})
	before := first.Files["plans/dark-mode/index.html"]

	writeFile(t, p, "---\ntitle: [Dark Mode\nstatus: launched\n")
	res, err := b.Rebuild([]string{p})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(res.Files["plans/dark-mode/index.html"], before) {
		t.Error("the broken plan's page changed; the last good one must stay")
	}
	var found bool
	for _, d := range res.Diagnostics {
		if d.File == p && d.Severity == diag.Error {
			found = true
		}
	}
	if !found {
		t.Errorf("no error for %s in %v", p, res.Diagnostics)
	}
	if slices.Contains(res.Changed, "plans/dark-mode/index.html") {
		t.Error("Changed lists the kept page")
	}

	// A layout change while the plan is broken still keeps its content.
	lp := filepath.Join(src, "layouts", "_partials", "rollout", "footer.html")
	writeFile(t, lp, `<footer>v2</footer>`)
	res, err = b.Rebuild([]string{lp})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(res.Files["plans/dark-mode/index.html"], []byte("Sofia Alvarez")) {
		t.Error("a full rebuild lost the last good version of the broken plan")
	}

	writeFile(t, p, strings.Replace(string(good), "title: Dark Mode", "title: Dark Mode Fixed", 1))
	res, err = b.Rebuild([]string{p})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(res.Files["plans/dark-mode/index.html"], []byte("Dark Mode Fixed")) {
		t.Error("the fixed plan's page did not update")
	}
	for _, d := range res.Diagnostics {
		if d.File == p && d.Severity == diag.Error {
			t.Errorf("diagnostic left after the fix: %v", d)
		}
	}
}

// A fresh builder whose first plan is unreadable still builds it (marked
// invalid) so the preview shows something.
func TestUnreadablePlanOnFirstBuild(t *testing.T) {
	src := examplePortfolio(t)
	writeFile(t, filepath.Join(src, "content", "plans", "broken.md"), "---\ntitle: [oops\n")
	_, res := build(t, Config{Source: src})
	if !bytes.Contains(res.Files["plans/broken/index.html"], []byte("does not pass check")) {
		t.Error("broken plan not shown as invalid")
	}
}

// largePortfolio writes n plans, copies of the examples with their own
// slugs and titles.
func largePortfolio(b testing.TB, n int) string {
	src := examplePortfolio(b)
	dir := filepath.Join(src, "content", "plans")
	examples, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	var bodies []string
	for _, e := range examples {
		data, _ := os.ReadFile(e)
		bodies = append(bodies, string(data))
		os.Remove(e)
	}
	for i := range n {
		body := bodies[i%len(bodies)]
		body = strings.Replace(body, "title: ", fmt.Sprintf("title: %04d ", i), 1)
		writeFile(b, filepath.Join(dir, fmt.Sprintf("plan-%04d.md", i)), body)
	}
	return src
}

// BenchmarkBuild is a full in-memory build of a 1,000-plan portfolio.
func BenchmarkBuild(b *testing.B) {
	src := largePortfolio(b, 1000)
	bl, err := New(Config{Source: src})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := bl.Build(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRebuildOnePlan is the preview's hot path: one plan of 1,000 is
// saved and the site is brought up to date, with the index files and the
// calendar made on request as `serve` has them. Target: under 20 ms.
func BenchmarkRebuildOnePlan(b *testing.B) {
	src := largePortfolio(b, 1000)
	bl, err := New(Config{Source: src, IndexesOnRequest: true})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := bl.Build(); err != nil {
		b.Fatal(err)
	}
	p := filepath.Join(src, "content", "plans", "plan-0500.md")
	data, _ := os.ReadFile(p)
	i := 0
	b.ResetTimer()
	for b.Loop() {
		i++
		b.StopTimer()
		writeFile(b, p, strings.Replace(string(data), "title: 0500", fmt.Sprintf("title: 0500 edit %d", i), 1))
		b.StartTimer()
		res, err := bl.Rebuild([]string{p})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Changed) == 0 {
			b.Fatal("nothing changed")
		}
	}
}

// With IndexesOnRequest the index files and the calendar page are left
// out of Files and made when asked for: the same bytes a full build
// writes, after a build and after each rebuild, and each result's files
// stay those of its own build when later builds change the plans.
func TestIndexesOnRequest(t *testing.T) {
	src := examplePortfolio(t)
	b, res := build(t, Config{Source: src, IndexesOnRequest: true})
	names := []string{"portfolio.json", "search.json", "sitemap.xml", "calendar.ics", "feed.xml", calendarPageFile}
	if full := fullBuild(t, src); res.Pages != full.Pages {
		t.Errorf("Pages = %d, a full build has %d (the calendar made on request counts)", res.Pages, full.Pages)
	}
	made := func(res *Result) map[string][]byte {
		t.Helper()
		files := maps.Clone(res.Files)
		for _, name := range names {
			if _, ok := files[name]; ok {
				t.Errorf("%s is in Files; it should be made on request", name)
			}
			f := res.OnRequest[name]
			if f == nil {
				t.Fatalf("no %s on request", name)
			}
			files[name] = f()
		}
		return files
	}
	sameSite(t, made(res), fullBuild(t, src).Files)
	before := fullBuild(t, src).Files

	p := filepath.Join(src, "content", "plans", "dark-mode.md")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, p, strings.Replace(string(data), "title: Dark Mode", "title: Dark Mode Everywhere", 1))
	next, err := b.Rebuild([]string{p})
	if err != nil {
		t.Fatal(err)
	}
	sameSite(t, made(next), fullBuild(t, src).Files)
	for _, name := range names {
		if !slices.Contains(next.Changed, name) {
			t.Errorf("Changed lacks %s after a plan's title changed: %v", name, next.Changed)
		}
		// The first build's function, called only now, still gives the
		// file as it was then.
		if got := res.OnRequest[name](); !bytes.Equal(got, before[name]) {
			t.Errorf("the first build's %s changed with the rebuild:\n%s", name, firstDiff(string(before[name]), string(got)))
		}
	}
	// An edit to a plan's prose leaves its entry on the calendar as it
	// was: the calendar page is not reported (the index files are).
	now, _ := os.ReadFile(p)
	writeFile(t, p, strings.Replace(string(now), "## Overview\n", "## Overview\n\nOne more sentence.\n", 1))
	prose, err := b.Rebuild([]string{p})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(prose.Changed, calendarPageFile) || !slices.Contains(prose.Changed, "search.json") {
		t.Errorf("Changed = %v after a prose edit, want search.json and not %s", prose.Changed, calendarPageFile)
	}
	sameSite(t, made(prose), fullBuild(t, src).Files)
	// Nothing changed: the index files are not reported.
	swap := filepath.Join(src, "content", "plans", ".dark-mode.md.swp")
	writeFile(t, swap, "x")
	idle, err := b.Rebuild([]string{swap})
	if err != nil {
		t.Fatal(err)
	}
	if len(idle.Changed) != 0 {
		t.Errorf("Changed = %v after a swap file, want nothing", idle.Changed)
	}
	// A stylesheet alone changes no page and no index file: the preview
	// swaps it in without reloading.
	css := filepath.Join(src, "static", "rolloutdocs", "style.css")
	writeFile(t, css, "body { color: red }\n")
	styled, err := b.Rebuild([]string{css})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(styled.Changed, []string{"rolloutdocs/style.css"}) {
		t.Errorf("Changed = %v after a stylesheet edit, want only the stylesheet", styled.Changed)
	}
}

// A builder kept for rebuilds drops the params of rendered pages but for
// what .Site.Pages shows (slim). A site with a layout of its own keeps
// every page whole; with a copy of a built-in layout as its own, it must
// build and rebuild exactly the site the slim builder does. The slim
// builder's page set (made again for Pages) is a fresh build's.
func TestSlimPagesMatchWholePages(t *testing.T) {
	home, err := fs.ReadFile(rolloutdocs.Theme, "layouts/home.html")
	if err != nil {
		t.Fatal(err)
	}
	slimSrc, wholeSrc := examplePortfolio(t), examplePortfolio(t)
	writeFile(t, filepath.Join(wholeSrc, "layouts", "home.html"), string(home))
	slimB, slimRes := build(t, Config{Source: slimSrc})
	wholeB, wholeRes := build(t, Config{Source: wholeSrc})
	for _, st := range slimB.plans {
		if !st.slim {
			t.Fatalf("%s: params kept after rendering with the built-in layouts", st.rel)
		}
	}
	for _, st := range wholeB.plans {
		if st.slim {
			t.Fatalf("%s: params dropped with a layout of the site's own", st.rel)
		}
	}
	sameSite(t, slimRes.Files, wholeRes.Files)

	edits := []struct{ file, from, to string }{
		{"dark-mode.md", "title: Dark Mode", "title: Dark Mode Everywhere"},
		{"checkout-redesign.md", "| Support tickets |", "| Support ticket volume |"},
		{"dark-mode.md", "- [x] Enable", "- [ ] Enable"},
	}
	for _, e := range edits {
		var got [2]*Result
		for i, b := range []*Builder{slimB, wholeB} {
			p := filepath.Join(b.res.Source, "content", "plans", e.file)
			data, err := os.ReadFile(p)
			if err != nil || !strings.Contains(string(data), e.from) {
				t.Fatalf("%s lacks %q (%v)", e.file, e.from, err)
			}
			writeFile(t, p, strings.Replace(string(data), e.from, e.to, 1))
			if got[i], err = b.Rebuild([]string{p}); err != nil {
				t.Fatal(err)
			}
		}
		sameSite(t, got[0].Files, got[1].Files)
		for name, make := range got[1].OnRequest {
			if !bytes.Equal(got[0].OnRequest[name](), make()) {
				t.Errorf("after editing %s: %s differs", e.file, name)
			}
		}
		if !slices.Equal(got[0].Changed, got[1].Changed) {
			t.Errorf("after editing %s: changed %v, whole pages %v", e.file, got[0].Changed, got[1].Changed)
		}
	}
	fresh, _ := build(t, Config{Source: slimSrc, PagesOnly: true})
	if !reflect.DeepEqual(slimB.Pages(), fresh.Pages()) {
		t.Error("the slim builder's page set differs from a fresh one's")
	}
}
