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
	feedFile     = "feed.xml"
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

// atomXML is feed.xml from the plans' cached changes.
func atomXML(s *templates.Site, states []*planState) []byte {
	var all []feeds.Change
	for _, st := range states {
		all = append(all, st.changes...)
	}
	return feeds.Feed(feedSite(s), all)
}

// feedSite is what feed.xml says of the site: its title and the
// addresses of its index and of the feed, absolute with a base URL that
// has a host, else root-relative.
func feedSite(s *templates.Site) feeds.FeedSite {
	return feeds.FeedSite{Title: s.Title, HomeURL: sitemapLoc(s, ""), FeedURL: sitemapLoc(s, feedFile)}
}
