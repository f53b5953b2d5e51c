// Command screenshots renders the README's screenshots: it builds a site's
// plans with the real builder, serves the result on 127.0.0.1 and
// photographs pages in headless Chromium (light scheme, device pixel ratio
// 2 so they stay crisp on high-density screens).
//
//	go run ./internal/cmd/screenshots                # writes docs/screenshots/*.png
//	go run ./internal/cmd/screenshots -plan dark-mode
//
// With -history it writes history.png and history-phone.png instead: a
// plan page's history from git, on a source in a git repository, such as
// the one genplans makes (fixed authors and dates, so the same picture):
//
//	go run ./internal/cmd/genplans -n 12 -commits 60 /tmp/demo
//	go run ./internal/cmd/screenshots -source /tmp/demo -history -plan SLUG
//
// It needs Debian's chromium (or CHROME_PATH).
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/rolloutdocs/rolloutdocs/internal/browsertest"
	"github.com/rolloutdocs/rolloutdocs/internal/site"
)

// shot is one screenshot: a page at a viewport size.
type shot struct {
	file          string
	page          string // site-relative URL path
	anchor        string // the id scrolled to, if any
	width, height int
	mobile        bool
}

func main() {
	source := flag.String("source", ".", "directory holding content/ (the repository root for the example portfolio)")
	out := flag.String("out", filepath.Join("docs", "screenshots"), "directory to write the PNG files to")
	planSlug := flag.String("plan", "search-relevance-v2", "slug of the plan whose page is photographed")
	withHistory := flag.Bool("history", false, "photograph the plan page's history from git (history.png, history-phone.png) instead")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "Usage: go run ./internal/cmd/screenshots [flags]\n\nWrites index.png, plan.png and phone.png for the README.\n\nFlags:\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	shots := []shot{
		// Tall enough for the example portfolio's whole table, and for a
		// plan's facts, overview and phase timeline.
		{file: "index.png", page: "", width: 1280, height: 960},
		{file: "plan.png", page: "plans/" + *planSlug + "/", width: 1280, height: 1480},
		// On a phone the index turns into one card per plan.
		{file: "phone.png", page: "", width: 390, height: 844, mobile: true},
	}
	if *withHistory {
		shots = []shot{
			{file: "history.png", page: "plans/" + *planSlug + "/", anchor: "plan-history", width: 1280, height: 900},
			{file: "history-phone.png", page: "plans/" + *planSlug + "/", anchor: "plan-history", width: 390, height: 844, mobile: true},
		}
	}
	if err := run(*source, *out, *withHistory, shots); err != nil {
		fmt.Fprintf(os.Stderr, "screenshots: %v\n", err)
		os.Exit(1)
	}
}

func run(source, out string, withHistory bool, shots []shot) error {
	dir, err := os.MkdirTemp("", "rolloutdocs-screenshots-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := build(source, dir, withHistory); err != nil {
		return err
	}
	for _, s := range shots {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(s.page), "index.html")); err != nil {
			return fmt.Errorf("the site has no page %q (is -plan a plan's slug?)", "/"+s.page)
		}
	}

	srv, err := browsertest.ServeDir(dir, "/")
	if err != nil {
		return err
	}
	defer srv.Close()
	chromium, err := browsertest.FindChromium()
	if err != nil {
		return err
	}
	browser, err := browsertest.Start(chromium)
	if err != nil {
		return err
	}
	defer browser.Close()
	page, err := browser.NewPage()
	if err != nil {
		return err
	}
	defer page.Close()
	if err := page.SetColorScheme(browsertest.Light); err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, s := range shots {
		png, err := take(page, srv.URL(s.page), s)
		if err != nil {
			return err
		}
		path := filepath.Join(out, s.file)
		if err := os.WriteFile(path, png, 0o644); err != nil {
			return err
		}
		fmt.Printf("wrote %s (%dx%d CSS px, %d KiB)\n", path, s.width, s.height, len(png)/1024)
	}
	if probs := page.Problems(); len(probs) > 0 {
		return fmt.Errorf("the pages reported errors: %q", probs)
	}
	return nil
}

// build writes the site for source into dir with the real builder.
func build(source, dir string, withHistory bool) error {
	b, err := site.New(site.Config{Source: source, GitHistory: withHistory, Progress: os.Stderr})
	if err != nil {
		return err
	}
	res, err := b.Build()
	if err != nil && !errors.Is(err, site.ErrStrict) {
		return fmt.Errorf("building %s: %w", source, err)
	}
	for name, data := range res.Files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// settled resolves once the fonts are in, two frames have been painted
// and a moment more has passed. Even so the text inside form controls is
// now and then antialiased differently (a few thousand pixels of the
// index's inputs), so regenerating may change index.png's bytes without a
// visible change: commit it only when the page really changed.
const settled = `document.fonts.ready.then(() => new Promise(done =>
	requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 300)))))`

func take(page *browsertest.Page, url string, s shot) ([]byte, error) {
	if err := page.SetViewport(s.width, s.height, 2, s.mobile); err != nil {
		return nil, err
	}
	status, err := page.Open(url)
	if err != nil {
		return nil, err
	}
	if status != 200 {
		return nil, fmt.Errorf("%s: status %d", url, status)
	}
	// Photograph the page as a reader with JavaScript sees it.
	if _, err := browsertest.Eval[browsertest.Void](page, settled); err != nil {
		return nil, err
	}
	if s.anchor != "" {
		// Scrolled here rather than by a #fragment in the URL: opening
		// the same page again with another fragment is no navigation.
		found, err := browsertest.Eval[bool](page, fmt.Sprintf(`(() => {
			const el = document.getElementById(%q);
			if (!el) return false;
			el.scrollIntoView({block: "start"});
			return true;
		})()`, s.anchor))
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, fmt.Errorf("%s has no element #%s (is the source in git, with history?)", url, s.anchor)
		}
		if _, err := browsertest.Eval[browsertest.Void](page, settled); err != nil {
			return nil, err
		}
	}
	return page.Screenshot(false)
}
