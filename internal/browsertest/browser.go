// Package browsertest drives a headless Chromium for end-to-end tests of the
// generated site: it finds and starts the browser, serves a built site on
// 127.0.0.1 (under a sub-path when asked), opens pages, reads what a person
// would see, and runs the axe-core accessibility audit inside a page.
//
// The functions return errors so that programs (the README screenshots)
// can use them too; the Need* and New* helpers take a testing.TB and apply
// the team's rule for missing tools: skip locally, fail when CI=true.
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/rolloutdocs/rolloutdocs/internal/testtool"
)

// DefaultWidth and DefaultHeight are the window size of a new browser: a
// common laptop viewport, wide enough for the desktop layout.
const (
	DefaultWidth  = 1280
	DefaultHeight = 900
)

// chromiumCandidates are tried in order when $CHROME_PATH is unset. Debian's
// package installs /usr/bin/chromium, which is what CI uses.
var chromiumCandidates = []string{
	"/usr/bin/chromium",
	"chromium",
	"chromium-browser",
	"google-chrome-stable",
	"google-chrome",
}

// FindChromium returns the browser to run: $CHROME_PATH when set, else the
// first of Debian's chromium and its usual other names found on PATH.
func FindChromium() (string, error) {
	if path := os.Getenv("CHROME_PATH"); path != "" {
		found, err := exec.LookPath(path)
		if err != nil {
			return "", fmt.Errorf("CHROME_PATH=%s: %w", path, err)
		}
		return found, nil
	}
	for _, name := range chromiumCandidates {
		if found, err := exec.LookPath(name); err == nil {
			return found, nil
		}
	}
	return "", errors.New("chromium not found: install Debian's chromium (apt-get install chromium) or set CHROME_PATH")
}

// Browser is one headless Chromium process with its own throw-away profile.
type Browser struct {
	ctx         context.Context // the browser's first tab; new tabs derive from it
	cancel      context.CancelFunc
	userDataDir string
}

// Start launches chromiumPath headless with a fresh profile directory. Close
// ends the process and removes the profile.
func Start(chromiumPath string) (*Browser, error) {
	dir, err := os.MkdirTemp("", "rolloutdocs-chromium-")
	if err != nil {
		return nil, fmt.Errorf("creating chromium's profile directory: %w", err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.UserDataDir(dir),
		// Containers and CI run as root, where Chromium's sandbox cannot start.
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.WindowSize(DefaultWidth, DefaultHeight),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	b := &Browser{
		ctx: ctx,
		cancel: func() {
			cancelCtx()
			cancelAlloc() // waits for the process to exit
		},
		userDataDir: dir,
	}
	// An empty Do starts the browser; its lifetime is bound to ctx, which
	// has no deadline, so per-action timeouts cannot close it.
	if err := chromedp.Do(ctx); err != nil {
		b.Close()
		return nil, fmt.Errorf("starting %s: %w", chromiumPath, err)
	}
	return b, nil
}

// Close ends the browser and removes its profile directory.
func (b *Browser) Close() error {
	b.cancel()
	if err := os.RemoveAll(b.userDataDir); err != nil {
		return fmt.Errorf("removing chromium's profile: %w", err)
	}
	return nil
}

// NewBrowser starts Chromium for a test and closes it when the test ends.
// When no Chromium is installed the test is skipped, or fails under CI=true.
func NewBrowser(t testing.TB) *Browser {
	t.Helper()
	path, err := FindChromium()
	if err != nil {
		testtool.Missing(t, "%v", err)
	}
	b, err := Start(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := b.Close(); err != nil {
			t.Error(err)
		}
	})
	return b
}

// Page opens a new tab for a test and closes it when the test ends.
func (b *Browser) Page(t testing.TB) *Page {
	t.Helper()
	p, err := b.NewPage()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}
