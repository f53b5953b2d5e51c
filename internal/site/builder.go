// Package site builds the static site from a source directory, in memory:
// it loads the plans, asks the rules for diagnostics, turns the model into
// pages (internal/pages), renders them with the layouts
// (internal/templates) and adds the assets, the search index, the sitemap
// and portfolio.json. A Builder keeps what it built, so a Rebuild after a
// change re-renders only what the change touches; `serve` relies on that.
package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	rolloutdocs "github.com/rolloutdocs/rolloutdocs"
	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/feeds"
	"github.com/rolloutdocs/rolloutdocs/internal/history"
	"github.com/rolloutdocs/rolloutdocs/internal/pages"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/rules"
	"github.com/rolloutdocs/rolloutdocs/internal/sourcetree"
	"github.com/rolloutdocs/rolloutdocs/internal/templates"
)

// ErrStrict is returned (with a complete Result) when Config.Strict is set
// and a plan has errors or warnings.
var ErrStrict = errors.New("plans have problems and strict mode is on")

// Result is the site after a build.
type Result struct {
	// Files is the complete site (but for what Config.PagesOnly and
	// Config.IndexesOnRequest leave out): slash paths without a leading
	// slash ("plans/x/index.html", "rolloutdocs/style.css") mapped to
	// their bytes. Results share unchanged byte slices with earlier ones,
	// so callers must not modify them.
	Files map[string][]byte
	// Changed lists the site paths added, changed or removed by this
	// build, sorted.
	Changed []string
	// Diagnostics are what `check` reports for the same sources.
	Diagnostics []diag.Diagnostic
	// Plans and Pages count the plans built and the HTML pages written.
	Plans, Pages int
	// OnRequest holds, with Config.IndexesOnRequest, the site files made
	// when first asked for (the index files), by path. Each function is
	// safe for concurrent use and returns the same bytes every time: the
	// files as of this build, whatever builds come after.
	OnRequest map[string]func() []byte
}

// Builder builds one source directory, again and again.
type Builder struct {
	mu  sync.Mutex
	cfg Config // as given to New
	res Config // with the config file and defaults applied

	contentDir string
	engine     *templates.Engine
	tsite      *templates.Site
	psite      pages.Site
	assets     map[string][]byte
	// tree reads the sources; refused are the symlinks it did not follow
	// in the config file, layouts/ and static/ (configure), planRefused
	// those under content/ (findPlans). Both are reported as warnings.
	tree        *sourcetree.Tree
	refused     []diag.Diagnostic
	planRefused []diag.Diagnostic

	plans map[string]*planState // by file path as found under content/
	// ordered is plans sorted by file, as sortedPlans last made it.
	ordered []*planState
	// portfolio holds the rendered cross-portfolio pages by site path.
	portfolio map[string]*rendered
	files     map[string][]byte
	pageCount int
	built     bool
	// hist is the source's history from git, read at each full build
	// (Config.GitHistory); nil without.
	hist *history.History
}

// planState is one plan file as last built.
type planState struct {
	file       string
	rel        string // relative to Source, slash separated
	plan       *plan.Plan
	parseDiags []diag.Diagnostic
	// diags are the plan's diagnostics (parse and rules) as last shown on
	// its pages.
	diags   []diag.Diagnostic
	diagKey string
	// rules caches rules.Check for rulesFor, so a rebuild checks only
	// the plans that changed.
	rules    []diag.Diagnostic
	rulesFor *plan.Plan
	out      *pages.PlanOutput
	pages    []*rendered
	json     []byte         // its entry in portfolio.json
	search   []byte         // its entries in search.json
	sitemap  []byte         // its <url> entries
	events   []byte         // its VEVENTs in calendar.ics
	changes  []feeds.Change // its entries for feed.xml, newest first
	metricKs []string
	// frozen is set while the file cannot be read: the plan, pages and
	// fragments are the last good ones.
	frozen bool
	// dried is set once the plan is reduced to its source (see dry).
	dried bool
	// slim is set once the pages' params are dropped (see slim); shown
	// are then the diagnostics the pages were made with, so Pages can
	// make them again.
	slim  bool
	shown []diag.Diagnostic
}

