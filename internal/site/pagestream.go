package site

import (
	"bytes"
	"time"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/feeds"
	"github.com/rolloutdocs/rolloutdocs/internal/pages"
)

// BuildPages makes the page set once, as Build with Config.PagesOnly does,
// but hands each plan's pages to visit as soon as they are made instead of
// keeping them: Pages after Build holds every page's params at once (at
// 10,000 plans, a gigabyte live), which `rolloutdocs export --hugo` only
// encodes one page after the other.
//
// visit is called once per plan, from several goroutines at once, with i
// the plan's position in file order and its pages as Pages lists them;
// then once more, with i the number of plans, with the portfolio pages
// (404 page included). Together, in the order of i, the pages are those
// Pages returns after Build. visit must not keep set: it is dropped (but
// for what the portfolio pages are made of) once visit returns. An error
// from visit stops the build.
//
// The Result has the diagnostics Build gives, the number of plans and of
// pages visited, and in Files only portfolio.json, search.json,
// calendar.ics and feed.xml. BuildPages leaves nothing behind
// for Rebuild or Pages.
func (b *Builder) BuildPages(visit func(i int, set []pages.Page) error) (*Result, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.built {
		if err := b.configure(); err != nil {
			return nil, err
		}
	}
	defer func() {
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
	dups := duplicateSlugsByFile(files)

	var portfolioFile, searchFile bytes.Buffer
	portfolioIdx := newPortfolioIndex(&portfolioFile, b.tsite)
	searchIdx := newSearchIndex(&searchFile)
	var calendarFileBuf bytes.Buffer
	calendar := feeds.NewCalendar(&calendarFileBuf, b.tsite.Title)
	var changes []feeds.Change // the newest feeds.MaxEntries so far
	var all []diag.Diagnostic
	var summaries spill
	kept := map[int]*planState{} // plans the spill cannot encode, by position
	pageCount := 0
	for from := 0; from < len(files); from += streamBatch {
		batch := files[from:min(from+streamBatch, len(files))]
		states := make([]*planState, len(batch))
		counts := make([]int, len(batch))
		errs := make([]error, len(batch))
		parallel(len(batch), func(i int) {
			st, err := b.planPages(batch[i], dups[batch[i]])
			if err == nil {
				err = visit(from+i, st.out.Pages)
			}
			if err != nil {
				errs[i] = err
				return
			}
			// What the portfolio pages are made of: the plan page's
			// small params and the metric rows.
			st.plan, st.pages, st.diagKey = nil, nil, ""
			n := len(st.out.Pages)
			st.out = leanOutput(st.out)
			states[i], counts[i] = st, n
		})
		for i, st := range states {
			if errs[i] != nil {
				return nil, errs[i]
			}
			all = append(all, st.diags...)
			portfolioIdx.add(st.json)
			searchIdx.add(st.search)
			calendar.Add(st.events)
			changes = feeds.Latest(append(changes, st.changes...), feeds.MaxEntries)
			st.json, st.search, st.diags, st.sitemap, st.events, st.changes = nil, nil, nil, nil, nil, nil
			pageCount += counts[i]
			if err := summaries.add(st); err != nil {
				kept[from+i] = st
			}
		}
	}
	b.progress(len(files) >= progressThreshold, "made the pages of %d plans in %s", len(files), since(start))

	outs := make([]*pages.PlanOutput, len(files))
	r := newSpillReader(summaries.buf)
	for i := range files {
		if st := kept[i]; st != nil {
			outs[i] = st.out
		} else {
			outs[i] = r.next().out
		}
	}
	summaries.buf = nil
	portfolio := pages.PortfolioPages(b.psite, outs)
	outs = nil
	byFile := make(map[string]*rendered, len(portfolio))
	for _, pg := range portfolio {
		byFile[pg.File()] = &rendered{page: b.templatePage(pg), file: pg.File()}
	}
	searchIdx.addPortfolio(byFile)
	byFile = nil
	pageCount += len(portfolio)
	if err := visit(len(files), portfolio); err != nil {
		return nil, err
	}
	portfolioIdx.close()
	searchIdx.close()
	calendar.Close()
	all = append(all, b.refusedLinks()...)
	diag.Sort(all)
	return &Result{
		Files: map[string][]byte{"portfolio.json": portfolioFile.Bytes(), "search.json": searchFile.Bytes(),
			calendarFile: calendarFileBuf.Bytes(), feedFile: feeds.Feed(feedSite(b.tsite), changes)},
		Diagnostics: all,
		Plans:       len(files),
		Pages:       pageCount,
	}, b.strictErr(all)
}

// planPages reads and checks one plan and makes its pages and index
// fragments, as streamPlan does, without rendering them.
func (b *Builder) planPages(file string, dupDiags []diag.Diagnostic) (*planState, error) {
	st := b.checkedPlan(file, dupDiags)
	if err := b.preparePlan(st); err != nil {
		return nil, err
	}
	return st, nil
}
