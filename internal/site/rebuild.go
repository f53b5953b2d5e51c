package site

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rolloutdocs/rolloutdocs/internal/history"
	"github.com/rolloutdocs/rolloutdocs/internal/pages"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// Rebuild updates the site after the source files in changed were written,
// created or deleted (paths as the watcher reports them). A changed plan
// re-renders its own pages, the home page, the metric pages it appears on
// and the site-wide indexes; a change to layouts/, static/ or the config
// file rebuilds everything. A plan file that can no longer be read keeps
// its last good pages, while Result.Diagnostics say what is wrong.
func (b *Builder) Rebuild(changed []string) (*Result, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.built {
		return b.buildAll()
	}
	contentAbs, err := filepath.Abs(b.contentDir)
	if err != nil {
		return b.buildAll()
	}
	var planFiles []string
	rescan := false
	for _, c := range changed {
		abs, err := filepath.Abs(c)
		if err != nil {
			return b.buildAll()
		}
		rel, err := filepath.Rel(contentAbs, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			// Outside content/: layouts, static, the config file. The
			// editor's stray files elsewhere cost one full rebuild.
			return b.buildAll()
		}
		if rel == "." {
			rescan = true
			continue
		}
		if hiddenPath(rel) {
			continue
		}
		if !plan.IsPlanFile(filepath.Base(abs)) {
			// A directory created, renamed or deleted (or a stray file):
			// look at content/ afresh.
			if info, err := os.Stat(abs); err == nil && !info.IsDir() {
				continue
			}
			rescan = true
			continue
		}
		f := filepath.Join(b.contentDir, rel)
		if b.tree.Check(f) != nil {
			// A symlink out of the source (or a loop) is not read: the
			// rescan drops the plan and reports the link.
			rescan = true
		}
		planFiles = append(planFiles, f)
	}
	if rescan {
		found, err := b.findPlans()
		if err != nil {
			return nil, err
		}
		present := map[string]bool{}
		for _, f := range found {
			present[f] = true
			if b.plans[f] == nil {
				planFiles = append(planFiles, f)
			}
		}
		for f := range b.plans {
			if !present[f] {
				planFiles = append(planFiles, f)
			}
		}
	}
	return b.update(planFiles)
}

func hiddenPath(rel string) bool {
	for _, part := range strings.Split(filepath.ToSlash(rel), "/") {
		if strings.HasPrefix(part, ".") {
			return true
		}
	}
	return false
}