// dry keeps of the plan, once its pages and rules result are made, only
// what names it (its path and slug, for duplicate slugs) and its source:
// a builder kept for rebuilds holds every plan, and their models were
// most of what the garbage collector traced on each cycle (at 1,000
// plans, the syntax trees were ~90 MB of a 350 MB heap; at 10,000, the
// models without them still 1.5M objects, scattered among the spans the
// build's garbage left). wet parses the source again when it is needed.
func (st *planState) dry() {
	old := st.plan
	if old == nil || old.Doc == nil {
		return // not parsed from its source (unreadable), or dry already
	}
	st.plan = &plan.Plan{Path: old.Path, Slug: old.Slug, Source: old.Source}
	st.dried = true
	if st.rulesFor == old {
		st.rulesFor = st.plan // the same plan: its rules result holds
	}
}

// slimPages reports whether a plan's page params can go once its pages
// are rendered (slim): with the built-in layouts, the only page that reads
// other pages' params is the home page (the plan pages in .Site.Pages, and
// of those the small params; BuildTo relies on the same). A site's own
// layouts may read anything in .Site.Pages, so they keep every page whole.
func (b *Builder) slimPages() bool {
	return !b.res.PagesOnly && len(b.engine.Overrides()) == 0
}

// slim drops the params of a plan's rendered pages but for what
// .Site.Pages shows of them (leanOutput: the plan page's small params; the
// metric rows stay for the portfolio pages). A builder kept for rebuilds
// holds every plan: their params (prose, charts, lists of phases, tasks
// and triggers as maps) were a third of its heap at 10,000 plans, and most
// of its objects. Pages makes them again when asked.
func (b *Builder) slim(st *planState) {
	if st.slim || st.out == nil {
		return
	}
	st.out = leanOutput(st.out)
	for _, r := range st.pages {
		r.page = nil
	}
	for _, pg := range st.out.Pages {
		for _, r := range st.pages {
			if r.file == pg.File() {
				r.page = b.templatePage(pg)
			}
		}
	}
	st.slim, st.shown = true, st.diags
}

// wet gives the plan back its model and syntax tree, parsing its source
// again (which makes the same plan), before the rules or the pages read it.
func (st *planState) wet() {
	if !st.dried {
		return
	}
	old := st.plan
	st.plan, _ = plan.Parse(old.Path, old.Source)
	st.dried = false
	if st.rulesFor == old {
		st.rulesFor = st.plan // the same plan: its rules result holds
	}
}

// rendered is one page and its bytes.
type rendered struct {
	page *templates.Page
	file string
	html []byte
}

// New prepares a builder; nothing is read until Build.
func New(cfg Config) (*Builder, error) {
	b := &Builder{cfg: cfg}
	if err := b.configure(); err != nil {
		return nil, err
	}
	return b, nil
}

// configure (re)reads the config file, layouts and assets.
func (b *Builder) configure() error {
	source := b.cfg.Source
	if source == "" {
		source = "."
	}
	tree := sourcetree.New(b.cfg.FollowSymlinks, source)
	var refused []diag.Diagnostic
	refuse := func(r *sourcetree.Refusal) { refused = append(refused, plan.SymlinkRefused(r)) }
	res, err := resolved(b.cfg, tree, refuse)
	if err != nil {
		return err
	}
	contentDir := filepath.Join(res.Source, "content")
	if info, err := os.Stat(contentDir); err != nil || !info.IsDir() {
		return fmt.Errorf("%w: %s has no content/ directory (put the plans in %s/plans/*.md, or pass --source)",
			plan.ErrNoPath, displayDir(res.Source), filepath.ToSlash(contentDir))
	}
	theme, err := fs.Sub(rolloutdocs.Theme, "layouts")
	if err != nil {
		return fmt.Errorf("embedded layouts: %w", err)
	}
	engine, err := templates.LoadTree(theme, filepath.Join(res.Source, "layouts"), tree, refuse)
	if err != nil {
		return fmt.Errorf("layouts: %w", err)
	}
	assets, err := loadAssets(filepath.Join(res.Source, "static"), tree, refuse)
	if err != nil {
		return err
	}
	b.res = res
	b.tree, b.refused = tree, refused
	b.contentDir = contentDir
	b.engine = engine
	engine.InterpretOnly(res.InterpretLayouts)
	b.assets = assets
	b.psite = pages.Site{Title: res.Title, RepoURL: res.RepoURL}
	b.tsite = templates.NewSite(res.Title, res.BaseURL, map[string]any{"repo_url": res.RepoURL})
	engine.SetSite(b.tsite)
	return nil
}

