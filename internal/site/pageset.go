package site

import (
	"github.com/rolloutdocs/rolloutdocs/internal/pages"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// Pages returns the page set of the last build, as internal/pages made it:
// each plan's pages in file order, then the portfolio pages. It is what
// `rolloutdocs export --hugo` hands to Hugo, so Hugo renders exactly the
// pages (paths, titles, layouts, params) this builder rendered. Empty
// before the first Build.
func (b *Builder) Pages() []pages.Page {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.built {
		return nil
	}
	states := b.sortedPlans()
	outs := make([]*pages.PlanOutput, 0, len(states))
	var all []pages.Page
	for _, st := range states {
		if st.out == nil {
			continue
		}
		out := st.out
		if st.slim {
			// Its params went once its pages were rendered: make them
			// again, as preparePlan made them.
			p := st.plan
			if st.dried {
				p, _ = plan.Parse(p.Path, p.Source)
			}
			out = pages.PlanPages(b.psite, pages.PlanInput{Plan: p, Diagnostics: st.shown, SourcePath: st.rel, History: b.hist.For(st.rel)})
		}
		outs = append(outs, out)
		all = append(all, out.Pages...)
	}
	return append(all, pages.PortfolioPages(b.psite, outs)...)
}
