package e2e

import (
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/browsertest"
)

// TestInvalidDraftIsShownSafely opens the pages of testdata/invalid-draft.md,
// a plan that fails check and whose title and body hold markup: the index
// marks it invalid, its page says so, and the markup is shown as text,
// never run.
func TestInvalidDraftIsShownSafely(t *testing.T) {
	b := browsertest.NewBrowser(t)
	s := buildWithInvalidDraft(t)
	srv := browsertest.Serve(t, s.Dir, subPath)
	p := b.Page(t)
	const slug = "payments-retry"
	const title = `Payments <b>"Retry"</b> & Co`

	openIndex(t, p, srv.URL(""))
	row := `#plans tr.plan-row[data-slug="` + slug + `"]`
	if valid, ok, err := p.Attribute(row, "data-valid"); err != nil || !ok || valid != "false" {
		t.Fatalf("index row of the invalid draft: data-valid=%q, %v, %v; want false", valid, ok, err)
	}
	if text, err := p.Text(row + " > th"); err != nil || !strings.Contains(text, title) || !strings.Contains(text, "Invalid") {
		t.Errorf("index row reads %q (%v); want the title as written and an Invalid mark", text, err)
	}

	_, err := p.Open(srv.URL("plans/" + slug + "/"))
	must(t, err)
	if h1, err := p.Text("h1"); err != nil || !strings.Contains(h1, title) {
		t.Errorf("plan page h1 = %q, %v; want the title shown as text: %s", h1, err, title)
	}
	if text, err := p.Text("main"); err != nil || !strings.Contains(text, "does not pass check") {
		t.Errorf("the invalid plan's page does not say it fails check (%v)", err)
	}
	injected, err := browsertest.Eval[int](p, `document.querySelectorAll("main b, main script").length`)
	must(t, err)
	if injected != 0 {
		t.Errorf("the plan's markup became %d elements in the page; it must be escaped", injected)
	}
	if probs := p.Problems(); len(probs) > 0 {
		t.Errorf("the browser reported:\n%s", strings.Join(probs, "\n"))
	}
}
