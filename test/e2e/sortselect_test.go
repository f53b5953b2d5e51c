package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/browsertest"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// TestIndexSortByOnAPhone: on a phone the index is a list of cards whose
// column headers (and their sort buttons) are hidden, so it offers a "Sort
// by" select instead. Choosing an order sorts the cards as the header
// buttons do, and the select and the headers stay in step.
func TestIndexSortByOnAPhone(t *testing.T) {
	b := browsertest.NewBrowser(t)
	s := buildExample(t, subPath)
	srv := browsertest.Serve(t, s.Dir, subPath)
	plans := byTitle(loadPlans(t, s.Source))
	total := len(plans)
	p := b.Page(t)
	must(t, p.SetViewport(phoneWidth, 740, 1, true))
	openIndex(t, p, srv.URL(""))

	if shown, err := p.VisibleTexts("#plan-sort"); err != nil || len(shown) != 1 {
		t.Fatalf("at %dpx the Sort by select is not shown (%q, %v)", phoneWidth, shown, err)
	}
	if shown, err := p.VisibleTexts(`label[for="plan-sort"]`); err != nil || len(shown) != 1 || shown[0] != "Sort by" {
		t.Errorf("the select's label reads %q (%v), want \"Sort by\"", shown, err)
	}
	// Two orders, in words, for every sortable column.
	columns, err := browsertest.Eval[[]string](p, `Array.from(document.querySelectorAll("th[data-sort-key]"), th => th.dataset.sortKey + "|" + th.textContent.trim())`)
	must(t, err)
	options, err := browsertest.Eval[[]string](p, `Array.from(document.querySelectorAll("#plan-sort option"), o => o.value + "|" + o.textContent)`)
	must(t, err)
	if len(options) != 2*len(columns) {
		t.Errorf("the select offers %d orders for %d sortable columns: %q", len(options), len(columns), options)
	}
	for _, c := range columns {
		key, header, _ := strings.Cut(c, "|")
		for _, dir := range []string{"ascending", "descending"} {
			i := slices.IndexFunc(options, func(o string) bool { return strings.HasPrefix(o, key+":"+dir+"|") })
			if i < 0 {
				t.Errorf("no option sorts by %s %s", key, dir)
				continue
			}
			if label := strings.SplitN(options[i], "|", 2)[1]; !strings.HasPrefix(label, header+", ") {
				t.Errorf("option %s:%s reads %q; want it to start with the column's name, %q", key, dir, label, header)
			}
		}
	}

	tests := []struct {
		value string
		by    func(a, b *plan.Plan) int
	}{
		{"created:descending", func(a, b *plan.Plan) int { return strings.Compare(b.Front.Created, a.Front.Created) }},
		{"owner:ascending", func(a, b *plan.Plan) int {
			return strings.Compare(strings.ToLower(a.Front.Owner), strings.ToLower(b.Front.Owner))
		}},
		{"title:descending", func(a, b *plan.Plan) int {
			return strings.Compare(strings.ToLower(b.Title()), strings.ToLower(a.Title()))
		}},
	}
	for _, tt := range tests {
		must(t, p.Select("#plan-sort", tt.value))
		want := slices.Clone(plans)
		slices.SortStableFunc(want, tt.by)
		wantRows(t, p, "Sort by "+tt.value, want, total)
		key, dir, _ := strings.Cut(tt.value, ":")
		if got, ok, err := p.Attribute(fmt.Sprintf(`th[data-sort-key=%q]`, key), "aria-sort"); err != nil || !ok || got != dir {
			t.Errorf("after choosing %s the %s header has aria-sort=%q (%v); want %q", tt.value, key, got, err, dir)
		}
		if n, err := p.Count("th[aria-sort]"); err != nil || n != 1 {
			t.Errorf("after choosing %s, %d headers carry aria-sort (%v); want 1", tt.value, n, err)
		}
	}

	// On a wide screen the headers sort and the select is out of sight, but
	// it follows them, so narrowing the window keeps the order it names.
	must(t, p.SetViewport(browsertest.DefaultWidth, browsertest.DefaultHeight, 1, false))
	if shown, err := p.VisibleTexts("#plan-sort"); err != nil || len(shown) != 0 {
		t.Errorf("at %dpx the Sort by select is shown (%q, %v); the column headers sort there", browsertest.DefaultWidth, shown, err)
	}
	must(t, p.Click(`th[data-sort-key="progress"] button`))
	if got, err := browsertest.Eval[string](p, `document.getElementById("plan-sort").value`); err != nil || got != "progress:ascending" {
		t.Errorf("after sorting by the progress header the select says %q (%v), want progress:ascending", got, err)
	}
	if probs := p.Problems(); len(probs) > 0 {
		t.Errorf("the browser reported:\n%s", strings.Join(probs, "\n"))
	}
}
