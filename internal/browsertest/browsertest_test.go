package browsertest

import (
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

const fixtureSite = "testdata/site"

func TestFindChromiumHonoursCHROME_PATH(t *testing.T) {
	t.Setenv("CHROME_PATH", filepath.Join(t.TempDir(), "no-such-browser"))
	_, err := FindChromium()
	if err == nil || !strings.Contains(err.Error(), "CHROME_PATH") {
		t.Fatalf("FindChromium with a missing CHROME_PATH: err = %v, want one naming CHROME_PATH", err)
	}

	t.Setenv("CHROME_PATH", "true") // any executable on PATH proves the lookup
	got, err := FindChromium()
	if err != nil || filepath.Base(got) != "true" {
		t.Fatalf("FindChromium with CHROME_PATH=true = %q, %v; want the path of true", got, err)
	}
}

func TestServeHonoursPrefixAnd404Page(t *testing.T) {
	for _, prefix := range []string{"/", "/rollouts/", "rollouts"} {
		t.Run(prefix, func(t *testing.T) {
			site := Serve(t, fixtureSite, prefix)
			tests := []struct {
				rel      string
				status   int
				contains string
			}{
				{"", 200, "<title>Fixture portfolio</title>"},
				{"phases/1-canary/", 200, "Phase 1: Canary"},
				{"style.css", 200, "--link"},
				{"nowhere/", 404, "<title>Page not found</title>"},
			}
			for _, tt := range tests {
				status, body := get(t, site.URL(tt.rel))
				if status != tt.status || !strings.Contains(body, tt.contains) {
					t.Errorf("GET %s = %d, body without %q? (%.80q); want %d", tt.rel, status, tt.contains, body, tt.status)
				}
			}
			if got, want := site.NotFound(), []string{normalizePrefix(prefix) + "nowhere/"}; !slices.Equal(got, want) {
				t.Errorf("NotFound() = %q, want %q", got, want)
			}
		})
	}
}

func TestServeRefusesPathsAboveTheBase(t *testing.T) {
	site := Serve(t, fixtureSite, "/rollouts/")
	root := strings.TrimSuffix(site.Base, "rollouts/")
	status, body := get(t, root+"style.css")
	if status != 404 || strings.Contains(body, "--link") {
		t.Fatalf("GET /style.css outside /rollouts/ = %d %.60q, want a bare 404", status, body)
	}
	if got := site.NotFound(); !slices.Equal(got, []string{"/style.css"}) {
		t.Errorf("NotFound() = %q, want [/style.css]", got)
	}
}

func TestServeRejectsMissingDirectory(t *testing.T) {
	if _, err := ServeDir(filepath.Join(t.TempDir(), "public"), "/"); err == nil {
		t.Fatal("ServeDir of a missing directory succeeded")
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// TestPageInteractions drives the fixture's filter, sort and link under a
// sub-path, as the site's end-to-end tests do with real pages.
func TestPageInteractions(t *testing.T) {
	b := NewBrowser(t)
	site := Serve(t, fixtureSite, "/rollouts/")
	p := b.Page(t)

	status, err := p.Open(site.URL(""))
	must(t, err)
	if status != 200 {
		t.Fatalf("index status %d", status)
	}
	if title, err := p.Title(); err != nil || title != "Fixture portfolio" {
		t.Fatalf("Title() = %q, %v", title, err)
	}
	rows := func() []string {
		t.Helper()
		got, err := p.VisibleTexts("#plans tbody tr td:first-child")
		must(t, err)
		return got
	}
	if got, want := rows(), []string{"Checkout redesign", "Billing engine", "Dark mode"}; !slices.Equal(got, want) {
		t.Fatalf("rows = %q, want %q", got, want)
	}

	must(t, p.Type("#filter", "mode"))
	if _, err := p.WaitText("#status", "1 plan"); err != nil {
		t.Fatal(err)
	}
	if got, want := rows(), []string{"Dark mode"}; !slices.Equal(got, want) {
		t.Fatalf("rows after filtering for %q = %q, want %q", "mode", got, want)
	}
	if n, err := p.Count("#plans tbody tr"); err != nil || n != 3 {
		t.Fatalf("Count(all rows) = %d, %v; hidden rows still count, want 3", n, err)
	}
	must(t, p.Clear("#filter"))
	if _, err := p.WaitText("#status", "3 plans"); err != nil {
		t.Fatal(err)
	}

	must(t, p.Click(`button[data-sort="1"]`))
	if got, want := rows(), []string{"Billing engine", "Dark mode", "Checkout redesign"}; !slices.Equal(got, want) {
		t.Fatalf("rows sorted by owner = %q, want %q", got, want)
	}

	url, err := p.ClickAndWaitLoad(`#plans a`)
	must(t, err)
	if want := site.URL("phases/1-canary/"); url != want {
		t.Fatalf("link led to %s, want %s", url, want)
	}
	if h1, err := p.Text("h1"); err != nil || h1 != "Phase 1: Canary" {
		t.Fatalf("phase page h1 = %q, %v", h1, err)
	}
	if href, ok, err := p.Attribute("main a", "href"); err != nil || !ok || href != "../../" {
		t.Fatalf("back link href = %q, %v, %v", href, ok, err)
	}
	if probs := p.Problems(); len(probs) != 0 {
		t.Fatalf("console problems on working pages: %q", probs)
	}
	if nf := site.NotFound(); len(nf) != 0 {
		t.Fatalf("missing files requested: %q", nf)
	}
}

func TestPageColorScheme(t *testing.T) {
	b := NewBrowser(t)
	site := Serve(t, fixtureSite, "/")
	p := b.Page(t)
	_, err := p.Open(site.URL(""))
	must(t, err)
	for _, tt := range []struct{ scheme, bg string }{
		{Dark, "rgb(18, 18, 18)"},
		{Light, "rgb(255, 255, 255)"},
	} {
		must(t, p.SetColorScheme(tt.scheme))
		got, err := p.ComputedStyle("body", "background-color")
		must(t, err)
		if got != tt.bg {
			t.Errorf("%s scheme: body background %s, want %s", tt.scheme, got, tt.bg)
		}
	}
}

func TestPageWithoutJavaScript(t *testing.T) {
	b := NewBrowser(t)
	site := Serve(t, fixtureSite, "/")
	p := b.Page(t)
	must(t, p.SetJavaScript(false))
	_, err := p.Open(site.URL(""))
	must(t, err)
	must(t, p.Type("#filter", "mode"))
	// Without app.js nothing filters: all three rows stay.
	got, err := p.VisibleTexts("#plans tbody tr td:first-child")
	must(t, err)
	if len(got) != 3 {
		t.Fatalf("with scripts off, typing in the filter left rows %q; want all 3", got)
	}
	must(t, p.SetJavaScript(true))
	_, err = p.Open(site.URL(""))
	must(t, err)
	must(t, p.Type("#filter", "mode"))
	if _, err := p.WaitText("#status", "1 plan"); err != nil {
		t.Fatalf("with scripts back on: %v", err)
	}
}

func TestWaitReload(t *testing.T) {
	b := NewBrowser(t)
	site := Serve(t, fixtureSite, "/")
	p := b.Page(t)
	_, err := p.Open(site.URL("reload.html"))
	must(t, err)

	must(t, p.WaitReload(func() error { return p.Click("#reload") }))
	if h1, err := p.Text("h1"); err != nil || h1 != "Loads: 2" {
		t.Fatalf("after WaitReload h1 = %q, %v; want the second load", h1, err)
	}
	// The waits poll across a reload rather than failing with it.
	must(t, p.Click("#reload"))
	if _, err := p.WaitText("h1", "Loads: 3"); err != nil {
		t.Fatal(err)
	}

	p.Timeout = 700 * time.Millisecond
	start := time.Now()
	err = p.WaitReload(func() error { return p.Click("#nothing") })
	if err == nil {
		t.Fatal("WaitReload succeeded although the page did not reload")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("WaitReload took %v to give up, timeout was %v", d, p.Timeout)
	}
	if _, err := p.WaitText("h1", "never there"); err == nil || !strings.Contains(err.Error(), `reads "Loads: 3"`) {
		t.Errorf("WaitText for missing text: err = %v, want one quoting the text seen", err)
	}
}

func TestPageReportsScriptErrorsAndFailedLoads(t *testing.T) {
	b := NewBrowser(t)
	site := Serve(t, fixtureSite, "/")
	p := b.Page(t)
	_, err := p.Open(site.URL("broken.html"))
	must(t, err)
	// Console events arrive asynchronously, so give them a moment.
	for _, want := range []string{"fixture failure", "missing.css"} {
		deadline := time.Now().Add(5 * time.Second)
		for !strings.Contains(strings.Join(p.Problems(), "\n"), want) {
			if time.Now().After(deadline) {
				t.Fatalf("Problems() = %q, want one mentioning %q", p.Problems(), want)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	if nf := site.NotFound(); !slices.Equal(nf, []string{"/missing.css"}) {
		t.Errorf("NotFound() = %q, want [/missing.css]", nf)
	}
	p.ResetProblems()
	if len(p.Problems()) != 0 {
		t.Error("ResetProblems left problems")
	}
}

func TestAxe(t *testing.T) {
	axe := NeedAxe(t)
	b := NewBrowser(t)
	site := Serve(t, fixtureSite, "/")
	p := b.Page(t)

	for _, scheme := range []string{Light, Dark} {
		must(t, p.SetColorScheme(scheme))
		_, err := p.Open(site.URL(""))
		must(t, err)
		vs, err := axe.Run(p)
		must(t, err)
		if len(vs) != 0 {
			t.Errorf("accessible fixture, %s scheme: %d violations:\n%s", scheme, len(vs), FormatViolations(vs))
		}
	}

	_, err := p.Open(site.URL("inaccessible.html"))
	must(t, err)
	vs, err := axe.Run(p)
	must(t, err)
	var rules []string
	for _, v := range vs {
		rules = append(rules, v.Rule)
		if len(v.Nodes) == 0 || v.Nodes[0].Target == "" || v.HelpURL == "" {
			t.Errorf("violation %s lacks the element or help: %+v", v.Rule, v)
		}
	}
	for _, want := range []string{"image-alt", "label", "color-contrast"} {
		if !slices.Contains(rules, want) {
			t.Errorf("axe on inaccessible.html found %q, want %s among them", rules, want)
		}
	}
	// A second run on the same document reuses the injected engine.
	again, err := axe.Run(p)
	must(t, err)
	if len(again) != len(vs) {
		t.Errorf("second run found %d violations, first %d", len(again), len(vs))
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