func displayDir(d string) string {
	if d == "." {
		return "the current directory"
	}
	return d
}

// loadAssets reads the embedded static/ with a site's static/ overriding
// it file by file.
func loadAssets(overrideDir string, tree *sourcetree.Tree, refused func(*sourcetree.Refusal)) (map[string][]byte, error) {
	assets := map[string][]byte{}
	err := fs.WalkDir(rolloutdocs.Theme, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(rolloutdocs.Theme, p)
		assets[strings.TrimPrefix(p, "static/")] = data
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("embedded static files: %w", err)
	}
	if _, err := os.Stat(overrideDir); errors.Is(err, fs.ErrNotExist) {
		return assets, nil
	}
	err = tree.WalkDir(overrideDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && p != overrideDir {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(overrideDir, p)
		if err != nil {
			return err
		}
		data, err := tree.ReadFile(p)
		assets[filepath.ToSlash(rel)] = data
		return err
	}, refused)
	if err != nil {
		return nil, fmt.Errorf("static files in %s: %w", overrideDir, err)
	}
	return assets, nil
}

// Config returns the settings in force: flags, then the config file, then
// defaults.
func (b *Builder) Config() Config {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.res
}

// Build builds the whole site from the sources.
func (b *Builder) Build() (*Result, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buildAll()
}

func (b *Builder) buildAll() (*Result, error) {
	if b.built {
		// Settings, layouts or assets may have changed.
		if err := b.configure(); err != nil {
			return nil, err
		}
	}
	start := time.Now()
	waitHistory := b.startHistory()
	files, err := b.findPlans()
	if err != nil {
		waitHistory()
		return nil, err
	}
	// Each plan is read and checked, then dried (dry): the pages parse it
	// again when they are made. Kept whole until then, every plan's syntax
	// tree and model was live at once, with the rendered site growing
	// beside them: at 10,000 plans the heap peaked at 1.8 GB live.
	old := b.plans
	states := make([]*planState, len(files))
	parallel(len(files), func(i int) {
		loaded := plan.LoadFile(files[i])
		st := &planState{file: files[i], rel: b.rel(files[i]), plan: loaded.Plan, parseDiags: loaded.Diags}
		if prev := old[files[i]]; prev != nil && prev.out != nil && unreadable(loaded.Diags) {
			// A layout or config change while a plan is broken: keep
			// showing its last good version.
			st.plan, st.frozen, st.dried = prev.plan, true, prev.dried
		}
		st.wet()
		st.rules, st.rulesFor = rules.Check(st.plan), st.plan
		if !b.res.PagesOnly {
			// export --hugo runs once and renders nothing: parsing every
			// plan a second time would cost it a fifth more CPU for less
			// memory it does not keep long.
			st.dry()
		}
		states[i] = st
	})
	b.plans = make(map[string]*planState, len(files))
	for _, st := range states {
		b.plans[st.file] = st
	}
	b.progress(len(files) >= progressThreshold, "read and checked %d plans in %s", len(files), since(start))
	waitHistory()
	diags := b.diagnose()
	renderStart := time.Now()
	var todo []*planState
	for _, st := range b.plans {
		todo = append(todo, st)
	}
	if err := b.buildPlans(todo); err != nil {
		return nil, err
	}
	b.portfolio = map[string]*rendered{}
	if err := b.buildPortfolio(nil); err != nil {
		return nil, err
	}
	res, err := b.assemble(diags)
	if err != nil {
		return nil, err
	}
	b.progress(len(files) >= progressThreshold, "rendered %d pages in %s", res.Pages, since(renderStart))
	b.built = true
	return res, b.strictErr(diags)
}

