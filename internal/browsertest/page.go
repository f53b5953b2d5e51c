package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// DefaultTimeout bounds each action of a Page: long enough for a slow CI
// machine, short enough that a broken page fails the test instead of
// hanging it.
const DefaultTimeout = 20 * time.Second

// Page is one browser tab. Its methods wait for what they need and return
// errors that name the URL or selector involved.
type Page struct {
	ctx    context.Context
	cancel context.CancelFunc
	// Timeout bounds each action; zero means DefaultTimeout.
	Timeout time.Duration

	mu       sync.Mutex
	problems []string // script errors and failed loads, see Problems
}

// NewPage opens a new tab. Close it when done.
func (b *Browser) NewPage() (*Page, error) {
	ctx, cancel := chromedp.NewContext(b.ctx)
	// The first Do opens the tab and binds it to ctx, which has no deadline.
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		return nil, fmt.Errorf("opening a tab: %w", err)
	}
	p := &Page{ctx: ctx, cancel: cancel}
	if err := chromedp.Listen(ctx, p.watch); err != nil {
		cancel()
		return nil, fmt.Errorf("listening to the tab's console: %w", err)
	}
	return p, nil
}

// Close closes the tab.
func (p *Page) Close() { p.cancel() }

// watch records what a person would see as breakage in the developer
// console: uncaught exceptions, console.error calls and failed loads (the
// browser logs a 404 for a missing stylesheet or script as an error entry).
// It runs on the tab's message loop, so it only appends under the lock.
func (p *Page) watch(ev any) {
	var problem string
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text = d.Exception.Description
		}
		problem = fmt.Sprintf("uncaught exception at %s:%d:%d: %s", d.URL, d.LineNumber+1, d.ColumnNumber+1, text)
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError {
			return
		}
		args := make([]string, 0, len(ev.Args))
		for _, a := range ev.Args {
			if a.Description != "" {
				args = append(args, a.Description)
			} else {
				args = append(args, strings.Trim(string(a.Value), `"`))
			}
		}
		problem = "console.error: " + strings.Join(args, " ")
	case *log.EventEntryAdded:
		if ev.Entry.Level != log.EntryLevelError || isImplicitFavicon(ev.Entry.URL) {
			return
		}
		problem = fmt.Sprintf("%s: %s", ev.Entry.URL, ev.Entry.Text)
	default:
		return
	}
	p.mu.Lock()
	p.problems = append(p.problems, problem)
	p.mu.Unlock()
}

// isImplicitFavicon reports whether u is the /favicon.ico that Chromium asks
// the host for on its own when a page declares no icon. A site served under
// a sub-path does not own the host's root, so its absence is not the site's
// fault.
func isImplicitFavicon(u string) bool {
	parsed, err := url.Parse(u)
	return err == nil && parsed.Path == "/favicon.ico"
}

// Problems returns the script errors and failed loads seen since the tab
// opened or since the last ResetProblems.
func (p *Page) Problems() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.problems...)
}

// ResetProblems forgets the problems seen so far.
func (p *Page) ResetProblems() {
	p.mu.Lock()
	p.problems = nil
	p.mu.Unlock()
}

// actionCtx is the context for one action: the tab's, with the timeout.
func (p *Page) actionCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(p.ctx, p.timeout())
}

func (p *Page) do(what string, actions ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := p.actionCtx()
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

func run[T any](p *Page, what string, action chromedp.Action[T]) (T, error) {
	ctx, cancel := p.actionCtx()
	defer cancel()
	v, err := chromedp.Run(ctx, action)
	if err != nil {
		return v, fmt.Errorf("%s: %w", what, err)
	}
	return v, nil
}

// Open loads addr, waits for its load event and returns the HTTP status.
func (p *Page) Open(addr string) (status int, err error) {
	resp, err := run(p, "opening "+addr, chromedp.NavigateResponse(addr))
	if err != nil {
		return 0, err
	}
	if resp == nil {
		return 0, fmt.Errorf("opening %s: no response", addr)
	}
	return int(resp.Status), nil
}

// URL returns the address of the document the tab shows.
func (p *Page) URL() (string, error) {
	return run(p, "reading the location", chromedp.Location())
}

// Title returns the document's title.
func (p *Page) Title() (string, error) {
	return run(p, "reading the title", chromedp.Title())
}

// Click clicks the first element matching the CSS selector, as a mouse
// would (it must be visible).
func (p *Page) Click(selector string) error {
	return p.do("clicking "+selector, chromedp.Click(chromedp.CSS(selector)))
}

// ClickAndWaitLoad clicks the first element matching the selector and waits
// for the page it leads to to finish loading; it returns that page's URL.
func (p *Page) ClickAndWaitLoad(selector string) (string, error) {
	_, err := run(p, "following "+selector,
		chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(selector))))
	if err != nil {
		return "", err
	}
	return p.URL()
}

