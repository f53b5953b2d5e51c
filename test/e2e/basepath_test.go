package e2e

import (
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/browsertest"
)

// TestBaseURLs serves the site where each base URL says it lives and walks
// it: stylesheet and script load, a plan link and the search box work, and
// nothing is requested outside the site's path.
func TestBaseURLs(t *testing.T) {
	b := browsertest.NewBrowser(t)
	tests := []struct {
		baseURL  string
		servedAt string
	}{
		{"/", "/"},
		{subPath, subPath},
		{"https://docs.example" + subPath, subPath},
	}
	for _, tt := range tests {
		t.Run(tt.baseURL, func(t *testing.T) {
			s := buildExample(t, tt.baseURL)
			srv := browsertest.Serve(t, s.Dir, tt.servedAt)
			plans := byTitle(loadPlans(t, s.Source))
			p := b.Page(t)

			openIndex(t, p, srv.URL("")) // waits for site.js
			styled, err := browsertest.Eval[bool](p, `Array.from(document.styleSheets).some(s => s.href && s.cssRules.length > 0)`)
			must(t, err)
			if !styled {
				t.Error("the stylesheet did not load")
			}

			first := plans[0]
			url, err := p.ClickAndWaitLoad(`#plans tbody tr.plan-row > th a`)
			must(t, err)
			if want := srv.URL("plans/" + first.Slug + "/"); url != want {
				t.Errorf("first plan link led to %s, want %s", url, want)
			}
			if h1, err := p.Text("h1"); err != nil || !strings.Contains(h1, first.Title()) {
				t.Errorf("plan page h1 = %q, %v; want %q", h1, err, first.Title())
			}

			// The search box loads its index from the base path.
			must(t, p.WaitFor(`!document.querySelector("form.site-search").hidden`))
			word := strings.ToLower(strings.Fields(plans[len(plans)-1].Title())[0])
			must(t, p.Type("#site-search", word))
			must(t, p.WaitFor(`document.querySelectorAll("#site-search-results a").length > 0`))
			hit, err := p.Text("#site-search-results a")
			must(t, err)
			if !strings.Contains(strings.ToLower(hit), word) {
				t.Errorf("searching %q: first result %q does not contain it", word, hit)
			}
			url, err = p.ClickAndWaitLoad("#site-search-results a")
			must(t, err)
			if !strings.HasPrefix(url, srv.Base) {
				t.Errorf("search result led to %s, outside %s", url, srv.Base)
			}

			if nf := srv.NotFound(); len(nf) > 0 {
				t.Errorf("requests outside the site or for missing files: %q", nf)
			}
			if probs := p.Problems(); len(probs) > 0 {
				t.Errorf("the browser reported:\n%s", strings.Join(probs, "\n"))
			}
		})
	}
}