const progressThreshold = 200

// startHistory reads the source's history from git (when Config.GitHistory
// asks for it) while the plans are read, and returns the function that
// waits for it: git's two processes then cost the build little more than
// the wait for the slower of the two. Without history (no git, a shallow
// clone...) it prints the one-line reason to Config.Progress.
func (b *Builder) startHistory() (wait func()) {
	if !b.res.GitHistory {
		b.hist, b.psite.History = nil, false
		return func() {}
	}
	done := make(chan *history.History, 1)
	go func() { done <- history.Read(context.Background(), b.res.Source) }()
	return func() {
		h := <-done
		b.hist, b.psite.History = h, h.Note == ""
		if h.Note != "" && b.res.Progress != nil {
			fmt.Fprintf(b.res.Progress, "note: %s; pages show no history\n", h.Note)
		}
	}
}

func (b *Builder) progress(show bool, format string, args ...any) {
	if b.res.Progress != nil && show {
		fmt.Fprintf(b.res.Progress, format+"\n", args...)
	}
}

func since(t time.Time) string { return time.Since(t).Round(time.Millisecond).String() }

func (b *Builder) strictErr(ds []diag.Diagnostic) error {
	if b.res.Strict && len(ds) > 0 {
		e, w := diag.Count(ds)
		return fmt.Errorf("%w: %d errors, %d warnings", ErrStrict, e, w)
	}
	return nil
}

// unreadable reports whether a parse found nothing worth showing: the
// file could not be read or its front matter could not be parsed at all.
// Such a plan keeps its last good pages.
func unreadable(ds []diag.Diagnostic) bool {
	for _, d := range ds {
		switch {
		case strings.HasPrefix(d.Rule, "file/") && d.Rule != plan.RuleFileDuplicate:
			return true
		case d.Rule == plan.RuleFMSyntax, d.Rule == plan.RuleFMUnclosed, d.Rule == plan.RuleFMTOML,
			d.Rule == plan.RuleFMMissing, d.Rule == plan.RuleFMNotMapping, d.Rule == plan.RuleFMLegacyHeader:
			return true
		}
	}
	return false
}

func (b *Builder) rel(file string) string {
	r, err := filepath.Rel(b.res.Source, file)
	if err != nil {
		return filepath.ToSlash(file)
	}
	return filepath.ToSlash(r)
}

// sortedPlans returns the plan states in file order. Callers must not
// modify the slice. A rebuild asks several times for a set that rarely
// changes, so the order is kept while it still holds every plan, as it is
// now in b.plans (checking that costs a lookup a plan; sorting, a
// thousand comparisons of paths).
func (b *Builder) sortedPlans() []*planState {
	if b.ordered != nil && len(b.ordered) == len(b.plans) && b.orderedHolds() {
		return b.ordered
	}
	out := make([]*planState, 0, len(b.plans))
	for _, st := range b.plans {
		out = append(out, st)
	}
	slices.SortFunc(out, func(a, c *planState) int { return strings.Compare(a.file, c.file) })
	b.ordered = out
	return out
}

func (b *Builder) orderedHolds() bool {
	for _, st := range b.ordered {
		if b.plans[st.file] != st {
			return false
		}
	}
	return true
}

// diagnose runs the rules over the portfolio and hands each plan its
// diagnostics. It returns every diagnostic, sorted. Each plan keeps its
// rules.Check result for as long as its model stays the same, so a
// rebuild checks only the plans that changed, and the first rebuild after
// a build checks no more than later ones. The result is what
// rules.CheckPortfolio gives (those results plus the parse diagnostics,
// sorted); TestRebuildMatchesFullBuild holds the two ways to the same
// answer.
// findPlans lists the plan files under content/ and keeps the symlinks it
// did not follow for refusedLinks.
func (b *Builder) findPlans() ([]string, error) {
	files, refused, err := plan.FindFilesIn(b.tree, b.contentDir)
	b.planRefused = refused
	return files, err
}

