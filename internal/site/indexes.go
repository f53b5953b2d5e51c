package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"maps"
	"slices"
	"sync"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/pages"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/templates"
)

// planRecord is a plan's entry in portfolio.json: the model, with the path
// relative to the source root (so the file is the same on every machine),
// where its page is, and its diagnostics.
type planRecord struct {
	*plan.Plan
	Path        string            `json:"path"`
	URL         string            `json:"url"`
	Valid       bool              `json:"valid"`
	Diagnostics []diag.Diagnostic `json:"diagnostics"`
}

// siteIndexes are the site-wide index files.
type siteIndexes struct{ portfolio, search, sitemap, calendar, feed []byte }

// indexes makes portfolio.json, search.json, sitemap.xml, calendar.ics
// and feed.xml from the plans' cached fragments and the portfolio pages,
// the first two on goroutines of their own: each is a few MB to copy at
// 1,000 plans.
func (b *Builder) indexes(states []*planState, portfolioPages map[string]*rendered) siteIndexes {
	var x siteIndexes
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		x.portfolio = portfolioJSON(b.tsite, states)
	}()
	go func() {
		defer wg.Done()
		x.search = searchJSON(states, portfolioPages)
	}()
	x.sitemap = sitemapXML(b.tsite, states, portfolioPages)
	x.calendar = calendarICS(b.tsite, states)
	x.feed = atomXML(b.tsite, states)
	wg.Wait()
	return x
}

// indexesOnRequest returns functions that make the index files as they
// are now, when first called. They keep what the files are made of, not
// the builder's state, which later builds change: the plans' fragments
// (slices that a build replaces, never writes into), the portfolio pages
// (a map a build replaces whole) and the site's title and base URL.
func (b *Builder) indexesOnRequest(states []*planState, portfolio map[string]*rendered) map[string]func() []byte {
	kept := make([]*planState, len(states))
	for i, st := range states {
		kept[i] = &planState{json: st.json, search: st.search, sitemap: st.sitemap, events: st.events, changes: st.changes}
	}
	site := templates.NewSite(b.tsite.Title, b.tsite.BaseURL, nil)
	var later []string // pages made on request, for the sitemap
	onRequest := map[string]func() []byte{
		"portfolio.json": sync.OnceValue(func() []byte { return portfolioJSON(site, kept) }),
		"search.json":    sync.OnceValue(func() []byte { return searchJSON(kept, portfolio) }),
		calendarFile:     sync.OnceValue(func() []byte { return calendarICS(site, kept) }),
		feedFile:         sync.OnceValue(func() []byte { return atomXML(site, kept) }),
	}
	if b.calendarOnRequest() {
		onRequest[calendarPageFile] = b.calendarOnRequestFunc(states)
		later = append(later, calendarPageFile)
	}
	onRequest["sitemap.xml"] = sync.OnceValue(func() []byte { return sitemapXML(site, kept, portfolio, later...) })
	return onRequest
}

func planJSON(st *planState, s *templates.Site) ([]byte, error) {
	ds := st.diags
	if ds == nil {
		ds = []diag.Diagnostic{}
	}
	rec := planRecord{Plan: st.plan, Path: st.rel, URL: s.RelPermalink(pages.PlanURL(st.plan.Slug)), Valid: !diag.HasErrors(st.diags), Diagnostics: ds}
	b, err := json.Marshal(rec)
	if err != nil {
		return nil, fmt.Errorf("%s: portfolio.json entry: %w", st.rel, err)
	}
	return b, nil
}

// portfolioJSON is the whole model for other tools, from the cached
// per-plan entries so a rebuild does not marshal every plan again.
func portfolioJSON(s *templates.Site, states []*planState) []byte {
	size := 64
	for _, st := range states {
		size += len(st.json) + 2
	}
	buf := bytes.NewBuffer(make([]byte, 0, size+256))
	x := newPortfolioIndex(buf, s)
	for _, st := range states {
		x.add(st.json)
	}
	x.close()
	return buf.Bytes()
}

// portfolioIndex writes portfolio.json one plan entry at a time, so
// BuildTo can stream it; portfolioJSON writes it whole the same way.
type portfolioIndex struct {
	w *errWriter
	n int
}

func newPortfolioIndex(w io.Writer, s *templates.Site) *portfolioIndex {
	x := &portfolioIndex{w: &errWriter{w: w}}
	head, _ := json.Marshal(map[string]any{"title": s.Title, "base_url": s.BaseURL})
	x.w.WriteString(`{"site":`)
	x.w.Write(head)
	x.w.WriteString(`,"plans":[`)
	return x
}

func (x *portfolioIndex) add(entry []byte) {
	if x.n > 0 {
		x.w.WriteString(",")
	}
	x.w.WriteString("\n")
	x.w.Write(entry)
	x.n++
}

// close ends the file; it returns the first write error.
func (x *portfolioIndex) close() error {
	x.w.WriteString("\n]}\n")
	return x.w.err
}

