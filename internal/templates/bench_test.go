package templates_test

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
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
// layouts: the page renderer's share of a build, per plan.
//
//	go test ./internal/templates -run '^$' -bench RenderPlanPages -benchmem
func BenchmarkRenderPlanPages(b *testing.B) {
	theme, err := fs.Sub(rolloutdocs.Theme, "layouts")
	if err != nil {
		b.Fatal(err)
	}
	e, err := templates.Load(theme, "")
	if err != nil {
		b.Fatal(err)
	}
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