// refusedLinks are the warnings for every symlink the last build did not
// follow.
func (b *Builder) refusedLinks() []diag.Diagnostic {
	return append(slices.Clone(b.refused), b.planRefused...)
}

func (b *Builder) diagnose() []diag.Diagnostic {
	states := b.sortedPlans()
	pf := &plan.Portfolio{Plans: make([]*plan.Plan, 0, len(states))}
	var stale []*planState
	for _, st := range states {
		pf.Plans = append(pf.Plans, st.plan)
		pf.Diagnostics = append(pf.Diagnostics, st.parseDiags...)
		if st.rulesFor != st.plan {
			stale = append(stale, st)
		}
	}
	pf.Diagnostics = append(pf.Diagnostics, plan.DuplicateSlugs(pf.Plans)...)
	pf.Diagnostics = append(pf.Diagnostics, b.refusedLinks()...)
	parallel(len(stale), func(i int) {
		st := stale[i]
		st.wet()
		st.rules, st.rulesFor = rules.Check(st.plan), st.plan
	})
	all := slices.Clone(pf.Diagnostics)
	for _, st := range states {
		all = append(all, st.rules...)
	}
	diag.Sort(all)
	byFile := map[string][]diag.Diagnostic{}
	for _, d := range all {
		byFile[d.File] = append(byFile[d.File], d)
	}
	for _, st := range states {
		st.diags = byFile[st.file]
	}
	return all
}

func diagKey(ds []diag.Diagnostic) string {
	var sb strings.Builder
	for _, d := range ds {
		sb.WriteString(d.String())
		sb.WriteByte('\n')
	}
	return sb.String()
}

// buildPlans turns plans into pages and renders them, in parallel.
func (b *Builder) buildPlans(states []*planState) error {
	errs := make([]error, len(states))
	slim := b.slimPages()
	parallel(len(states), func(i int) {
		errs[i] = b.buildPlan(states[i])
		if errs[i] == nil && slim {
			b.slim(states[i])
		}
		// Parsed again for its pages (wet), the plan dries as soon as
		// they are rendered, while the others render.
		states[i].dry()
	})
	return errors.Join(errs...)
}

// buildPlan makes a plan's pages and index fragments and renders the
// pages.
func (b *Builder) buildPlan(st *planState) error {
	if err := b.preparePlan(st); err != nil {
		return err
	}
	if b.res.PagesOnly {
		return nil
	}
	// The pages are rendered into a buffer reused from plan to plan (one
	// of its own grew anew for every plan, through a dozen copies), and
	// copied out at their size.
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer renderBuffers.Put(buf)
	for _, r := range st.pages {
		buf.Reset()
		if err := b.engine.Render(buf, r.page); err != nil {
			return fmt.Errorf("%s: %w", st.rel, err)
		}
		r.html = bytes.Clone(buf.Bytes())
	}
	return nil
}

var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// preparePlan makes a plan's pages (without their HTML), its metric keys
// and its fragments of the index files.
func (b *Builder) preparePlan(st *planState) error {
	st.wet()
	st.slim, st.shown = false, nil
	st.diagKey = diagKey(st.diags)
	st.out = pages.PlanPages(b.psite, pages.PlanInput{Plan: st.plan, Diagnostics: st.diags, SourcePath: st.rel, History: b.hist.For(st.rel)})
	st.pages = st.pages[:0]
	for _, pg := range st.out.Pages {
		st.pages = append(st.pages, &rendered{page: b.templatePage(pg), file: pg.File()})
	}
	st.metricKs = st.metricKs[:0]
	for _, m := range st.out.Metrics {
		st.metricKs = append(st.metricKs, m.Key)
	}
	var err error
	if st.json, err = planJSON(st, b.tsite); err != nil {
		return err
	}
	st.search = searchEntries(st.out.Pages, st.plan.Title())
	st.sitemap = sitemapEntries(b.tsite, st.out.Pages)
	fp := b.feedPlan(st)
	st.events, st.changes = feeds.Events(fp), feeds.Changes(fp, b.psite.History)
	return nil
}

