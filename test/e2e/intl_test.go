package e2e

import (
	"encoding/json"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/browsertest"
	"github.com/rolloutdocs/rolloutdocs/internal/htmlvalidate"
	"github.com/rolloutdocs/rolloutdocs/internal/testtool"
)

// buildIntl builds internal/hugoexport/testdata/intl: three plans whose
// file names, titles, phases and metrics are French, Russian and Japanese
// (one file name holds a space, one a curly apostrophe, one metric is an
// emoji). The Hugo comparison test publishes the same plans.
func buildIntl(t *testing.T) *builtSite {
	t.Helper()
	root, err := testtool.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	return buildOnce(t, "intl", filepath.Join(root, "internal", "hugoexport", "testdata", "intl"), subPath)
}

// jsonString quotes s for a script.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestNonASCIINamesBrowse follows the links a reader would, in Chromium,
// from the index to each plan, to its metric and phase pages, and through
// the search box, and checks each lands on the page named for it at the
// URL its name gives.
func TestNonASCIINamesBrowse(t *testing.T) {
	b := browsertest.NewBrowser(t)
	s := buildIntl(t)
	srv := browsertest.Serve(t, s.Dir, subPath)
	p := b.Page(t)

	// landed returns the decoded path of the page the tab shows.
	landed := func() string {
		t.Helper()
		u, err := p.URL()
		must(t, err)
		parsed, err := url.Parse(u)
		must(t, err)
		return parsed.Path
	}
	follow := func(what, selector, wantPath, wantH1 string) {
		t.Helper()
		if _, err := p.ClickAndWaitLoad(selector); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if got := landed(); got != subPath+wantPath {
			t.Errorf("%s: landed on %s, want %s", what, got, subPath+wantPath)
		}
		if h1, err := p.Text("h1"); err != nil || !strings.Contains(h1, wantH1) {
			t.Errorf("%s: h1 = %q (%v), want it to hold %q", what, h1, err, wantH1)
		}
	}

	cases := []struct {
		slug, title        string
		metric, metricSlug string
		phase, phaseSlug   string
	}{
		{"amélioration-de-l’activation", "Amélioration de l'activation", "Taux d'activité", "taux-d-activite", "Déploiement canari", "1-deploiement-canari-10-of-users"},
		{"конверсия оплаты", "Конверсия оплаты", "Время отклика", "время-отклика", "Постепенный запуск", "2-постепенный-запуск-25-50-100"},
		{"コンバージョン改善", "コンバージョン改善 <script>alert(1)</script>", "コンバージョン率", "コンバージョン率", "本番リリース", "3-本番リリース"},
	}
	// linkTo marks the first link in main whose decoded path ends with
	// suffix (html/template percent-encodes hrefs, in lower-case hex) and
	// returns a selector for it.
	linkTo := func(suffix string) string {
		t.Helper()
		_, err := browsertest.Eval[bool](p, `(() => {
			document.querySelectorAll("[data-e2e-target]").forEach(a => a.removeAttribute("data-e2e-target"));
			const a = Array.from(document.querySelectorAll("main a[href]")).find(a => decodeURIComponent(new URL(a.href).pathname).endsWith(`+jsonString(suffix)+`));
			if (!a) throw new Error("no link to " + `+jsonString(suffix)+`);
			a.setAttribute("data-e2e-target", "");
			return true;
		})()`)
		must(t, err)
		return "[data-e2e-target]"
	}
	for _, c := range cases {
		planPath := "plans/" + c.slug + "/"
		openIndex(t, p, srv.URL(""))
		follow("index → "+c.title, `#plans tr.plan-row[data-slug="`+c.slug+`"] > th a`, planPath, c.title)
		follow(c.title+" → metric "+c.metric, linkTo("/metrics/"+c.metricSlug+"/"), planPath+"metrics/"+c.metricSlug+"/", c.metric)
		_, err := p.Open(srv.URL(planPath))
		must(t, err)
		follow(c.title+" → phase "+c.phase, linkTo("/phases/"+c.phaseSlug+"/"), planPath+"phases/"+c.phaseSlug+"/", c.phase)
	}

	// The emoji-only metric has a page of its own.
	status, err := p.Open(srv.URL("plans/コンバージョン改善/metrics/u1f680/"))
	must(t, err)
	if h1, err := p.Text("h1"); status != 200 || err != nil || !strings.Contains(h1, "🚀") {
		t.Errorf("emoji metric page: status %d, h1 %q (%v)", status, h1, err)
	}

	// Search finds a metric by its Cyrillic name and leads to its page.
	openIndex(t, p, srv.URL(""))
	must(t, p.Type("#site-search", "время отклика"))
	if _, err := p.WaitText("#site-search-results a", "Время отклика"); err != nil {
		t.Fatalf("search for время отклика: %v", err)
	}
	follow("search → Время отклика", "#site-search-results a", "plans/конверсия оплаты/metrics/время-отклика/", "Время отклика")

	// Search and the index's filter ignore Latin accents: people type
	// "activite" for "activité".
	openIndex(t, p, srv.URL(""))
	must(t, p.Type("#site-search", "taux d'activite"))
	if _, err := p.WaitText("#site-search-results a", "Taux d'activité"); err != nil {
		t.Fatalf("search for taux d'activite: %v", err)
	}
	must(t, p.Type("#plan-filter", "amelioration"))
	shown, err := browsertest.Eval[[]string](p, `Array.from(document.querySelectorAll("#plans tbody tr:not([hidden]) th a")).map(a => a.textContent)`)
	must(t, err)
	if len(shown) != 1 || shown[0] != "Amélioration de l'activation" {
		t.Errorf("filter amelioration shows %q, want the one French plan", shown)
	}

	injected, err := browsertest.Eval[int](p, `document.querySelectorAll("main script").length`)
	must(t, err)
	if injected != 0 {
		t.Errorf("a title's markup became a script element")
	}
	if probs := p.Problems(); len(probs) > 0 {
		t.Errorf("the browser reported:\n%s", strings.Join(probs, "\n"))
	}
}

