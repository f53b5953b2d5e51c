package site

import "github.com/rolloutdocs/rolloutdocs/internal/pages"

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
		outs = append(outs, st.out)
		all = append(all, st.out.Pages...)
	}
	return append(all, pages.PortfolioPages(b.psite, outs)...)
}
