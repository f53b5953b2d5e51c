package pages_test

import (
	"fmt"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/genplans"
	"github.com/rolloutdocs/rolloutdocs/internal/pages"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/rules"
)

// benchInputs parses n generated plans with their diagnostics, as the
// builder hands them to PlanPages.
func benchInputs(b *testing.B, n int) []pages.PlanInput {
	b.Helper()
	ins := make([]pages.PlanInput, n)
	for i := range ins {
		path := fmt.Sprintf("content/plans/%s.md", genplans.Slug(i, 1))
		p, ds := plan.Parse(path, genplans.Plan(i, 1))
		ins[i] = pages.PlanInput{Plan: p, Diagnostics: append(ds, rules.Check(p)...), SourcePath: path}
	}
	return ins
}

// BenchmarkPlanPages turns one plan into its page set (plan, phase and
// metric pages with their params and prose HTML), without layouts.
//
//	go test ./internal/pages -run '^$' -bench PlanPages -benchmem
func BenchmarkPlanPages(b *testing.B) {
	ins := benchInputs(b, 64)
	site := pages.Site{Title: "Rollout plans", RepoURL: "https://git.example/plans/blob/main/"}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		out := pages.PlanPages(site, ins[i%len(ins)])
		if len(out.Pages) < 2 {
			b.Fatalf("plan %d: %d pages", i%len(ins), len(out.Pages))
		}
	}
}

// BenchmarkPortfolioPages gathers 1,000 plans into the home, metric list
// and per-metric pages: the cross-portfolio work of a build ("all"), of a
// rebuild after one plan's metrics changed, which needs only that plan's
// metric pages ("one-plan"), and of one after an edit that left every
// metric row as it was.
func BenchmarkPortfolioPages(b *testing.B) {
	ins := benchInputs(b, 1000)
	site := pages.Site{Title: "Rollout plans"}
	outs := make([]*pages.PlanOutput, len(ins))
	for i, in := range ins {
		outs[i] = pages.PlanPages(site, in)
	}
	only := map[string]bool{}
	for _, m := range outs[500].Metrics {
		only[m.Key] = true
	}
	for _, bc := range []struct {
		name string
		only map[string]bool
	}{{"all", nil}, {"one-plan", only}, {"no-metric-changed", map[string]bool{}}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if ps := pages.PortfolioPagesFor(site, outs, bc.only); len(ps) < 3 {
					b.Fatalf("%d portfolio pages", len(ps))
				}
			}
		})
	}
}
