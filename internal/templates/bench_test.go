package templates_test

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	rolloutdocs "github.com/rolloutdocs/rolloutdocs"
	"github.com/rolloutdocs/rolloutdocs/internal/genplans"
	"github.com/rolloutdocs/rolloutdocs/internal/pages"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/rules"
	"github.com/rolloutdocs/rolloutdocs/internal/templates"
)

// BenchmarkRenderPlanPages renders every page of one generated plan (the
// plan page, 4 phase pages and its metric pages) with the built-in
// layouts: the page renderer's share of a build, per plan. "compiled" is
// what builds run; "html-template" the same layouts through
// html/template alone.
//
//	go test ./internal/templates -run '^$' -bench RenderPlanPages -benchmem
func BenchmarkRenderPlanPages(b *testing.B) {
	b.Run("compiled", func(b *testing.B) { benchmarkRenderPlanPages(b, false) })
	b.Run("html-template", func(b *testing.B) { benchmarkRenderPlanPages(b, true) })
}

func benchmarkRenderPlanPages(b *testing.B, interpret bool) {
	theme, err := fs.Sub(rolloutdocs.Theme, "layouts")
	if err != nil {
		b.Fatal(err)
	}
	e, err := templates.Load(theme, "")
	if err != nil {
		b.Fatal(err)
	}
	e.InterpretOnly(interpret)
	s := templates.NewSite("Rollout plans", "/", nil)
	e.SetSite(s)
	var plans [][]*templates.Page
	for i := range 32 {
		path := fmt.Sprintf("content/plans/%s.md", genplans.Slug(i, 1))
		p, ds := plan.Parse(path, genplans.Plan(i, 1))
		out := pages.PlanPages(pages.Site{Title: s.Title}, pages.PlanInput{Plan: p, Diagnostics: append(ds, rules.Check(p)...), SourcePath: path})
		var tps []*templates.Page
		for _, pg := range out.Pages {
			tps = append(tps, &templates.Page{
				Title: pg.Title, RelPermalink: s.RelPermalink(pg.Path), Permalink: s.Permalink(pg.Path),
				Kind: pg.Kind, Type: pg.Type, Layout: pg.Layout, Params: pg.Params, Content: template.HTML(pg.Content), Site: s,
			})
		}
		plans = append(plans, tps)
	}
	var buf bytes.Buffer
	bytesOut := 0
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		for _, pg := range plans[i%len(plans)] {
			buf.Reset()
			if err := e.Render(&buf, pg); err != nil {
				b.Fatal(err)
			}
			bytesOut += buf.Len()
		}
	}
	b.ReportMetric(float64(bytesOut)/float64(b.N), "html-bytes/op")
}

// BenchmarkWherePlans is the index's query, `where site.Pages
// "Params.rollout_page" "plan"`, over the pages of 1,000 generated plans
// (about 10,000), as a serve rebuild runs it: every page but one plan's is
// the one the previous rebuild queried.
//
//	go test ./internal/templates -run '^$' -bench WherePlans -benchmem
func BenchmarkWherePlans(b *testing.B) {
	theme, err := fs.Sub(rolloutdocs.Theme, "layouts")
	if err != nil {
		b.Fatal(err)
	}
	// A home layout that runs only the query.
	dir := b.TempDir()
	query := `{{ len (where site.Pages "Params.rollout_page" "plan") }}`
	if err := os.WriteFile(filepath.Join(dir, "home.html"), []byte(query), 0o644); err != nil {
		b.Fatal(err)
	}
	e, err := templates.Load(theme, dir)
	if err != nil {
		b.Fatal(err)
	}
	s := templates.NewSite("Rollout plans", "/", nil)
	e.SetSite(s)
	newPages := func(i int) []*templates.Page {
		path := fmt.Sprintf("content/plans/%s.md", genplans.Slug(i, 1))
		p, _ := plan.Parse(path, genplans.Plan(i, 1))
		var tps []*templates.Page
		for _, pg := range pages.PlanPages(pages.Site{Title: s.Title}, pages.PlanInput{Plan: p, SourcePath: path}).Pages {
			tps = append(tps, &templates.Page{Title: pg.Title, Kind: pg.Kind, Type: pg.Type, Layout: pg.Layout, Params: pg.Params, Site: s})
		}
		return tps
	}
	const plans = 1000
	byPlan := make([][]*templates.Page, plans)
	for i := range byPlan {
		byPlan[i] = newPages(i)
	}
	home := &templates.Page{Kind: "home", Site: s}
	var buf bytes.Buffer
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		byPlan[i%plans] = newPages(i % plans) // the plan a rebuild re-made
		var all []*templates.Page
		for _, ps := range byPlan {
			all = append(all, ps...)
		}
		s.Pages = all
		buf.Reset()
		b.StartTimer()
		if err := e.Render(&buf, home); err != nil {
			b.Fatal(err)
		}
		if buf.String() != fmt.Sprint(plans) {
			b.Fatalf("where found %s plan pages, want %d", buf.String(), plans)
		}
	}
}