// Type focuses the first element matching the selector and types text into
// it key by key, so the page sees input events as from a keyboard.
func (p *Page) Type(selector, text string) error {
	return p.do("typing into "+selector, chromedp.SendKeys(chromedp.CSS(selector), text))
}

// Clear empties the form field matching the selector and tells the page,
// as deleting its text by hand would (an input event).
func (p *Page) Clear(selector string) error {
	_, err := Eval[chromedp.Void](p, fmt.Sprintf(`(() => {
		const el = document.querySelector(%s);
		if (!el) throw new Error("no element matches " + %[1]s);
		el.value = "";
		el.dispatchEvent(new Event("input", {bubbles: true}));
	})()`, jsString(selector)))
	return err
}

// Select chooses value in the <select> matching the selector and fires the
// change event a person's choice would.
func (p *Page) Select(selector, value string) error {
	_, err := Eval[chromedp.Void](p, fmt.Sprintf(`(() => {
		const el = document.querySelector(%s);
		if (!el) throw new Error("no element matches " + %[1]s);
		el.value = %s;
		if (el.value !== %[2]s) throw new Error("no option " + %[2]s + " in " + %[1]s);
		el.dispatchEvent(new Event("input", {bubbles: true}));
		el.dispatchEvent(new Event("change", {bubbles: true}));
	})()`, jsString(selector), jsString(value)))
	return err
}

// Text returns the rendered text (innerText) of the first element matching
// the selector, waiting for it to exist.
func (p *Page) Text(selector string) (string, error) {
	if err := p.do("waiting for "+selector, chromedp.WaitReady(chromedp.CSS(selector))); err != nil {
		return "", err
	}
	return Eval[string](p, fmt.Sprintf(`document.querySelector(%s).innerText`, jsString(selector)))
}

// VisibleTexts returns the rendered text of every element matching the
// selector that a person can see (not display:none, not hidden, in a
// visible ancestor), in document order.
func (p *Page) VisibleTexts(selector string) ([]string, error) {
	return Eval[[]string](p, fmt.Sprintf(
		`Array.from(document.querySelectorAll(%s)).filter(e => e.checkVisibility({visibilityProperty: true})).map(e => e.innerText.trim())`,
		jsString(selector)))
}

// Count returns how many elements match the selector, visible or not.
func (p *Page) Count(selector string) (int, error) {
	return Eval[int](p, fmt.Sprintf(`document.querySelectorAll(%s).length`, jsString(selector)))
}

// Attribute returns an attribute of the first element matching the
// selector, and whether the element has it.
func (p *Page) Attribute(selector, name string) (string, bool, error) {
	v, err := Eval[*string](p, fmt.Sprintf(`(() => {
		const el = document.querySelector(%s);
		if (!el) throw new Error("no element matches " + %[1]s);
		return el.getAttribute(%s);
	})()`, jsString(selector), jsString(name)))
	if err != nil || v == nil {
		return "", false, err
	}
	return *v, true, nil
}

// pollInterval is how often the Wait methods look again.
const pollInterval = 20 * time.Millisecond

// poll evaluates expression until it returns a truthy value, which it
// decodes into T, or until the page's timeout. The polling runs from Go, one
// evaluation at a time, so it survives the page reloading or navigating in
// between (a live preview that reloads itself): an evaluation that fails
// because the document went away is simply tried again. On timeout the
// error carries the last evaluation error, if any.
func poll[T any](p *Page, expression string) (T, error) {
	deadline := time.Now().Add(p.timeout())
	var last error
	for {
		ctx, cancel := context.WithTimeout(p.ctx, min(2*time.Second, p.timeout()))
		v, err := chromedp.Run(ctx, chromedp.Evaluate[*T](`(async () => (await (`+expression+`)) || null)()`, chromedp.EvalAwaitPromise))
		cancel()
		if err == nil && v != nil {
			return *v, nil
		}
		if err != nil {
			last = err
		}
		if p.ctx.Err() != nil {
			return *new(T), p.ctx.Err()
		}
		if time.Now().After(deadline) {
			if last != nil {
				return *new(T), fmt.Errorf("timed out after %v (last error: %w)", p.timeout(), last)
			}
			return *new(T), fmt.Errorf("timed out after %v", p.timeout())
		}
		time.Sleep(pollInterval)
	}
}

func (p *Page) timeout() time.Duration {
	if p.Timeout > 0 {
		return p.Timeout
	}
	return DefaultTimeout
}

// WaitText waits until the rendered text of the first element matching the
// selector contains want, and returns that text. It fails after the
// page's timeout with the last text seen.
func (p *Page) WaitText(selector, want string) (string, error) {
	text, err := poll[string](p, fmt.Sprintf(`(() => {
		const el = document.querySelector(%s);
		return el !== null && el.innerText.includes(%s) ? el.innerText : false;
	})()`, jsString(selector), jsString(want)))
	if err != nil {
		last, _ := Eval[string](p, fmt.Sprintf(`document.querySelector(%s)?.innerText ?? "(no such element)"`, jsString(selector)))
		return "", fmt.Errorf("waiting for %q in %s (it reads %q): %w", want, selector, last, err)
	}
	return text, nil
}

