package e2e

import (
	"cmp"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/browsertest"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// loadPlans reads the plans a site was built from: the expectations below
// come from the model, not from the page under test.
func loadPlans(t *testing.T, source string) []*plan.Plan {
	t.Helper()
	files, err := plan.FindFiles(filepath.Join(source, "content"))
	if err != nil {
		t.Fatal(err)
	}
	pf := plan.LoadFiles(files)
	if len(pf.Plans) < 3 {
		t.Fatalf("the example portfolio has %d plans; these tests need at least 3", len(pf.Plans))
	}
	return pf.Plans
}

func titles(ps []*plan.Plan) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Title()
	}
	return out
}

// byTitle is the index's order without JavaScript.
func byTitle(ps []*plan.Plan) []*plan.Plan {
	out := slices.Clone(ps)
	slices.SortStableFunc(out, func(a, b *plan.Plan) int { return strings.Compare(a.Title(), b.Title()) })
	return out
}

const (
	rowTitles   = "#plans tbody tr.plan-row > th a"
	countStatus = "#plan-count"
)

// openIndex opens the index at url and waits for site.js to show the
// controls.
func openIndex(t *testing.T, p *browsertest.Page, url string) {
	t.Helper()
	status, err := p.Open(url)
	must(t, err)
	if status != 200 {
		t.Fatalf("index: status %d", status)
	}
	must(t, p.WaitFor(`!document.getElementById("plan-controls").hidden`))
}

func visibleRows(t *testing.T, p *browsertest.Page) []string {
	t.Helper()
	rows, err := p.VisibleTexts(rowTitles)
	must(t, err)
	return rows
}

