package site

import (
	"github.com/rolloutdocs/rolloutdocs/internal/feeds"
	"github.com/rolloutdocs/rolloutdocs/internal/pages"
	"github.com/rolloutdocs/rolloutdocs/internal/templates"
)

// The site's subscription files (internal/feeds), written beside the
// sitemap.
const (
	calendarFile = "calendar.ics"
)

// feedPlan is what the feeds read of a plan being prepared: its model,
// its pages' addresses (as the sitemap writes them) and its history.
func (b *Builder) feedPlan(st *planState) feeds.Plan {
	fp := feeds.Plan{Plan: st.plan, URL: sitemapLoc(b.tsite, pages.PlanURL(st.plan.Slug)), History: b.hist.For(st.rel)}
	for _, pg := range st.out.Pages {
		if pg.Layout == pages.LayoutPhase {
			fp.PhaseURLs = append(fp.PhaseURLs, sitemapLoc(b.tsite, pg.Path))
		}
	}
	return fp
}

// calendarICS is calendar.ics from the plans' cached events.
func calendarICS(s *templates.Site, states []*planState) []byte {
	events := make([][]byte, len(states))
	for i, st := range states {
		events[i] = st.events
	}
	return feeds.Calendar(s.Title, events)
}