// update reloads the given plan files (deleting those that are gone) and
// re-renders what depends on them.
func (b *Builder) update(files []string) (*Result, error) {
	touchedKeys := map[string]bool{}
	var rerender []*planState
	var removed []string // site files of the plans' previous versions
	// The metric rows of the plans about to be rendered again, as they
	// were: a metric page across plans is rendered again only when its
	// rows change, which an edit to a plan's prose does not do.
	oldRows := map[string][]pages.MetricRow{}
	// Their entries on the calendar, likewise: made on request, the
	// calendar page is said to have changed only when one of them did.
	oldCalendar := map[string]pages.CalendarEntry{}
	calendarChanged := false
	seen := map[string]bool{}
	for _, f := range files {
		if seen[f] {
			continue
		}
		seen[f] = true
		prev := b.plans[f]
		if prev != nil && prev.out != nil {
			oldRows[f] = prev.out.Metrics
			oldCalendar[f] = prev.out.Calendar
		}
		if _, err := os.Stat(f); errors.Is(err, fs.ErrNotExist) || b.tree.Check(f) != nil {
			if prev != nil {
				removed = append(removed, prev.files()...)
				calendarChanged = true
				for _, k := range prev.metricKs {
					touchedKeys[k] = true
				}
			}
			delete(b.plans, f)
			continue
		}
		loaded := plan.LoadFile(f)
		st := &planState{file: f, rel: b.rel(f), plan: loaded.Plan, parseDiags: loaded.Diags}
		if unreadable(loaded.Diags) && prev != nil && prev.out != nil {
			// Keep the last good pages; only the diagnostics are new.
			kept := *prev
			kept.parseDiags = loaded.Diags
			kept.frozen = true
			b.plans[f] = &kept
			continue
		}
		if prev != nil {
			removed = append(removed, prev.files()...)
		}
		b.plans[f] = st
		rerender = append(rerender, st)
	}
	diags := b.diagnose()
	// Plans whose diagnostics changed because of another file (a duplicate
	// slug appeared or went) show a different verdict: render them again.
	for _, st := range b.plans {
		if st.out != nil && !st.frozen && st.diagKey != diagKey(st.diags) && !contains(rerender, st) {
			rerender = append(rerender, st)
		}
	}
	for _, st := range rerender {
		// A plan re-rendered for its diagnostics drops its old files too
		// (the same names, unless a page went).
		removed = append(removed, st.files()...)
		if _, ok := oldRows[st.file]; !ok && st.out != nil {
			oldRows[st.file] = st.out.Metrics
			oldCalendar[st.file] = st.out.Calendar
		}
	}
	prepErrs := make([]error, len(rerender))
	parallel(len(rerender), func(i int) { prepErrs[i] = b.preparePlan(rerender[i]) })
	if err := errors.Join(prepErrs...); err != nil {
		return nil, err
	}
	for _, st := range rerender {
		if old, ok := oldCalendar[st.file]; !ok || !old.Equal(st.out.Calendar) {
			calendarChanged = true
		}
	}
	// The changed plans' pages render while the portfolio pages are made
	// and rendered (on two cores the index page alone keeps one busy);
	// unless they are made on request, the index files (which need the
	// pages, not their HTML) are made beside both.
	plansRendered := make(chan error, 1)
	go func() { plansRendered <- b.renderPlanPages(rerender) }()
	// A site's own layouts may show anything on a metric page: render every
	// metric page the plans appear on. They may also read .Site.Pages,
	// which the portfolio pages replace: let the plan pages finish first.
	every := len(b.engine.Overrides()) > 0
	if every {
		err := <-plansRendered
		plansRendered <- err
	}
	for _, st := range rerender {
		changedMetricKeys(oldRows[st.file], st.out.Metrics, every, touchedKeys)
	}
	oldPortfolio := b.portfolio
	next, todo := b.portfolioPages(touchedKeys)
	var made chan siteIndexes
	if !b.res.IndexesOnRequest {
		made = make(chan siteIndexes, 1)
		go func(states []*planState) { made <- b.indexes(states, next) }(b.sortedPlans())
	}
	err := b.renderPortfolio(todo)
	if planErr := <-plansRendered; err == nil {
		err = planErr
	}
	if err != nil {
		if made != nil {
			<-made
		}
		return nil, err
	}
	b.portfolio = next
	res, err := b.assembleChanges(diags, removed, rerender, oldPortfolio, made, calendarChanged)
	if err != nil {
		return nil, err
	}
	slim := b.slimPages()
	for _, st := range rerender {
		if slim {
			b.slim(st)
		}
		st.dry()
	}
	return res, b.strictErr(diags)
}

// changedMetricKeys adds to touched the metric keys whose rows differ
// between a plan's old and new rows (all of them when every is set). The
// revision is left out: it names a version for caching, not something a
// built-in layout shows.
func changedMetricKeys(old, now []pages.MetricRow, every bool, touched map[string]bool) {
	byKey := func(rows []pages.MetricRow) map[string][]pages.MetricRow {
		m := map[string][]pages.MetricRow{}
		for _, r := range rows {
			m[r.Key] = append(m[r.Key], r)
		}
		return m
	}
	o, n := byKey(old), byKey(now)
	for k, rows := range o {
		if every || !slices.EqualFunc(rows, n[k], pages.MetricRow.SameContent) {
			touched[k] = true
		}
	}
	for k := range n {
		if _, ok := o[k]; !ok || every {
			touched[k] = true
		}
	}
}

// files are the site files of the plan's pages as last rendered.
func (st *planState) files() []string {
	out := make([]string, len(st.pages))
	for i, r := range st.pages {
		out[i] = r.file
	}
	return out
}

func contains(list []*planState, st *planState) bool {
	for _, x := range list {
		if x == st {
			return true
		}
	}
	return false
}

// RefreshHistory reads the history from git again (after a commit, a
// checkout or a reset moved HEAD) and renders again the plans whose
// history changed, with the portfolio pages and feeds that show it. The
// plan files are read again too, as for a save. When history appears or
// goes (the first commit; the repository removed) every page changes, so
// everything is built. Without Config.GitHistory nothing is read.
func (b *Builder) RefreshHistory() (*Result, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.built {
		return b.buildAll()
	}
	if !b.res.GitHistory {
		return b.update(nil)
	}
	h := history.Read(context.Background(), b.res.Source)
	if (h.Note == "") != b.psite.History {
		return b.buildAll()
	}
	var stale []string
	for f, st := range b.plans {
		if !b.hist.For(st.rel).Same(h.For(st.rel)) {
			stale = append(stale, f)
		}
	}
	slices.Sort(stale)
	b.hist = h
	return b.update(stale)
}
