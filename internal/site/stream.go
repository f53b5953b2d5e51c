package site

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/feeds"
	"github.com/rolloutdocs/rolloutdocs/internal/linkcheck"
	"github.com/rolloutdocs/rolloutdocs/internal/pages"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/rules"
	"github.com/rolloutdocs/rolloutdocs/internal/templates"
)

// Sink receives a site's files as BuildTo makes them (output.Writer is
// one). WriteFile is called from several goroutines at once, each name
// once; BuildTo never changes data it has handed over, so a sink may keep
// it rather than copy it.
type Sink interface {
	WriteFile(name string, data []byte) error
	// Create opens a file that is written piece by piece (the JSON
	// indexes); BuildTo closes it.
	Create(name string) (io.WriteCloser, error)
}

// streamBatch is how many plans BuildTo has in flight: enough to keep
// every CPU busy, few enough that their pages and models stay small.
const streamBatch = 128

// oneShotPartials is about how many partialCached results BuildTo keeps:
// the headers (one per page kind) and a plan reference for each plan in
// flight, with room to spare so they seldom push each other out.
const oneShotPartials = 1024

// BuildTo builds the whole site once, as Build does, but hands every file
// to sink as soon as it is rendered instead of keeping the site: a plan's
// model and pages are dropped once its files are written, and what the
// cross-portfolio pages and indexes need of it waits, encoded (spill.go),
// until the end. Memory thus stays flat as a portfolio grows and the
// collector has little to trace; `rolloutdocs build` uses it. The files
// are the bytes Build would return (TestBuildToMatchesBuild). The Result
// has no Files and no Changed list.
//
// Layouts see .Site.Pages. The built-in layouts read there only the plan
// pages and, of those, only what the index row shows; so with them
// .Site.Pages holds the plan pages with their small params (scalars, lists
// and maps of scalars: no prose, charts or lists of phases) and the
// portfolio pages, not the phase and metric pages. A site with layouts of
// its own gets every page in full, at the cost of memory.
//
// BuildTo leaves nothing behind for Rebuild: a Rebuild after it builds
// everything.
func (b *Builder) BuildTo(sink Sink) (*Result, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.built {
		if err := b.configure(); err != nil {
			return nil, err
		}
	}
	// Most cached partials (an index row, a metric row, a plan's
	// reference on its phase and metric pages) are used once or a few
	// times close together in a one-shot build: keeping them all would
	// only hold memory. A bounded cache keeps the recent ones.
	b.engine.LimitPartialCache(oneShotPartials)
	defer func() {
		b.engine.LimitPartialCache(-1)
		b.plans, b.portfolio, b.files, b.built = nil, nil, nil, false
		b.tsite.Pages = nil
	}()
	start := time.Now()
	waitHistory := b.startHistory()
	files, err := b.findPlans()
	waitHistory()
	if err != nil {
		return nil, err
	}
	// Plans are checked one at a time: rules.CheckPortfolio is rules.Check
	// of each plan plus duplicate slugs, which need only the file names.
	dups := duplicateSlugsByFile(files)

	for _, name := range slices.Sorted(maps.Keys(b.assets)) {
		if err := sink.WriteFile(name, b.assets[name]); err != nil {
			return nil, err
		}
	}
	var open []io.Closer // closed on the way out if an error stops the build
	defer func() {
		for _, f := range open {
			f.Close()
		}
	}()
	portfolioFile, err := sink.Create("portfolio.json")
	if err != nil {
		return nil, err
	}
	open = append(open, portfolioFile)
	searchFile, err := sink.Create("search.json")
	if err != nil {
		return nil, err
	}
	open = append(open, searchFile)
	calFile, err := sink.Create(calendarFile)
	if err != nil {
		return nil, err
	}
	open = append(open, calFile)
	portfolioIdx := newPortfolioIndex(portfolioFile, b.tsite)
	searchIdx := newSearchIndex(searchFile)
	calendar := feeds.NewCalendar(calFile, b.tsite.Title)
	var changes []feeds.Change // the newest feeds.MaxEntries so far

	lean := len(b.engine.Overrides()) == 0
	var all []diag.Diagnostic
	var summaries spill
	kept := map[int]*planState{}       // plans the spill cannot encode, by position
	sharedFiles := map[string][]byte{} // pages of plans sharing a slug
	pageCount := 0
	for from := 0; from < len(files); from += streamBatch {
		batch := files[from:min(from+streamBatch, len(files))]
		states := make([]*planState, len(batch))
		written := make([]int, len(batch))
		errs := make([]error, len(batch))
		parallel(len(batch), func(i int) {
			states[i], written[i], errs[i] = b.streamPlan(batch[i], dups[batch[i]], sink, lean)
		})
		for i, st := range states {
			if errs[i] != nil {
				return nil, errs[i]
			}
			pageCount += written[i]
			// In file order, so the indexes come out as Build's do, and
			// of plans sharing a slug the last file's pages win.
			all = append(all, st.diags...)
			portfolioIdx.add(st.json)
			searchIdx.add(st.search)
			calendar.Add(st.events)
			changes = feeds.Latest(append(changes, st.changes...), feeds.MaxEntries)
			if dups[st.file] != nil {
				for _, r := range st.pages {
					sharedFiles[r.file] = r.html
				}
			}
			st.json, st.search, st.diags, st.pages, st.events, st.changes = nil, nil, nil, nil, nil, nil
			if err := summaries.add(st); err != nil {
				kept[from+i] = st
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(sharedFiles)) {
		if err := sink.WriteFile(name, sharedFiles[name]); err != nil {
			return nil, err
		}
	}
	pageCount += len(sharedFiles)
	b.progress(len(files) >= progressThreshold, "rendered %d plans (%d pages) in %s", len(files), pageCount, since(start))

	// The plans' summaries, back as the portfolio pages need them.
	b.plans = make(map[string]*planState, len(files))
	r := newSpillReader(summaries.buf)
	for i := range files {
		st := kept[i]
		if st == nil {
			p := r.next()
			st = &planState{file: p.file, rel: p.rel, out: p.out, sitemap: p.sitemap}
		}
		for _, pg := range st.out.Pages {
			st.pages = append(st.pages, &rendered{page: b.templatePage(pg), file: pg.File()})
		}
		b.plans[st.file] = st
	}
	summaries.buf = nil

	if err := b.streamPortfolio(sink); err != nil {
		return nil, err
	}
	pageCount += len(b.portfolio)
	searchIdx.addPortfolio(b.portfolio)
	if err := portfolioIdx.close(); err != nil {
		return nil, fmt.Errorf("portfolio.json: %w", err)
	}
	if err := searchIdx.close(); err != nil {
		return nil, fmt.Errorf("search.json: %w", err)
	}
	if err := calendar.Close(); err != nil {
		return nil, fmt.Errorf("%s: %w", calendarFile, err)
	}
	for len(open) > 0 {
		f := open[0]
		open = open[1:]
		if err := f.Close(); err != nil {
			return nil, err
		}
	}
	if err := sink.WriteFile("sitemap.xml", sitemapXML(b.tsite, b.sortedPlans(), b.portfolio)); err != nil {
		return nil, err
	}
	if err := sink.WriteFile(feedFile, feeds.Feed(feedSite(b.tsite), changes)); err != nil {
		return nil, err
	}
	all = append(all, b.refusedLinks()...)
	diag.Sort(all)
	return &Result{Diagnostics: all, Plans: len(files), Pages: pageCount}, b.strictErr(all)
}

// streamPortfolio renders the cross-portfolio pages as buildPortfolio
// does, writing each as soon as it is rendered; b.portfolio keeps the
// pages without their bytes, for the indexes.
func (b *Builder) streamPortfolio(sink Sink) error {
	states := b.sortedPlans()
	outs := make([]*pages.PlanOutput, len(states))
	all := make([]*templates.Page, 0, len(states)+1024)
	for i, st := range states {
		outs[i] = st.out
		for _, r := range st.pages {
			all = append(all, r.page)
		}
	}
	b.portfolio = map[string]*rendered{}
	for _, pg := range pages.PortfolioPages(b.psite, outs) {
		b.portfolio[pg.File()] = &rendered{page: b.templatePage(pg), file: pg.File()}
	}
	todo := make([]*rendered, 0, len(b.portfolio))
	for _, name := range slices.Sorted(maps.Keys(b.portfolio)) {
		todo = append(todo, b.portfolio[name])
		all = append(all, b.portfolio[name].page)
	}
	b.tsite.Pages = all
	errs := make([]error, len(todo))
	parallel(len(todo), func(i int) {
		var buf bytes.Buffer
		if err := b.engine.Render(&buf, todo[i].page); err != nil {
			errs[i] = err
			return
		}
		errs[i] = sink.WriteFile(todo[i].file, buf.Bytes())
	})
	return errors.Join(errs...)
}

// streamPlan reads, checks and renders one plan, writes its pages (unless
// its slug is shared), and returns its state with only what the portfolio
// pages and indexes still need, and how many pages it wrote.
func (b *Builder) streamPlan(file string, dupDiags []diag.Diagnostic, sink Sink, lean bool) (st *planState, written int, err error) {
	st = b.checkedPlan(file, dupDiags)
	if err := b.buildPlan(st); err != nil {
		return nil, 0, err
	}
	if dupDiags == nil {
		for _, r := range st.pages {
			if err := sink.WriteFile(r.file, r.html); err != nil {
				return nil, 0, err
			}
			r.html = nil
			written++
		}
	}
	st.plan = nil
	st.diagKey = ""
	if lean {
		// Of the plan's pages, the built-in layouts read only the plan
		// page in .Site.Pages (the index row), and of it only the small
		// params.
		st.out = leanOutput(st.out)
	}
	return st, written, nil
}

// leanOutput keeps of a plan's output what the portfolio pages are made
// from (pages.PortfolioPages): the plan page with its small params, the
// metric rows and the calendar entry.
func leanOutput(out *pages.PlanOutput) *pages.PlanOutput {
	lean := &pages.PlanOutput{Slug: out.Slug, Status: out.Status, Metrics: out.Metrics, Calendar: out.Calendar}
	for _, pg := range out.Pages {
		if pg.Layout == pages.LayoutPlan {
			lean.Pages = append(lean.Pages, pages.Page{
				Path: pg.Path, Kind: pg.Kind, Type: pg.Type, Layout: pg.Layout, Title: pg.Title, Params: leanParams(pg.Params),
			})
		}
	}
	return lean
}

// leanParams copies the small params: scalars, lists of scalars and maps
// of scalars. Prose and charts (keys ending in _html or _svg) and lists
// of records (phases, metrics, triggers, sections, diagnostics) go, but
// for "calendar": the index's row for the plan shows its dated phases
// (a few small records) in the "rolling out this week" strip.
func leanParams(params map[string]any) map[string]any {
	out := make(map[string]any, len(params))
	for k, v := range params {
		if strings.HasSuffix(k, "_html") || strings.HasSuffix(k, "_svg") {
			continue
		}
		if small(v, true) || k == "calendar" {
			out[k] = v
		}
	}
	return out
}

// small reports whether v is a scalar, or (when nested is allowed) a list
// or map of scalars.
func small(v any, nested bool) bool {
	switch t := v.(type) {
	case nil, bool, int, float64, string:
		return true
	case []string:
		return nested
	case []any:
		if !nested {
			return false
		}
		for _, x := range t {
			if !small(x, false) {
				return false
			}
		}
		return true
	case map[string]any:
		if !nested {
			return false
		}
		for _, x := range t {
			if !small(x, false) {
				return false
			}
		}
		return true
	}
	return false
}

// CheckingLinks returns a Sink that hands every file to the link check on
// its way to sink, so a streamed build is checked without keeping its
// pages: HTML pages are read for links and anchors, other files only
// count as link targets.
func CheckingLinks(sink Sink, links *linkcheck.Checker) Sink {
	return linkCheckingSink{sink, links}
}

type linkCheckingSink struct {
	Sink
	links *linkcheck.Checker
}

func (s linkCheckingSink) WriteFile(name string, data []byte) error {
	if strings.HasSuffix(name, ".html") {
		s.links.AddPage(name, data)
	} else {
		s.links.AddFile(name)
	}
	return s.Sink.WriteFile(name, data)
}

func (s linkCheckingSink) Create(name string) (io.WriteCloser, error) {
	s.links.AddFile(name)
	return s.Sink.Create(name)
}

// duplicateSlugsByFile is plan.DuplicateSlugs for plans not read yet (a
// slug comes from the file name), by file.
func duplicateSlugsByFile(files []string) map[string][]diag.Diagnostic {
	stubs := make([]*plan.Plan, len(files))
	for i, f := range files {
		stubs[i] = &plan.Plan{Path: f, Slug: plan.SlugFromPath(f)}
	}
	dups := map[string][]diag.Diagnostic{}
	for _, d := range plan.DuplicateSlugs(stubs) {
		dups[d.File] = append(dups[d.File], d)
	}
	return dups
}

// checkedPlan reads one plan and gives it what rules.CheckPortfolio gives
// its file, in the same order, without the other plans: dupDiags are its
// duplicate-slug diagnostics (duplicateSlugsByFile).
func (b *Builder) checkedPlan(file string, dupDiags []diag.Diagnostic) *planState {
	loaded := plan.LoadFile(file)
	ds := slices.Concat(loaded.Diags, dupDiags, rules.Check(loaded.Plan))
	diag.Sort(ds)
	return &planState{file: file, rel: b.rel(file), plan: loaded.Plan, diags: ds}
}