// WaitFor waits until the JavaScript expression (or the promise it
// returns) is truthy, across reloads; see poll.
func (p *Page) WaitFor(expression string) error {
	if _, err := poll[bool](p, `Boolean(`+expression+`)`); err != nil {
		return fmt.Errorf("waiting for %s: %w", expression, err)
	}
	return nil
}

// WaitReload runs trigger (saving a file a live preview watches, say) and
// waits until the tab has loaded a new document: the current one is
// marked first, so a reload that already happened is not missed and a
// page that never reloads fails after the timeout.
func (p *Page) WaitReload(trigger func() error) error {
	mark, err := Eval[string](p, `window.__browsertestMark = String(Math.random())`)
	if err != nil {
		return fmt.Errorf("marking the document before a reload: %w", err)
	}
	if err := trigger(); err != nil {
		return err
	}
	if err := p.WaitFor(`window.__browsertestMark !== ` + jsString(mark) + ` && document.readyState === "complete"`); err != nil {
		return fmt.Errorf("waiting for the page to reload: %w", err)
	}
	return nil
}

// ComputedStyle returns the computed value of a CSS property (e.g.
// "background-color") of the first element matching the selector.
func (p *Page) ComputedStyle(selector, property string) (string, error) {
	return Eval[string](p, fmt.Sprintf(`(() => {
		const el = document.querySelector(%s);
		if (!el) throw new Error("no element matches " + %[1]s);
		return getComputedStyle(el).getPropertyValue(%s);
	})()`, jsString(selector), jsString(property)))
}

// Void is the result type for Eval when the value does not matter.
type Void = chromedp.Void

// Eval evaluates a JavaScript expression in the page, waits for it when it
// is a promise, and decodes the result into T (use Void to ignore it).
// A thrown exception is returned as the error.
func Eval[T any](p *Page, expression string) (T, error) {
	return run(p, "evaluating script", chromedp.Evaluate[T](expression, chromedp.EvalAwaitPromise))
}

// ColorScheme values for SetColorScheme.
const (
	Light = "light"
	Dark  = "dark"
)

// OnNewDocument runs script at the start of every document the tab loads
// from now on, before the page's own scripts (and at once in the current
// one): a probe that must see a reloaded page from its first node.
func (p *Page) OnNewDocument(script string) error {
	now := true
	_, err := run(p, "adding a script to new documents", func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
			page.AddScriptToEvaluateOnNewDocumentParams{Source: script, RunImmediately: &now})
		return chromedp.Void{}, err
	})
	return err
}

// SetColorScheme makes the page see prefers-color-scheme as scheme ("light"
// or "dark"), as when the system setting changes; "" removes the override.
func (p *Page) SetColorScheme(scheme string) error {
	params := emulation.SetEmulatedMediaParams{}
	if scheme != "" {
		params.Features = []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}
	}
	_, err := run(p, "emulating prefers-color-scheme: "+scheme, func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, params)
		return chromedp.Void{}, err
	})
	return err
}

// SetPrintMedia makes the page use its print stylesheet (on=true) or the
// screen one.
func (p *Page) SetPrintMedia(on bool) error {
	params := emulation.SetEmulatedMediaParams{}
	if on {
		params.Media = "print"
	}
	_, err := run(p, "emulating print media", func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, params)
		return chromedp.Void{}, err
	})
	return err
}

// SetJavaScript turns the page's scripts on or off for the documents the
// tab loads next, to check that pages work without them.
func (p *Page) SetJavaScript(enabled bool) error {
	_, err := run(p, "switching JavaScript", func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !enabled})
		return chromedp.Void{}, err
	})
	return err
}

// SetViewport sets the viewport in CSS pixels and the device pixel ratio
// (scale 2 gives crisp screenshots); mobile also turns on touch and the
// mobile viewport meta handling, as a phone would.
func (p *Page) SetViewport(width, height int, scale float64, mobile bool) error {
	opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(scale)}
	if mobile {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	return p.do(fmt.Sprintf("setting the viewport to %dx%d", width, height),
		chromedp.EmulateViewport(int64(width), int64(height), opts...))
}

// Screenshot returns a PNG of the viewport, or of the whole page when
// fullPage is true.
func (p *Page) Screenshot(fullPage bool) ([]byte, error) {
	if fullPage {
		return run(p, "taking a full-page screenshot", chromedp.FullScreenshot(100))
	}
	return run(p, "taking a screenshot", chromedp.CaptureScreenshot())
}

// jsString quotes s as a JavaScript string literal (JSON is a subset).
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
