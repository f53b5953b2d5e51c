package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/browsertest"
)

// phoneWidth is a small phone's viewport width in CSS pixels.
const phoneWidth = 375

// auditPages picks the pages to audit: every page with -e2e.all, else the
// first and last page of each kind (every plan page, since plans differ
// most: dates or not, valid or not).
func auditPages(t *testing.T, files map[string][]byte) []string {
	byKind := pagesByKind(t, files)
	var picked []string
	for _, k := range allKinds {
		list := byKind[k]
		switch {
		case *allPages || k == kindPlan || len(list) <= 2:
			picked = append(picked, list...)
		default:
			picked = append(picked, list[0], list[len(list)-1])
		}
	}
	return picked
}

// TestPagesAreAccessible runs axe-core on each audited page in the light
// and the dark color scheme, and checks that the page loads without script
// errors or missing files and does not scroll sideways on a phone.
func TestPagesAreAccessible(t *testing.T) {
	axe := browsertest.NeedAxe(t)
	b := browsertest.NewBrowser(t)
	s := buildWithInvalidDraft(t)
	srv := browsertest.Serve(t, s.Dir, subPath)
	p := b.Page(t)

	for _, file := range auditPages(t, s.Result.Files) {
		t.Run(file, func(t *testing.T) {
			url := srv.URL(urlPath(file))
			wantStatus := 200
			expected := "" // the one failed load the page is meant to cause
			if pageKind(file) == kind404 {
				// Reach it as a reader does: through a link that leads nowhere.
				url = srv.URL("plans/no-such-plan/")
				wantStatus = 404
				expected = url + ": Failed to load resource"
			}
			for _, scheme := range []string{browsertest.Light, browsertest.Dark} {
				must(t, p.SetColorScheme(scheme))
				p.ResetProblems()
				status, err := p.Open(url)
				must(t, err)
				if status != wantStatus {
					t.Fatalf("GET %s: status %d, want %d", url, status, wantStatus)
				}
				vs, err := axe.Run(p)
				must(t, err)
				if len(vs) > 0 {
					t.Errorf("%s scheme: axe-core found %d violations:\n%s", scheme, len(vs), browsertest.FormatViolations(vs))
				}
				if probs := otherProblems(p.Problems(), expected); len(probs) > 0 {
					t.Errorf("%s scheme: the browser reported:\n%s", scheme, strings.Join(probs, "\n"))
				}
			}
			must(t, p.SetColorScheme(""))
			must(t, p.SetViewport(phoneWidth, 740, 1, true))
			_, err := p.Open(url)
			must(t, err)
			overflow, err := browsertest.Eval[string](p, sideScroll)
			must(t, err)
			if overflow != "" {
				t.Errorf("at %dpx wide the page scrolls sideways: %s", phoneWidth, overflow)
			}
			must(t, p.SetViewport(browsertest.DefaultWidth, browsertest.DefaultHeight, 1, false))
		})
	}
	if nf := otherProblems(srv.NotFound(), subPath+"plans/no-such-plan/"); len(nf) > 0 {
		t.Errorf("the pages requested files that do not exist: %q", nf)
	}
}

// otherProblems drops the reports that contain expected (none when
// expected is "").
func otherProblems(problems []string, expected string) []string {
	var other []string
	for _, p := range problems {
		if expected == "" || !strings.Contains(p, expected) {
			other = append(other, p)
		}
	}
	return other
}

// sideScroll names the widest element when the document is wider than the
// viewport (wide tables and charts must scroll inside their own box), and
// is "" when it is not.
var sideScroll = fmt.Sprintf(`(() => {
	const doc = document.documentElement;
	if (doc.scrollWidth <= doc.clientWidth) return "";
	let widest = null, right = 0;
	for (const el of document.body.querySelectorAll("*")) {
		const r = el.getBoundingClientRect().right;
		if (r > right) { right = r; widest = el; }
	}
	const name = widest ? widest.tagName.toLowerCase() + (widest.id ? "#" + widest.id : "") + (widest.className && typeof widest.className === "string" ? "." + widest.className.trim().split(/\s+/).join(".") : "") : "?";
	return "document " + doc.scrollWidth + "px wide in a " + doc.clientWidth + "px viewport; widest: " + name + " reaching " + Math.round(right) + "px";
})()`)
