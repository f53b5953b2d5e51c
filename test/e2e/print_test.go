package e2e

import (
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/browsertest"
)

// TestPrintedPages checks the print stylesheet: printing drops the
// navigation and the controls and keeps the content.
func TestPrintedPages(t *testing.T) {
	b := browsertest.NewBrowser(t)
	s := buildExample(t, subPath)
	srv := browsertest.Serve(t, s.Dir, subPath)
	plans := byTitle(loadPlans(t, s.Source))
	p := b.Page(t)

	screenOnly := []string{".site-header", "form.site-search", "#plan-controls", "nav.breadcrumbs", ".site-footer"}
	for _, rel := range []string{"", "plans/" + plans[0].Slug + "/"} {
		must(t, p.SetPrintMedia(false))
		if rel == "" {
			openIndex(t, p, srv.URL(rel))
		} else {
			_, err := p.Open(srv.URL(rel))
			must(t, err)
		}
		must(t, p.SetPrintMedia(true))
		for _, sel := range screenOnly {
			if shown, err := p.VisibleTexts(sel); err != nil || len(shown) > 0 {
				t.Errorf("%s printed: %s is printed (%q, %v); it is for the screen", rel, sel, shown, err)
			}
		}
		h1, err := p.VisibleTexts("main h1")
		must(t, err)
		if len(h1) != 1 {
			t.Errorf("%s printed: %d visible h1, want 1", rel, len(h1))
		}
		if rel == "" {
			if got := visibleRows(t, p); len(got) != len(plans) {
				t.Errorf("printed index shows %d rows, want all %d", len(got), len(plans))
			}
		} else if text, err := p.Text("main"); err != nil || !strings.Contains(text, plans[0].Phases[0].Name) {
			t.Errorf("printed plan page lacks its first phase %q (%v)", plans[0].Phases[0].Name, err)
		}
	}
}
