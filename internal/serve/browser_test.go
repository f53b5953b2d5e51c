package serve

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	rolloutdocs "github.com/rolloutdocs/rolloutdocs"
	"github.com/rolloutdocs/rolloutdocs/internal/browsertest"
	"github.com/rolloutdocs/rolloutdocs/internal/genplans"
	"github.com/rolloutdocs/rolloutdocs/internal/site"
	"github.com/rolloutdocs/rolloutdocs/internal/testtool"
	"github.com/rolloutdocs/rolloutdocs/internal/watch"
)

// realPreview is the preview as `rolloutdocs serve` runs it: the real site
// builder, the real watcher and a real listener on 127.0.0.1.
type realPreview struct {
	src    string
	URL    string
	addr   string
	srv    *Server
	hs     *http.Server
	w      *watch.Watcher
	cancel context.CancelFunc
	done   chan struct{}
}

// startRealPreview serves src on addr ("127.0.0.1:0" for a free port).
func startRealPreview(tb testing.TB, src, addr string) *realPreview {
	tb.Helper()
	b, err := site.New(site.Config{Source: src, BaseURL: "/", IndexesOnRequest: true})
	if err != nil {
		tb.Fatal(err)
	}
	srv, err := New(Options{Builder: SiteBuilder(b), Root: src})
	if err != nil {
		tb.Fatal(err)
	}
	dirs := []string{filepath.Join(src, "content"), filepath.Join(src, "static")}
	if _, err := os.Stat(filepath.Join(src, "layouts")); err == nil {
		dirs = append(dirs, filepath.Join(src, "layouts"))
	}
	w, err := watch.New(dirs, watch.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &realPreview{src: src, addr: ln.Addr().String(), srv: srv, w: w, cancel: cancel, done: make(chan struct{})}
	p.URL = "http://" + p.addr + "/"
	p.hs = &http.Server{Handler: srv.Handler()}
	p.hs.RegisterOnShutdown(srv.Close)
	go p.hs.Serve(ln)
	go func() { srv.Watch(ctx, w.Batches()); close(p.done) }()
	tb.Cleanup(p.stop)
	return p
}

func (p *realPreview) stop() {
	p.cancel()
	p.w.Close()
	<-p.done
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	p.hs.Shutdown(ctx)
}

// copyDemo copies the example portfolio's content/ and creates static/
// holding the theme's stylesheet, so a test can edit both.
func copyDemo(tb testing.TB) string {
	tb.Helper()
	root, err := testtool.RepoRoot()
	if err != nil {
		tb.Fatal(err)
	}
	dst := tb.TempDir()
	if err := os.CopyFS(filepath.Join(dst, "content"), os.DirFS(filepath.Join(root, "content"))); err != nil {
		tb.Fatal(err)
	}
	css, err := fs.ReadFile(rolloutdocs.Theme, "static/rolloutdocs/style.css")
	if err != nil {
		tb.Fatal(err)
	}
	writeFile(tb, dst, "static/rolloutdocs/style.css", string(css))
	return dst
}

// waitJS polls a JavaScript expression until it is true. Evaluation errors
// are expected while the page reloads and are retried.
func waitJS(p *browsertest.Page, expr string, timeout time.Duration) error {
	return waitJSEvery(p, expr, timeout, 10*time.Millisecond)
}

// waitJSEvery is waitJS polling at the given interval.
func waitJSEvery(p *browsertest.Page, expr string, timeout, interval time.Duration) error {
	deadline := time.Now().Add(timeout)
	var last error
	for time.Now().Before(deadline) {
		ok, err := browsertest.Eval[bool](p, "Boolean("+expr+")")
		if err == nil && ok {
			return nil
		}
		last = err
		time.Sleep(interval)
	}
	return fmt.Errorf("waiting for %s: timed out after %v (last error: %v)", expr, timeout, last)
}

// waitPage waits until the server has built a page.
func waitPage(t testing.TB, url string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s was not built within %v", url, timeout)
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func eval[T any](t testing.TB, p *browsertest.Page, expr string) T {
	t.Helper()
	v, err := browsertest.Eval[T](p, expr)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

const overlayText = `document.getElementById("rolloutdocs-problems")?.shadowRoot?.textContent ?? ""`

// TestBrowserLiveReload is the preview end to end in headless Chromium: a
// plan edit appears (scroll kept), a stylesheet edit applies without a
// navigation, a broken plan shows the overlay over its last good page and
// the fix clears it, and a server restart reloads the tab.
func TestBrowserLiveReload(t *testing.T) {
	browser := browsertest.NewBrowser(t)
	src := copyDemo(t)
	prev := startRealPreview(t, src, "127.0.0.1:0")
	page := browser.Page(t)
	const wait = 10 * time.Second

	status, err := page.Open(prev.URL + "plans/dark-mode/")
	must(t, err)
	if status != http.StatusOK {
		t.Fatalf("plan page status %d", status)
	}
	must(t, waitJS(page, `document.querySelector('script[src="/_rolloutdocs/live.js"]')`, wait))

	planFile := filepath.Join(src, "content", "plans", "dark-mode.md")
	orig, err := os.ReadFile(planFile)
	must(t, err)

	t.Run("a plan edit appears in place, scroll position kept", func(t *testing.T) {
		y := eval[float64](t, page, `window.__marker = "edit"; scrollTo(0, 400); scrollY`)
		if y <= 0 {
			t.Fatalf("could not scroll the page (scrollY %v)", y)
		}
		edited := mustReplace(t, string(orig), "Dark mode has been", "Dark mode, reviewed in the preview, has been")
		must(t, os.WriteFile(planFile, []byte(edited), 0o644))
		must(t, waitJS(page, `document.body.innerText.includes("reviewed in the preview")`, wait))
		if !eval[bool](t, page, `window.__marker === "edit"`) {
			t.Fatal("the page reloaded for a plan edit: it should be morphed in place")
		}
		// The reader stays where they were: Chromium's scroll anchoring
		// may shift scrollY by the height the edit added above the view.
		if got := eval[float64](t, page, `scrollY`); math.Abs(got-y) > 40 {
			t.Fatalf("scrollY %v after the edit, was %v", got, y)
		}
		orig = []byte(edited)
	})

	t.Run("a stylesheet edit applies without a navigation", func(t *testing.T) {
		origin := eval[float64](t, page, `window.__marker = "css"; performance.timeOrigin`)
		links := eval[int](t, page, `document.querySelectorAll('link[rel="stylesheet"]').length`)
		cssFile := filepath.Join(src, "static", "rolloutdocs", "style.css")
		css, err := os.ReadFile(cssFile)
		must(t, err)
		must(t, os.WriteFile(cssFile, append(css, "\nbody { background-color: rgb(1, 2, 3) !important; }\n"...), 0o644))
		must(t, waitJS(page, `getComputedStyle(document.body).backgroundColor === "rgb(1, 2, 3)"`, wait))
		if !eval[bool](t, page, fmt.Sprintf(`window.__marker === "css" && performance.timeOrigin === %v`, origin)) {
			t.Fatal("the page navigated for a CSS change")
		}
		must(t, waitJS(page, fmt.Sprintf(`document.querySelectorAll('link[rel="stylesheet"]').length === %d`, links), wait))
		must(t, os.WriteFile(cssFile, css, 0o644))
		must(t, waitJS(page, `getComputedStyle(document.body).backgroundColor !== "rgb(1, 2, 3)"`, wait))
	})

	t.Run("a broken plan shows the overlay, the fix clears it", func(t *testing.T) {
		eval[bool](t, page, `window.__marker = "broken"; true`)
		broken := mustReplace(t, string(orig), "status: launched", "status: lanched")
		must(t, os.WriteFile(planFile, []byte(broken), 0o644))
		must(t, waitJS(page, overlayText+`.includes("status: lanched")`, wait))
		text := eval[string](t, page, overlayText)
		for _, want := range []string{"content/plans/dark-mode.md:4:9", "is not a status", "front-matter/enum"} {
			if !strings.Contains(text, want) {
				t.Errorf("overlay lacks %q: %s", want, text)
			}
		}
		if !eval[bool](t, page, `window.__marker === "broken" && document.body.innerText.includes("reviewed in the preview")`) {
			t.Fatal("the page reloaded or lost its last good text while the plan was broken")
		}
		// The overlay itself passes the accessibility audit.
		violations, err := browsertest.NeedAxe(t).Run(page)
		must(t, err)
		for _, v := range violations {
			for _, n := range v.Nodes {
				if strings.Contains(n.Target, "rolloutdocs-problems") {
					t.Errorf("overlay accessibility: %s", v)
					break
				}
			}
		}
		if shot := os.Getenv("ROLLOUTDOCS_OVERLAY_SCREENSHOT"); shot != "" {
			saveScreenshot(t, page, shot, 1200, 720, false)
			if phone := os.Getenv("ROLLOUTDOCS_OVERLAY_PHONE_SCREENSHOT"); phone != "" {
				saveScreenshot(t, page, phone, 390, 844, true)
			}
		}
		must(t, os.WriteFile(planFile, orig, 0o644))
		must(t, waitJS(page, `!document.getElementById("rolloutdocs-problems") && document.readyState === "complete"`, wait))
	})

	t.Run("a plan whose URL needs percent-encoding reloads too", func(t *testing.T) {
		cafe := filepath.Join(src, "content", "plans", "café.md")
		must(t, os.WriteFile(cafe, orig, 0o644))
		waitPage(t, prev.URL+"plans/caf%C3%A9/", wait)
		_, err := page.Open(prev.URL + "plans/caf%C3%A9/")
		must(t, err)
		must(t, os.WriteFile(cafe, []byte(mustReplace(t, string(orig), "reviewed in the preview", "reviewed au café")), 0o644))
		must(t, waitJS(page, `document.body.innerText.includes("reviewed au café")`, wait))
	})

	if problems := page.Problems(); len(problems) > 0 {
		t.Errorf("console problems: %q", problems)
	}

	t.Run("a server restart reloads the tab", func(t *testing.T) {
		eval[bool](t, page, `window.__marker = "restart"; true`)
		prev.stop()
		must(t, waitJS(page, `document.getElementById("rolloutdocs-offline")`, wait))
		startRealPreview(t, src, prev.addr)
		must(t, waitJS(page, `window.__marker === undefined && document.readyState === "complete"`, wait))
		if !eval[bool](t, page, `!document.getElementById("rolloutdocs-offline")`) {
			t.Fatal("the offline note stayed after the server came back")
		}
	})
}

// TestBrowserMorphKeepsState: an edit is morphed into the open page, which
// keeps what the reader did there — scroll position, an open <details>,
// the focused element, the index's typed filter and chosen sort — without
// reloading it (a marker set on window survives); a change to the pages'
// <head> still reloads.
func TestBrowserMorphKeepsState(t *testing.T) {
	browser := browsertest.NewBrowser(t)
	src := copyDemo(t)
	// The site's own layouts: a footer with a <details>, and the theme's
	// baseof.html, which the last subtest edits.
	footer, err := fs.ReadFile(rolloutdocs.Theme, "layouts/_partials/rollout/footer.html")
	must(t, err)
	writeFile(t, src, "layouts/_partials/rollout/footer.html", strings.Replace(string(footer), "</footer>",
		`<details id="more"><summary id="more-summary">More about this page</summary><p>Written in Markdown.</p></details>`+"\n</footer>", 1))
	baseof, err := fs.ReadFile(rolloutdocs.Theme, "layouts/baseof.html")
	must(t, err)
	writeFile(t, src, "layouts/baseof.html", string(baseof))
	prev := startRealPreview(t, src, "127.0.0.1:0")
	page := browser.Page(t)
	const wait = 10 * time.Second

	planFile := filepath.Join(src, "content", "plans", "dark-mode.md")
	orig, err := os.ReadFile(planFile)
	must(t, err)
	edit := func(t *testing.T, old, repl string) {
		t.Helper()
		text := mustReplace(t, string(orig), old, repl)
		must(t, os.WriteFile(planFile, []byte(text), 0o644))
		orig = []byte(text)
	}

	t.Run("plan page: scroll, open details and focus survive an edit", func(t *testing.T) {
		_, err := page.Open(prev.URL + "plans/dark-mode/")
		must(t, err)
		must(t, waitJS(page, `document.querySelector('script[src="/_rolloutdocs/live.js"]')`, wait))
		must(t, page.Click("#more-summary"))
		must(t, waitJS(page, `document.getElementById("more").open`, wait))
		y := eval[float64](t, page, `window.__marker = "kept"; document.getElementById("more-summary").focus({ preventScroll: true }); scrollTo(0, 400); scrollY`)
		if y <= 0 {
			t.Fatalf("could not scroll the page (scrollY %v)", y)
		}
		edit(t, "Dark mode has been", "Dark mode, morphed in place, has been")
		must(t, waitJS(page, `document.body.textContent.includes("morphed in place")`, wait))
		if !eval[bool](t, page, `window.__marker === "kept"`) {
			t.Fatal("the page reloaded: the edit should have been morphed in")
		}
		// The server pushed the page with the change: no round trip for it.
		if n := eval[int](t, page, `performance.getEntriesByType("resource").filter(e => e.initiatorType === "fetch" && new URL(e.name).pathname === location.pathname).length`); n != 0 {
			t.Errorf("the tab fetched its page %d times; the server should have pushed it", n)
		}
		if !eval[bool](t, page, `document.getElementById("more").open`) {
			t.Error("the open <details> closed")
		}
		if id := eval[string](t, page, `document.activeElement ? document.activeElement.id : ""`); id != "more-summary" {
			t.Errorf("focus moved to %q", id)
		}
		if got := eval[float64](t, page, `scrollY`); math.Abs(got-y) > 40 {
			t.Errorf("scrollY %v after the edit, was %v", got, y)
		}
	})

	t.Run("index: the typed filter, its focus and the sort survive an edit", func(t *testing.T) {
		_, err := page.Open(prev.URL)
		must(t, err)
		must(t, waitJS(page, `document.querySelector(".sort-button") && !document.getElementById("plan-controls").hidden`, wait))
		buttons := eval[int](t, page, `document.querySelectorAll("th .sort-button").length`)
		// Latest stage first (status descending), then the filter.
		must(t, page.Click(`th[data-sort-key="owner"] .sort-button`))
		must(t, page.Click(`th[data-sort-key="owner"] .sort-button`))
		must(t, waitJS(page, `document.querySelector('th[data-sort-key="owner"]').getAttribute("aria-sort") === "descending"`, wait))
		order := eval[string](t, page, `[...document.querySelectorAll("#plans tbody tr")].map(r => r.dataset.slug).join(" ")`)
		must(t, page.Type("#plan-filter", "dark"))
		must(t, waitJS(page, `document.getElementById("plan-count").textContent.startsWith("Showing 1 of")`, wait))
		count := eval[string](t, page, `window.__marker = "index"; document.getElementById("plan-count").textContent`)

		edit(t, "title: Dark Mode", "title: Dark Mode Everywhere")
		must(t, waitJS(page, `document.getElementById("plans").textContent.includes("Dark Mode Everywhere")`, wait))
		checks := []struct{ what, expr string }{
			{"no reload", `window.__marker === "index"`},
			{"the typed filter", `document.getElementById("plan-filter").value === "dark"`},
			{"focus in the filter", `document.activeElement === document.getElementById("plan-filter")`},
			{"the filter applied", fmt.Sprintf(`document.getElementById("plan-count").textContent === %q && document.querySelectorAll("#plans tbody tr:not([hidden])").length === 1`, count)},
			{"the controls shown", `!document.getElementById("plan-controls").hidden`},
			{"the sort buttons", fmt.Sprintf(`document.querySelectorAll("th .sort-button").length === %d`, buttons)},
			{"the sort", fmt.Sprintf(`document.querySelector('th[data-sort-key="owner"]').getAttribute("aria-sort") === "descending" && [...document.querySelectorAll("#plans tbody tr")].map(r => r.dataset.slug).join(" ") === %q`, order)},
			{"the sort select", `document.getElementById("plan-sort").value === "owner:descending"`},
		}
		for _, c := range checks {
			if !eval[bool](t, page, c.expr) {
				t.Errorf("lost after the edit: %s (%s)", c.what, c.expr)
			}
		}
		// The controls still work on the morphed page.
		must(t, page.Clear("#plan-filter"))
		must(t, waitJS(page, `document.querySelectorAll("#plans tbody tr:not([hidden])").length > 1`, wait))
	})

	t.Run("a <head> change reloads", func(t *testing.T) {
		eval[bool](t, page, `window.__marker = "head"; true`)
		writeFile(t, src, "layouts/baseof.html", strings.Replace(string(baseof), `<meta name="color-scheme"`, `<meta name="rd-test" content="head">`+"\n"+`<meta name="color-scheme"`, 1))
		must(t, waitJS(page, `document.querySelector('meta[name="rd-test"]') && document.readyState === "complete"`, wait))
		if eval[bool](t, page, `window.__marker === "head"`) {
			t.Fatal("the head changed but the page was morphed, not reloaded")
		}
	})

	if problems := page.Problems(); len(problems) > 0 {
		t.Errorf("console problems: %q", problems)
	}
}

func saveScreenshot(t *testing.T, page *browsertest.Page, path string, width, height int, mobile bool) {
	t.Helper()
	must(t, page.SetViewport(width, height, 2, mobile))
	must(t, waitJS(page, overlayText+` !== ""`, 5*time.Second))
	eval[bool](t, page, `scrollTo(0, 0); true`)
	time.Sleep(300 * time.Millisecond) // the overlay's entrance animation
	png, err := page.Screenshot(false)
	must(t, err)
	must(t, os.MkdirAll(filepath.Dir(path), 0o755))
	must(t, os.WriteFile(path, png, 0o644))
	must(t, page.SetViewport(browsertest.DefaultWidth, browsertest.DefaultHeight, 1, false))
}

// BenchmarkSaveToPaint measures, in headless Chromium, the time from a
// plan's save (an atomic rename of the new file over the plan, as editors
// save) to the first frame painted with the new text: the watcher's quiet
// period, the rebuild, the event, the page's update (a morph, or a reload
// where the client reloads) and the paint. It reports the median and p95
// in milliseconds and fails when an update is missed. bench/savepaint.sh
// runs it (and the same measure against an older revision, interleaved).
//
//	go test -run '^$' -bench SaveToPaint -benchtime 40x ./internal/serve
func BenchmarkSaveToPaint(b *testing.B) {
	for _, n := range []int{10, 1000} {
		b.Run(fmt.Sprintf("plans=%d", n), func(b *testing.B) { benchSaveToPaint(b, n) })
	}
}

// paintProbe runs in every document the tab loads (the reloaded ones too).
// When a mutation brings in the text the benchmark waits for (the token in
// sessionStorage), it waits for the next animation frame, which is painted
// right after its callbacks, and stamps the task that follows it: the
// time the new text reached the screen, on the machine's wall clock.
const paintProbe = `(() => {
  let queued = false;
  const check = () => {
    queued = false;
    const token = sessionStorage.getItem("rd-bench-token");
    if (!token || sessionStorage.getItem("rd-bench-painted")) return;
    if (!document.body || !document.body.textContent.includes(token)) return;
    setTimeout(() => sessionStorage.setItem("rd-bench-painted", String(performance.timeOrigin + performance.now())), 0);
  };
  new MutationObserver(() => {
    if (!queued) { queued = true; requestAnimationFrame(check); }
  }).observe(document, { subtree: true, childList: true, characterData: true });
})()`

// pollEvery is how often the benchmark asks the page whether the edit is
// in; often enough to keep the run short, rarely enough not to compete
// with the update for the page's main thread. The timing comes from the
// page's own clock, not from the polling.
var pollEvery = 100 * time.Millisecond

// settleAfterLoad is how long the benchmark leaves the opened page alone
// before the first save.
const settleAfterLoad = time.Second

func benchSaveToPaint(b *testing.B, plans int) {
	browser := browsertest.NewBrowser(b)
	src := b.TempDir()
	files, err := genplans.Write(src, plans, 1)
	if err != nil {
		b.Fatal(err)
	}
	must(b, os.MkdirAll(filepath.Join(src, "static"), 0o755))
	planFile := files[len(files)/2]
	slug := strings.TrimSuffix(filepath.Base(planFile), ".md")
	// The new file is written outside the watched tree, on the same file
	// system, and renamed over the plan: the watcher sees one event.
	staging := b.TempDir()
	prev := startRealPreview(b, src, "127.0.0.1:0")
	// The collector as `rolloutdocs serve` sets it after its first build.
	defer KeepSmall()()
	page := browser.Page(b)
	must(b, page.OnNewDocument(paintProbe))
	if _, err := page.Open(prev.URL + "plans/" + slug + "/"); err != nil {
		b.Fatal(err)
	}
	// An author reads the page before editing it. Saving the moment it has
	// loaded measured Chromium finishing the load (layout, the live
	// script's connection) beside the save: on two cores the first saves
	// then took 100-300 ms, the rest 25-50 ms.
	must(b, waitJS(page, `document.readyState === "complete"`, 10*time.Second))
	time.Sleep(settleAfterLoad)
	orig, err := os.ReadFile(planFile)
	must(b, err)
	// The edit goes into the overview's first paragraph, above the fold.
	end := strings.Index(string(orig), "## Overview\n\n")
	if end < 0 {
		b.Fatalf("%s has no overview", planFile)
	}
	end += len("## Overview\n\n")
	save := func(text string) time.Time {
		tmp := filepath.Join(staging, filepath.Base(planFile))
		must(b, os.WriteFile(tmp, []byte(text), 0o644))
		saved := time.Now()
		must(b, os.Rename(tmp, planFile))
		return saved
	}
	var samples []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		token := fmt.Sprintf("preview-edit-%d-%d", i, time.Now().UnixNano())
		must(b, waitJS(page, fmt.Sprintf(`(sessionStorage.removeItem("rd-bench-painted"), sessionStorage.setItem("rd-bench-token", %q), true)`, token), 5*time.Second))
		saved := save(string(orig[:end]) + token + " " + string(orig[end:]))
		if err := waitJSEvery(page, `sessionStorage.getItem("rd-bench-painted")`, 10*time.Second, pollEvery); err != nil {
			b.Fatalf("save %d: the edit never reached the screen (a missed update): %v", i+1, err)
		}
		paintedMs, err := browsertest.Eval[float64](page, `Number(sessionStorage.getItem("rd-bench-painted"))`)
		must(b, err)
		painted := time.UnixMicro(int64(paintedMs * 1000))
		samples = append(samples, painted.Sub(saved))
	}
	b.StopTimer()
	save(string(orig))
	if len(samples) == 0 {
		return
	}
	slices.Sort(samples)
	pct := func(p float64) float64 {
		i := int(p*float64(len(samples)-1) + 0.5)
		return float64(samples[i].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
	b.ReportMetric(float64(samples[len(samples)-1].Microseconds())/1000, "max-ms")
	b.ReportMetric(0, "ns/op") // the loop's own time includes polling; the percentiles are the measure
}

// BenchmarkPreviewRebuildOnePlan is the server's side of a save in a
// 1,000-plan portfolio: the site's incremental rebuild (see
// internal/site's BenchmarkRebuildOnePlan) plus publishing it — holding
// pages, the change event, waking waiting requests.
//
//	go test -run '^$' -bench PreviewRebuildOnePlan ./internal/serve
func BenchmarkPreviewRebuildOnePlan(b *testing.B) {
	src := b.TempDir()
	files, err := genplans.Write(src, 1000, 1)
	if err != nil {
		b.Fatal(err)
	}
	bl, err := site.New(site.Config{Source: src, BaseURL: "/", IndexesOnRequest: true})
	if err != nil {
		b.Fatal(err)
	}
	srv, err := New(Options{Builder: SiteBuilder(bl), Log: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	planFile := files[len(files)/2]
	orig, err := os.ReadFile(planFile)
	must(b, err)
	end := strings.Index(string(orig), "## Overview\n\n") + len("## Overview\n\n")
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		must(b, os.WriteFile(planFile, []byte(string(orig[:end])+fmt.Sprintf("Edit %d. ", i)+string(orig[end:])), 0o644))
		b.StartTimer()
		srv.Rebuild([]string{planFile}, false)
	}
	b.StopTimer()
	if snap := srv.current(); len(snap.problems.Errors) > 0 {
		b.Fatalf("the generated portfolio has errors: %+v", snap.problems.Errors[0])
	}
}

// mustReplace edits the example plan; it fails when the example no longer
// holds the text the test edits, instead of timing out on a save that
// changed nothing.
func mustReplace(t testing.TB, s, old, repl string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("the example plan no longer contains %q; update the test", old)
	}
	return strings.Replace(s, old, repl, 1)
}