// renderPlanPages renders the pages preparePlan made for states, page by
// page side by side: a rebuild has a plan or two, with ten pages each.
func (b *Builder) renderPlanPages(states []*planState) error {
	if b.res.PagesOnly {
		return nil
	}
	var todo []*rendered
	var of []*planState
	for _, st := range states {
		for _, r := range st.pages {
			todo = append(todo, r)
			of = append(of, st)
		}
	}
	errs := make([]error, len(todo))
	parallel(len(todo), func(i int) {
		var buf bytes.Buffer
		if err := b.engine.Render(&buf, todo[i].page); err != nil {
			errs[i] = fmt.Errorf("%s: %w", of[i].rel, err)
			return
		}
		todo[i].html = buf.Bytes()
	})
	return errors.Join(errs...)
}

// calendarPageFile is the portfolio calendar's site file.
const calendarPageFile = pages.CalendarURL + "index.html"

// calendarOnRequest reports whether the calendar page, like the index
// files, is made when first asked for (Config.IndexesOnRequest): it holds
// every dated phase of every plan, and redrawing it after each save was
// 10 to 20 ms of a 1,000-plan rebuild, for a page the author seldom has
// open. A site's own layouts may fail on it, which the build must report
// when it happens, so with them it is rendered with the other pages.
func (b *Builder) calendarOnRequest() bool {
	return b.res.IndexesOnRequest && !b.res.PagesOnly && len(b.engine.Overrides()) == 0
}

// calendarOnRequestFunc returns the function that renders the calendar as
// of this build, for Result.OnRequest. It keeps the plans' calendar
// entries (values) and a copy of the site (later builds replace its
// Pages, which the built-in calendar layout does not read).
func (b *Builder) calendarOnRequestFunc(states []*planState) func() []byte {
	outs := make([]*pages.PlanOutput, 0, len(states))
	for _, st := range states {
		if st.out != nil {
			outs = append(outs, &pages.PlanOutput{Calendar: st.out.Calendar})
		}
	}
	psite, tsite := b.psite, *b.tsite
	return sync.OnceValue(func() []byte {
		pg := b.templatePage(pages.CalendarPage(psite, outs))
		pg.Site = &tsite
		var buf bytes.Buffer
		if err := b.engine.Render(&buf, pg); err != nil {
			// The built-in layout rendered it at every test: a failure
			// here is a bug, said on the page rather than a blank one.
			return []byte("<!DOCTYPE html><html lang=\"en\"><title>Calendar</title><p>The calendar could not be rendered: " + html.EscapeString(err.Error()) + "</p></html>\n")
		}
		return buf.Bytes()
	})
}

func (b *Builder) templatePage(pg pages.Page) *templates.Page {
	return &templates.Page{
		Title:        pg.Title,
		RelPermalink: b.tsite.RelPermalink(pg.Path),
		Permalink:    b.tsite.Permalink(pg.Path),
		Kind:         pg.Kind,
		Type:         pg.Type,
		Layout:       pg.Layout,
		Params:       pg.Params,
		Content:      template.HTML(pg.Content),
		Site:         b.tsite,
	}
}

// buildPortfolio renders the cross-portfolio pages. With onlyKeys set,
// metric pages for other keys keep their last rendering (their rows did not
// change).
func (b *Builder) buildPortfolio(onlyKeys map[string]bool) error {
	next, todo := b.portfolioPages(onlyKeys)
	if err := b.renderPortfolio(todo); err != nil {
		return err
	}
	b.portfolio = next
	return nil
}