// errWriter keeps the first write error, so a file written in many
// pieces is checked once at the end.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err == nil {
		_, e.err = e.w.Write(p)
	}
	return len(p), nil
}

func (e *errWriter) WriteString(s string) { e.Write([]byte(s)) }

// searchEntry is one result the search box can show. Keys are short
// because the index is downloaded whole.
type searchEntry struct {
	Title string `json:"t"`
	URL   string `json:"u"` // site path, relative to the base URL
	Kind  string `json:"k"`
	Plan  string `json:"p,omitempty"`
	Text  string `json:"x,omitempty"`
}

var searchKinds = map[string]string{
	pages.LayoutPlan:            "Plan",
	pages.LayoutPhase:           "Phase",
	pages.LayoutMetric:          "Metric",
	pages.LayoutPortfolioMetric: "Metric across plans",
}

func searchEntries(ps []pages.Page, planTitle string) []byte {
	// Sized for the entries at once, and encoded straight into it (what
	// json.Marshal does, without a copy per entry).
	size := 0
	for _, pg := range ps {
		t, _ := pg.Params["search_text"].(string)
		size += len(t) + len(pg.Title) + len(pg.Path) + len(planTitle) + 64
	}
	buf := bytes.NewBuffer(make([]byte, 0, size))
	enc := json.NewEncoder(buf)
	for _, pg := range ps {
		kind, ok := searchKinds[pg.Layout]
		if !ok {
			continue
		}
		e := searchEntry{Title: pg.Title, URL: pg.Path, Kind: kind}
		if pg.Layout != pages.LayoutPlan {
			e.Plan = planTitle
		}
		if t, ok := pg.Params["search_text"].(string); ok {
			e.Text = t
		}
		buf.WriteString(",\n")
		// A struct of strings cannot fail to encode; Encode ends the
		// entry with a newline, which goes.
		enc.Encode(e)
		buf.Truncate(buf.Len() - 1)
	}
	return buf.Bytes()
}

func searchJSON(states []*planState, portfolio map[string]*rendered) []byte {
	size := 64
	for _, st := range states {
		size += len(st.search)
	}
	buf := bytes.NewBuffer(make([]byte, 0, size+len(portfolio)*256))
	x := newSearchIndex(buf)
	for _, st := range states {
		x.add(st.search)
	}
	x.addPortfolio(portfolio)
	x.close()
	return buf.Bytes()
}

// searchIndex writes search.json one plan's entries at a time (BuildTo
// streams it), then the cross-portfolio pages' entries.
type searchIndex struct {
	w     *errWriter
	first bool
}

func newSearchIndex(w io.Writer) *searchIndex {
	x := &searchIndex{w: &errWriter{w: w}, first: true}
	x.w.WriteString("[")
	return x
}

// add writes entries as searchEntries makes them, each after ",\n".
func (x *searchIndex) add(frag []byte) {
	if len(frag) == 0 {
		return
	}
	if x.first {
		frag = frag[1:] // drop the leading comma
		x.first = false
	}
	x.w.Write(frag)
}

func (x *searchIndex) addPortfolio(portfolio map[string]*rendered) {
	for _, name := range slices.Sorted(maps.Keys(portfolio)) {
		r := portfolio[name]
		if r.page.Layout != pages.LayoutPortfolioMetric {
			continue
		}
		x.add(searchEntries([]pages.Page{{Path: pathOf(name), Title: r.page.Title, Layout: r.page.Layout, Params: r.page.Params}}, ""))
	}
}

// close ends the file; it returns the first write error.
func (x *searchIndex) close() error {
	x.w.WriteString("\n]\n")
	return x.w.err
}

func pathOf(file string) string {
	if file == "index.html" {
		return ""
	}
	if len(file) > len("index.html") && file[len(file)-len("/index.html"):] == "/index.html" {
		return file[:len(file)-len("index.html")]
	}
	return file
}

func sitemapEntries(s *templates.Site, ps []pages.Page) []byte {
	var buf bytes.Buffer
	for _, pg := range ps {
		fmt.Fprintf(&buf, "<url><loc>%s</loc></url>\n", html.EscapeString(sitemapLoc(s, pg.Path)))
	}
	return buf.Bytes()
}

// later are portfolio pages made on request (not in portfolio), listed
// with them.
func sitemapXML(s *templates.Site, states []*planState, portfolio map[string]*rendered, later ...string) []byte {
	size := 256 + len(portfolio)*128
	for _, st := range states {
		size += len(st.sitemap)
	}
	buf := bytes.NewBuffer(make([]byte, 0, size))
	buf.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	names := slices.AppendSeq(slices.Clone(later), maps.Keys(portfolio))
	slices.Sort(names)
	for _, name := range names {
		if r := portfolio[name]; r == nil || r.page.Kind != "404" {
			fmt.Fprintf(buf, "<url><loc>%s</loc></url>\n", html.EscapeString(sitemapLoc(s, pathOf(name))))
		}
	}
	for _, st := range states {
		buf.Write(st.sitemap)
	}
	buf.WriteString("</urlset>\n")
	return buf.Bytes()
}