func wantRows(t *testing.T, p *browsertest.Page, what string, want []*plan.Plan, total int) {
	t.Helper()
	if got := visibleRows(t, p); !slices.Equal(got, titles(want)) {
		t.Fatalf("%s: rows %q, want %q", what, got, titles(want))
	}
	wantCount := fmt.Sprintf("Showing %d of %d plans", len(want), total)
	if _, err := p.WaitText(countStatus, wantCount); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// TestIndexFilterSortAndFollow uses the portfolio index as a reader would,
// under a sub-path: narrow it by text and status, sort columns both ways,
// and follow a current-phase link to a phase page that loads.
func TestIndexFilterSortAndFollow(t *testing.T) {
	b := browsertest.NewBrowser(t)
	s := buildExample(t, subPath)
	srv := browsertest.Serve(t, s.Dir, subPath)
	plans := byTitle(loadPlans(t, s.Source))
	total := len(plans)
	p := b.Page(t)
	openIndex(t, p, srv.URL(""))

	wantRows(t, p, "unfiltered", plans, total)

	// A person's full name narrows the table to that person's plans.
	owner := plans[total/2].Front.Owner
	must(t, p.Type("#plan-filter", owner))
	wantRows(t, p, "filter "+owner, filterPlans(plans, func(pl *plan.Plan) bool { return pl.Front.Owner == owner }), total)

	// The filter is kept in the address, so a reload or a shared link
	// shows the same rows.
	loc, err := p.URL()
	must(t, err)
	if !strings.Contains(loc, "q="+strings.Fields(owner)[0]) {
		t.Errorf("after filtering the address is %s, want it to carry q=", loc)
	}
	openIndex(t, p, loc)
	wantRows(t, p, "reloaded with the filter", filterPlans(plans, func(pl *plan.Plan) bool { return pl.Front.Owner == owner }), total)

	must(t, p.Clear("#plan-filter"))
	wantRows(t, p, "filter cleared", plans, total)

	must(t, p.Type("#plan-filter", "no plan is called this"))
	wantRows(t, p, "filter without matches", nil, total)
	if shown, err := p.VisibleTexts("#plans-empty"); err != nil || len(shown) != 1 {
		t.Fatalf("no matches: #plans-empty visible %q, %v; want it shown", shown, err)
	}
	must(t, p.Clear("#plan-filter"))

	// The status filter keeps the plans of one status.
	status := mostCommonStatus(plans)
	must(t, p.Select("#status-filter", status))
	wantRows(t, p, "status "+status, filterPlans(plans, func(pl *plan.Plan) bool { return pl.Front.Status == status }), total)
	must(t, p.Select("#status-filter", ""))
	wantRows(t, p, "all statuses", plans, total)

	// Sorting: ascending on the first click, descending on the second;
	// equal keys keep the title order.
	sortTests := []struct {
		key string
		by  func(a, b *plan.Plan) int
	}{
		{"created", func(a, b *plan.Plan) int { return strings.Compare(a.Front.Created, b.Front.Created) }},
		{"owner", func(a, b *plan.Plan) int {
			return strings.Compare(strings.ToLower(a.Front.Owner), strings.ToLower(b.Front.Owner))
		}},
		{"status", func(a, b *plan.Plan) int {
			return cmp.Compare(slices.Index(plan.Statuses, a.Front.Status), slices.Index(plan.Statuses, b.Front.Status))
		}},
		{"title", func(a, b *plan.Plan) int {
			return strings.Compare(strings.ToLower(a.Title()), strings.ToLower(b.Title()))
		}},
	}
	for _, st := range sortTests {
		button := fmt.Sprintf(`th[data-sort-key=%q] button`, st.key)
		for _, dir := range []string{"ascending", "descending"} {
			must(t, p.Click(button))
			want := slices.Clone(plans)
			slices.SortStableFunc(want, func(a, b *plan.Plan) int {
				if dir == "descending" {
					return st.by(b, a)
				}
				return st.by(a, b)
			})
			wantRows(t, p, "sorted by "+st.key+" "+dir, want, total)
			got, ok, err := p.Attribute(fmt.Sprintf(`th[data-sort-key=%q]`, st.key), "aria-sort")
			must(t, err)
			if !ok || got != dir {
				t.Errorf("sorted by %s %s: aria-sort=%q, want %q", st.key, dir, got, dir)
			}
		}
	}

	// Numbers sort as numbers: 9% comes before 46% and 100%.
	must(t, p.Click(`th[data-sort-key="progress"] button`))
	progress, err := browsertest.Eval[[]string](p, `Array.from(document.querySelectorAll("#plans tbody tr.plan-row"), r => r.cells[6].dataset.sortValue)`)
	must(t, err)
	if !slices.IsSortedFunc(progress, func(a, b string) int { return cmp.Compare(atof(t, a), atof(t, b)) }) {
		t.Errorf("sorted by progress: %q is not in numeric order", progress)
	}

	followPhaseLink(t, p, srv, plans)
	if nf := srv.NotFound(); len(nf) > 0 {
		t.Errorf("missing files were requested: %q", nf)
	}
	if probs := p.Problems(); len(probs) > 0 {
		t.Errorf("the browser reported:\n%s", strings.Join(probs, "\n"))
	}
}

// followPhaseLink clicks the first current-phase link of the index and
// checks that the phase page it opens is the right one and leads back.
func followPhaseLink(t *testing.T, p *browsertest.Page, srv *browsertest.Site, plans []*plan.Plan) {
	t.Helper()
	const link = `#plans tbody tr.plan-row td a[href*="/phases/"]`
	slug, err := browsertest.Eval[string](p, `document.querySelector(`+strconv.Quote(link)+`).closest("tr").dataset.slug`)
	must(t, err)
	i := slices.IndexFunc(plans, func(pl *plan.Plan) bool { return pl.Slug == slug })
	if i < 0 {
		t.Fatalf("the row with a phase link is for %q, which is no plan", slug)
	}
	pl := plans[i]
	linkText, err := p.Text(link)
	must(t, err)

	url, err := p.ClickAndWaitLoad(link)
	must(t, err)
	m := regexp.MustCompile(`^` + regexp.QuoteMeta(srv.URL("plans/"+slug+"/phases/")) + `(\d+)-[a-z0-9-]+/$`).FindStringSubmatch(url)
	if m == nil {
		t.Fatalf("the current-phase link %q led to %s, not to a phase page of %s under %s", linkText, url, slug, subPath)
	}
	n, _ := strconv.Atoi(m[1])
	if n < 1 || n > len(pl.Phases) {
		t.Fatalf("%s: phase %d of %d", url, n, len(pl.Phases))
	}
	phase := pl.Phases[n-1]
	h1, err := p.Text("h1")
	must(t, err)
	if !strings.Contains(h1, phase.Name) {
		t.Errorf("phase page %s: h1 %q, want it to name %q", url, h1, phase.Name)
	}
	if !strings.Contains(linkText, phase.Name) {
		t.Errorf("index link %q does not name phase %d, %q, which it leads to", linkText, n, phase.Name)
	}

	// Back to the plan through the breadcrumbs.
	planURL, err := p.ClickAndWaitLoad(`nav[aria-label="Breadcrumb"] a[href$="/plans/` + slug + `/"]`)
	must(t, err)
	if planURL != srv.URL("plans/"+slug+"/") {
		t.Errorf("breadcrumb led to %s, want the plan page", planURL)
	}
	if h1, err := p.Text("h1"); err != nil || !strings.Contains(h1, pl.Title()) {
		t.Errorf("plan page h1 = %q, %v; want %q", h1, err, pl.Title())
	}
}

func filterPlans(ps []*plan.Plan, keep func(*plan.Plan) bool) []*plan.Plan {
	var out []*plan.Plan
	for _, p := range ps {
		if keep(p) {
			out = append(out, p)
		}
	}
	return out
}

// mostCommonStatus is the status most plans share (the first in lifecycle
// order on a tie), so filtering by it keeps several rows and drops some.
func mostCommonStatus(ps []*plan.Plan) string {
	best, bestN := "", 0
	for _, s := range plan.Statuses {
		n := len(filterPlans(ps, func(p *plan.Plan) bool { return p.Front.Status == s }))
		if n > bestN {
			best, bestN = s, n
		}
	}
	return best
}

func atof(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("sort value %q is not a number", s)
	}
	return f
}

// TestIndexWithoutJavaScript checks the index is a complete plain table
// when scripts do not run.
func TestIndexWithoutJavaScript(t *testing.T) {
	b := browsertest.NewBrowser(t)
	s := buildExample(t, subPath)
	srv := browsertest.Serve(t, s.Dir, subPath)
	plans := byTitle(loadPlans(t, s.Source))
	p := b.Page(t)
	must(t, p.SetJavaScript(false))
	status, err := p.Open(srv.URL(""))
	must(t, err)
	if status != 200 {
		t.Fatalf("index: status %d", status)
	}
	if got := visibleRows(t, p); !slices.Equal(got, titles(plans)) {
		t.Fatalf("rows without JavaScript %q, want every plan in title order %q", got, titles(plans))
	}
	if shown, err := p.VisibleTexts("#plan-controls, form.site-search"); err != nil || len(shown) != 0 {
		t.Errorf("controls that need JavaScript are shown without it: %q, %v", shown, err)
	}
	if n, err := p.Count("button.sort-button"); err != nil || n != 0 {
		t.Errorf("%d sort buttons without JavaScript (%v); the headers should be plain text", n, err)
	}
}