// portfolioPages makes the cross-portfolio pages (keeping, with onlyKeys
// set, the rendering of metric pages for other keys) and sets .Site.Pages.
// It returns every portfolio page by site file, and those to render.
func (b *Builder) portfolioPages(onlyKeys map[string]bool) (next map[string]*rendered, todo []*rendered) {
	states := b.sortedPlans()
	outs := make([]*pages.PlanOutput, len(states))
	for i, st := range states {
		outs[i] = st.out
	}
	// Metric pages whose rows did not change keep their rendering; any
	// key without one (new to the site) is rendered too.
	var keep []string
	if onlyKeys != nil {
		seen := map[string]bool{} // a key is on many plans
		for _, st := range states {
			for _, k := range st.metricKs {
				if seen[k] {
					continue
				}
				seen[k] = true
				file := pages.PortfolioMetricURL(k) + "index.html"
				switch {
				case onlyKeys[k]:
				case b.portfolio[file] != nil:
					keep = append(keep, file)
				default:
					onlyKeys[k] = true
				}
			}
		}
	}
	pp := pages.PortfolioPagesFor(b.psite, outs, onlyKeys)
	if !b.calendarOnRequest() {
		pp = append(pp, pages.CalendarPage(b.psite, outs))
	}
	next = make(map[string]*rendered, len(pp)+len(keep))
	for _, pg := range pp {
		r := &rendered{page: b.templatePage(pg), file: pg.File()}
		next[r.file] = r
		todo = append(todo, r)
	}
	for _, file := range keep {
		next[file] = b.portfolio[file]
	}
	// The home page ranges over .Site.Pages, so it must hold every page,
	// in a stable order.
	all := make([]*templates.Page, 0, len(next)+len(states)*12)
	for _, st := range states {
		for _, r := range st.pages {
			if r.page != nil { // slim: only the plan page is shown
				all = append(all, r.page)
			}
		}
	}
	for _, file := range slices.Sorted(maps.Keys(next)) {
		all = append(all, next[file].page)
	}
	b.tsite.Pages = all
	return next, todo
}

// renderPortfolio renders the pages portfolioPages returned to render.
func (b *Builder) renderPortfolio(todo []*rendered) error {
	if b.res.PagesOnly {
		return nil
	}
	errs := make([]error, len(todo))
	parallel(len(todo), func(i int) {
		var buf bytes.Buffer
		prev := b.portfolio[todo[i].file]
		if prev != nil {
			buf.Grow(len(prev.html) + 4096) // the home page is large: grow it once
		}
		if err := b.engine.Render(&buf, todo[i].page); err != nil {
			errs[i] = err
			return
		}
		todo[i].html = buf.Bytes()
		if prev == nil {
			// Grown by doubling, the buffer may be twice the page: at
			// 10,000 plans, 60 MB held for 38 MB of pages.
			todo[i].html = bytes.Clone(todo[i].html)
		}
	})
	return errors.Join(errs...)
}

// assemble gathers every file of the site and works out what changed.
func (b *Builder) assemble(diags []diag.Diagnostic) (*Result, error) {
	states := b.sortedPlans()
	n := len(b.assets) + len(b.portfolio) + 3
	for _, st := range states {
		n += len(st.pages)
	}
	files := make(map[string][]byte, n)
	for name, data := range b.assets {
		files[name] = data
	}
	pagesCount := 0
	for _, st := range states {
		for _, r := range st.pages {
			if _, dup := files[r.file]; !dup {
				pagesCount++
			}
			files[r.file] = r.html
		}
	}
	for name, r := range b.portfolio {
		files[name] = r.html
		pagesCount++
	}
	if b.res.PagesOnly {
		// The pages were counted; they have no bytes to serve or write.
		for _, st := range states {
			for _, r := range st.pages {
				delete(files, r.file)
			}
		}
		for name := range b.portfolio {
			delete(files, name)
		}
	}
	var onRequest map[string]func() []byte
	if b.res.IndexesOnRequest {
		onRequest = b.indexesOnRequest(states, b.portfolio)
		if _, ok := onRequest[calendarPageFile]; ok {
			pagesCount++
		}
	} else {
		idx := b.indexes(states, b.portfolio)
		files["portfolio.json"], files["search.json"], files["sitemap.xml"] = idx.portfolio, idx.search, idx.sitemap
		files[calendarFile], files[feedFile] = idx.calendar, idx.feed
	}

	var changed []string
	for name, data := range files {
		if old, ok := b.files[name]; !ok || !sameBytes(old, data) {
			changed = append(changed, name)
		}
	}
	for name := range b.files {
		if _, ok := files[name]; !ok {
			changed = append(changed, name)
		}
	}
	// Made on request, the index files are not compared. They change with
	// the pages (the first build, a plan or config change), not with a
	// stylesheet alone, which the preview swaps in without a reload.
	if len(b.files) == 0 || slices.ContainsFunc(changed, isPage) {
		changed = append(changed, slices.Collect(maps.Keys(onRequest))...)
	}
	slices.Sort(changed)
	b.files = files
	b.pageCount = pagesCount
	return &Result{Files: files, Changed: changed, Diagnostics: diags, Plans: len(states), Pages: pagesCount, OnRequest: onRequest}, nil
}