// TestNonASCIIPagesAreValidHTML runs html-validate over every page of the
// plans with non-ASCII names: percent-encoded links, non-ASCII ids and an
// escaped title.
func TestNonASCIIPagesAreValidHTML(t *testing.T) {
	s := buildIntl(t)
	rep := htmlvalidate.Check(t, s.Dir)
	if want := len(pagesByKind(t, s.Result.Files)[kindPlan]); want != 3 || rep.Files < 30 {
		t.Errorf("the validator checked %d pages of %d plans; want every page of the 3 plans", rep.Files, want)
	}
}

// TestNonASCIIPagesAreAccessible runs axe-core on the pages of the plans
// with non-ASCII names (each plan, and the first and last page of every
// other kind) and checks that none scrolls sideways on a phone: Japanese
// has no spaces to wrap at, and the slugs are long.
func TestNonASCIIPagesAreAccessible(t *testing.T) {
	axe := browsertest.NeedAxe(t)
	b := browsertest.NewBrowser(t)
	s := buildIntl(t)
	srv := browsertest.Serve(t, s.Dir, subPath)
	p := b.Page(t)
	for _, file := range auditPages(t, s.Result.Files) {
		if pageKind(file) == kind404 {
			continue // the example's audit covers it; it has no plan names
		}
		t.Run(file, func(t *testing.T) {
			u := srv.URL(urlPath(file))
			p.ResetProblems()
			status, err := p.Open(u)
			must(t, err)
			if status != 200 {
				t.Fatalf("GET %s: status %d", u, status)
			}
			vs, err := axe.Run(p)
			must(t, err)
			if len(vs) > 0 {
				t.Errorf("axe-core found %d violations:\n%s", len(vs), browsertest.FormatViolations(vs))
			}
			if probs := p.Problems(); len(probs) > 0 {
				t.Errorf("the browser reported:\n%s", strings.Join(probs, "\n"))
			}
			must(t, p.SetViewport(phoneWidth, 740, 1, true))
			defer func() { must(t, p.SetViewport(browsertest.DefaultWidth, browsertest.DefaultHeight, 1, false)) }()
			_, err = p.Open(u)
			must(t, err)
			overflow, err := browsertest.Eval[string](p, sideScroll)
			must(t, err)
			if overflow != "" {
				t.Errorf("at %dpx wide the page scrolls sideways: %s", phoneWidth, overflow)
			}
		})
	}
}