// assembleChanges is assemble for a rebuild: it starts from the previous
// site and replaces only the files of the plans that were re-rendered or
// removed, the cross-portfolio pages and the site-wide indexes. Plans that
// share a slug overwrite each other's files, which only a full assemble
// settles in order, so they take that path.
//
// calendarChanged says whether a plan's entry on the calendar changed (or
// a plan came or went): made on request, the calendar page is not
// compared, and an edit to a plan's prose leaves it as it was.
func (b *Builder) assembleChanges(diags []diag.Diagnostic, removed []string, rerendered []*planState, oldPortfolio map[string]*rendered, made <-chan siteIndexes, calendarChanged bool) (*Result, error) {
	var idx siteIndexes
	if made != nil {
		idx = <-made
	}
	for _, d := range diags {
		if d.Rule == plan.RuleFileDuplicate {
			return b.assemble(diags)
		}
	}
	states := b.sortedPlans()
	files := maps.Clone(b.files)
	touched := make([]string, 0, len(removed)+len(rerendered)*12+len(b.portfolio)+3)
	for _, f := range removed {
		delete(files, f)
		touched = append(touched, f)
	}
	for name := range oldPortfolio {
		if _, ok := b.portfolio[name]; !ok {
			delete(files, name)
			touched = append(touched, name)
		}
	}
	for _, st := range rerendered {
		for _, r := range st.pages {
			files[r.file] = r.html
			touched = append(touched, r.file)
		}
	}
	for name, r := range b.portfolio {
		files[name] = r.html
		touched = append(touched, name)
	}
	var onRequest map[string]func() []byte
	if b.res.IndexesOnRequest {
		onRequest = b.indexesOnRequest(states, b.portfolio)
	} else {
		files["portfolio.json"], files["search.json"], files["sitemap.xml"] = idx.portfolio, idx.search, idx.sitemap
		files[calendarFile], files[feedFile] = idx.calendar, idx.feed
		touched = append(touched, "portfolio.json", "search.json", "sitemap.xml", calendarFile, feedFile)
	}

	var changed []string
	pages := b.pageCount
	for _, name := range touched {
		old, had := b.files[name]
		now, has := files[name]
		if had == has && (!has || sameBytes(old, now)) {
			continue
		}
		if !slices.Contains(changed, name) {
			changed = append(changed, name)
			if strings.HasSuffix(name, ".html") && had != has {
				if has {
					pages++
				} else {
					pages--
				}
			}
		}
	}
	if len(rerendered) > 0 || len(removed) > 0 {
		// A plan changed, went or was rendered again: its entries in the
		// index files are new (made on request, they are not compared).
		for name := range onRequest {
			if name != calendarPageFile || calendarChanged {
				changed = append(changed, name)
			}
		}
	}
	slices.Sort(changed)
	changed = slices.Compact(changed)
	b.files = files
	b.pageCount = pages
	return &Result{Files: files, Changed: changed, Diagnostics: diags, Plans: len(states), Pages: pages, OnRequest: onRequest}, nil
}

func isPage(name string) bool { return strings.HasSuffix(name, ".html") }

func sameBytes(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 0 || &a[0] == &b[0] {
		return true
	}
	return bytes.Equal(a, b)
}

// parallel runs f(0..n-1) on one worker per CPU.
func parallel(n int, f func(i int)) {
	if n == 0 {
		return
	}
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan int, workers)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
