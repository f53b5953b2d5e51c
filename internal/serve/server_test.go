package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rolloutdocs/rolloutdocs/internal/watch"
)

// eventTimeout bounds waiting for an event; only a failing test waits it.
const eventTimeout = 5 * time.Second

// preview is a running server over a temporary source directory with a
// real watcher and the fake builder.
type preview struct {
	t    *testing.T
	root string
	site *fakeSite
	srv  *Server
	http *httptest.Server
	log  *syncBuffer
}

func startPreview(t *testing.T, files map[string]string, opts Options) *preview {
	t.Helper()
	root := t.TempDir()
	for name, text := range files {
		writeFile(t, root, name, text)
	}
	for _, dir := range []string{"content", "static"} {
		if err := os.MkdirAll(filepath.Join(root, dir), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	p := &preview{t: t, root: root, site: newFakeSite(root), log: &syncBuffer{}}
	opts.Builder = p.site
	opts.Log = p.log
	srv, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	p.srv = srv
	p.http = httptest.NewServer(srv.Handler())
	w, err := watch.New([]string{filepath.Join(root, "content"), filepath.Join(root, "static")},
		// Longer than the default quiet period, so a loaded machine does
		// not split one step's writes into two rebuilds.
		watch.Options{Quiet: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { srv.Watch(ctx, w.Batches()); close(done) }()
	t.Cleanup(func() {
		cancel()
		w.Close()
		<-done
		srv.Close() // ends the event streams, or the server would wait for them
		p.http.Close()
	})
	return p
}

type sseEvent struct {
	Name string
	Data string
}

func (e sseEvent) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(e.Data), v); err != nil {
		t.Fatalf("%s event %q: %v", e.Name, e.Data, err)
	}
}

// events opens the event stream and returns its events as they come; the
// channel closes when the stream ends.
func (p *preview) events() <-chan sseEvent {
	p.t.Helper()
	return p.eventsFor("")
}

// eventsFor is events for a tab showing page (a URL path, "" for none).
func (p *preview) eventsFor(page string) <-chan sseEvent {
	p.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	p.t.Cleanup(cancel)
	addr := p.http.URL + "/_rolloutdocs/events"
	if page != "" {
		addr += "?page=" + url.QueryEscape(page)
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, addr, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		p.t.Fatalf("event stream Content-Type = %q", ct)
	}
	ch := make(chan sseEvent, 64)
	go func() {
		defer close(ch)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<20)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.Name != "" {
					ch <- ev
				}
				ev = sseEvent{}
			case strings.HasPrefix(line, "event: "):
				ev.Name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.Data = strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	return ch
}

func next(t *testing.T, ch <-chan sseEvent, want string) sseEvent {
	t.Helper()
	select {
	case ev, ok := <-ch:
		if !ok {
			t.Fatalf("event stream closed, want a %s event", want)
		}
		if ev.Name != want {
			t.Fatalf("got a %s event (%s), want %s", ev.Name, ev.Data, want)
		}
		return ev
	case <-time.After(eventTimeout):
		t.Fatalf("no %s event within %v", want, eventTimeout)
	}
	return sseEvent{}
}

// quiet asserts that no event arrives for a while.
func quiet(t *testing.T, ch <-chan sseEvent) {
	t.Helper()
	select {
	case ev := <-ch:
		t.Fatalf("unexpected %s event: %s", ev.Name, ev.Data)
	case <-time.After(400 * time.Millisecond):
	}
}

func (p *preview) get(path string) (int, http.Header, string) {
	p.t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(p.http.URL + path)
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		p.t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(body)
}

func TestEventsFollowFileChanges(t *testing.T) {
	p := startPreview(t, map[string]string{
		"content/plans/alpha.md": "alpha v1",
		"content/plans/beta.md":  "beta v1",
		"static/style.css":       "body{color:black}",
	}, Options{})
	ev := p.events()
	var hello helloMsg
	next(t, ev, "hello").decode(t, &hello)
	if hello.Version != 1 || hello.Server == "" {
		t.Fatalf("hello = %+v", hello)
	}
	var ps problems
	next(t, ev, "problems").decode(t, &ps)
	if len(ps.Errors) != 0 {
		t.Fatalf("initial problems = %+v", ps)
	}

	steps := []struct {
		name string
		do   func()
		want changeMsg
	}{
		{
			name: "write a plan",
			do:   func() { writeFile(t, p.root, "content/plans/alpha.md", "alpha v2") },
			want: changeMsg{Version: 2, Pages: []string{"/plans/alpha/", "/plans/alpha/index.html"}},
		},
		{
			name: "atomic save renames a temp file over the plan",
			do: func() {
				writeFile(t, p.root, "content/plans/.beta.md.swp", "swap")
				writeFile(t, p.root, "content/plans/beta.md.tmp", "beta v2")
				renameFile(t, p.root, "content/plans/beta.md.tmp", "content/plans/beta.md")
			},
			want: changeMsg{Version: 3, Pages: []string{"/plans/beta/", "/plans/beta/index.html"}},
		},
		{
			name: "create a directory with a plan",
			do:   func() { writeFile(t, p.root, "content/teams/web/gamma.md", "gamma v1") },
			want: changeMsg{Version: 4, Pages: []string{"/", "/index.html", "/plans/gamma/", "/plans/gamma/index.html"}},
		},
		{
			name: "delete a plan",
			do: func() {
				if err := os.Remove(filepath.Join(p.root, "content/plans/beta.md")); err != nil {
					t.Fatal(err)
				}
			},
			want: changeMsg{Version: 5, Pages: []string{"/", "/index.html", "/plans/beta/", "/plans/beta/index.html"}},
		},
		{
			name: "remove a directory",
			do: func() {
				if err := os.RemoveAll(filepath.Join(p.root, "content/teams")); err != nil {
					t.Fatal(err)
				}
			},
			want: changeMsg{Version: 6, Pages: []string{"/", "/index.html", "/plans/gamma/", "/plans/gamma/index.html"}},
		},
		{
			name: "edit the stylesheet",
			do:   func() { writeFile(t, p.root, "static/style.css", "body{color:teal}") },
			want: changeMsg{Version: 7, CSSOnly: true, CSS: []string{"/style.css"}, Pages: []string{}},
		},
		{
			name: "add a script",
			do:   func() { writeFile(t, p.root, "static/app.js", "console.log(1)") },
			want: changeMsg{Version: 8, ReloadAll: true, Pages: []string{}},
		},
	}
	for _, s := range steps {
		s.do()
		var got changeMsg
		next(t, ev, "change").decode(t, &got)
		if got.CSS == nil {
			got.CSS = []string{}
		}
		if s.want.CSS == nil {
			s.want.CSS = []string{}
		}
		if !equalChange(got, s.want) {
			t.Fatalf("%s: change = %+v, want %+v", s.name, got, s.want)
		}
		quiet(t, ev)
	}

	status, _, body := p.get("/plans/alpha/")
	if status != http.StatusOK || !strings.Contains(body, "alpha v2") {
		t.Fatalf("after the edits /plans/alpha/ = %d %q", status, body)
	}
	if status, _, _ := p.get("/plans/beta/"); status != http.StatusNotFound {
		t.Fatalf("deleted plan's page: status %d, want 404", status)
	}
}

// TestChangePushesTheTabsPage: a tab that names its page gets the page's
// new HTML (as served, script injected) just before a change that
// includes it, and only then.
func TestChangePushesTheTabsPage(t *testing.T) {
	p := startPreview(t, map[string]string{
		"content/plans/alpha.md": "alpha v1",
		"content/plans/beta.md":  "beta v1",
	}, Options{})
	alpha := p.eventsFor("/plans/alpha/")
	beta := p.eventsFor("/plans/beta/")
	for _, ev := range []<-chan sseEvent{alpha, beta} {
		next(t, ev, "hello")
		next(t, ev, "problems")
	}
	writeFile(t, p.root, "content/plans/alpha.md", "alpha v2")

	var pushed pageMsg
	next(t, alpha, "page").decode(t, &pushed)
	_, _, served := p.get("/plans/alpha/")
	if pushed.Path != "/plans/alpha/" || pushed.Version != 2 || pushed.HTML != served {
		t.Errorf("pushed page = %+v, want path /plans/alpha/, version 2 and the served HTML %q", pushed, served)
	}
	if !strings.Contains(pushed.HTML, "alpha v2") || !strings.Contains(pushed.HTML, `data-version="2"`) {
		t.Errorf("pushed HTML lacks the new text or the script's version: %q", pushed.HTML)
	}
	var change changeMsg
	next(t, alpha, "change").decode(t, &change)
	if change.Version != 2 {
		t.Errorf("change after the page = %+v", change)
	}
	// The other tab's page did not change: no page event, just the change.
	next(t, beta, "change")
	quiet(t, beta)
}

func equalChange(a, b changeMsg) bool {
	return a.Version == b.Version && a.CSSOnly == b.CSSOnly && a.ReloadAll == b.ReloadAll &&
		a.Navigate == b.Navigate && slices.Equal(a.CSS, b.CSS) && slices.Equal(a.Pages, b.Pages)
}

func TestBrokenPlanShowsProblemsAndKeepsLastGoodPage(t *testing.T) {
	p := startPreview(t, map[string]string{"content/plans/alpha.md": "title: Alpha\nstatus: draft\n"}, Options{})
	ev := p.events()
	next(t, ev, "hello")
	next(t, ev, "problems")

	writeFile(t, p.root, "content/plans/alpha.md", "title: Alpha\nstatus: BROKEN draft\n")
	var ps problems
	next(t, ev, "problems").decode(t, &ps)
	if len(ps.Errors) != 1 {
		t.Fatalf("problems = %+v, want one error", ps)
	}
	got := ps.Errors[0]
	want := problem{File: filepath.Join(p.root, "content/plans/alpha.md"), Line: 2, Col: 9, Severity: "error",
		Rule: "fake/broken", Message: "the plan says BROKEN", Hint: "remove the word", Source: "status: BROKEN draft"}
	if got != want {
		t.Fatalf("problem = %+v\nwant      %+v", got, want)
	}
	if ps.Key == "" {
		t.Fatal("problems have no key")
	}
	quiet(t, ev) // the page did not change: no reload

	status, _, body := p.get("/plans/alpha/")
	if status != http.StatusOK || !strings.Contains(body, "status: draft") || strings.Contains(body, "BROKEN") {
		t.Fatalf("broken plan's page = %d %q, want the last good one", status, body)
	}

	// A tab opened now learns of the problem on connecting.
	late := p.events()
	next(t, late, "hello")
	var lateProblems problems
	next(t, late, "problems").decode(t, &lateProblems)
	if lateProblems.Key != ps.Key {
		t.Fatalf("a new tab got problems %+v, want %+v", lateProblems, ps)
	}

	writeFile(t, p.root, "content/plans/alpha.md", "title: Alpha\nstatus: approved\n")
	next(t, ev, "change")
	var clean problems
	next(t, ev, "problems").decode(t, &clean)
	if len(clean.Errors) != 0 || clean.Key != "" {
		t.Fatalf("after the fix problems = %+v, want none", clean)
	}
	if _, _, body := p.get("/plans/alpha/"); !strings.Contains(body, "status: approved") {
		t.Fatalf("fixed page = %q", body)
	}
	log := p.log.String()
	for _, want := range []string{"alpha.md:2:9: error: the plan says BROKEN; remove the word [fake/broken]", "alpha.md: fixed", "rebuilt in"} {
		if !strings.Contains(log, want) {
			t.Errorf("terminal output lacks %q:\n%s", want, log)
		}
	}
}

func TestFailedBuildKeepsTheSiteAndRebuildsFully(t *testing.T) {
	p := startPreview(t, map[string]string{"content/plans/alpha.md": "alpha v1"}, Options{})
	ev := p.events()
	next(t, ev, "hello")
	next(t, ev, "problems")

	p.site.mu.Lock()
	p.site.fail = errors.New(`layouts/plan.html:3: function "nope" not defined`)
	p.site.mu.Unlock()
	writeFile(t, p.root, "content/plans/alpha.md", "alpha v2")
	var ps problems
	next(t, ev, "problems").decode(t, &ps)
	if len(ps.Errors) != 1 || ps.Errors[0].Rule != "build" || !strings.Contains(ps.Errors[0].Message, `function "nope"`) {
		t.Fatalf("problems = %+v, want the build error", ps)
	}
	if _, _, body := p.get("/plans/alpha/"); !strings.Contains(body, "alpha v1") {
		t.Fatalf("after a failed build the page is %q, want the last good one", body)
	}
	// A second failure replaces the first instead of piling up.
	p.site.mu.Lock()
	p.site.fail = errors.New(`layouts/plan.html:4: unexpected "}" in operand`)
	p.site.mu.Unlock()
	writeFile(t, p.root, "content/plans/alpha.md", "alpha v2b")
	var again problems
	next(t, ev, "problems").decode(t, &again)
	if len(again.Errors) != 1 || !strings.Contains(again.Errors[0].Message, "operand") {
		t.Fatalf("after a second failed build problems = %+v, want one", again)
	}
	if !strings.Contains(p.log.String(), "still serving the last good site") {
		t.Errorf("terminal output:\n%s", p.log)
	}

	p.site.mu.Lock()
	p.site.fail = nil
	p.site.mu.Unlock()
	buildsBefore, _ := p.site.counts()
	writeFile(t, p.root, "content/plans/alpha.md", "alpha v3")
	next(t, ev, "change")
	var clean problems
	next(t, ev, "problems").decode(t, &clean)
	if len(clean.Errors) != 0 {
		t.Fatalf("problems after recovery = %+v", clean)
	}
	if builds, _ := p.site.counts(); builds != buildsBefore+1 {
		t.Fatalf("after a failed build the next one should be full: builds %d -> %d", buildsBefore, builds)
	}
}

func TestRequestsWaitForARunningRebuild(t *testing.T) {
	p := startPreview(t, map[string]string{"content/plans/alpha.md": "alpha v1"}, Options{})
	block, entered := make(chan struct{}), make(chan struct{}, 1)
	p.site.mu.Lock()
	p.site.block, p.site.entered = block, entered
	p.site.mu.Unlock()

	writeFile(t, p.root, "content/plans/alpha.md", "alpha v2")
	select {
	case <-entered:
	case <-time.After(eventTimeout):
		t.Fatal("no rebuild started")
	}
	type answer struct{ body string }
	got := make(chan answer, 1)
	go func() {
		_, _, body := p.get("/plans/alpha/")
		got <- answer{body}
	}()
	select {
	case a := <-got:
		t.Fatalf("a request during the rebuild was answered before it ended: %q", a.body)
	case <-time.After(200 * time.Millisecond):
	}
	close(block)
	select {
	case a := <-got:
		if !strings.Contains(a.body, "alpha v2") {
			t.Fatalf("the waiting request got %q, want the new page", a.body)
		}
	case <-time.After(eventTimeout):
		t.Fatal("the request was not answered after the rebuild")
	}
}

func TestCloseEndsEventStreams(t *testing.T) {
	p := startPreview(t, map[string]string{"content/plans/alpha.md": "alpha"}, Options{})
	ev := p.events()
	next(t, ev, "hello")
	next(t, ev, "problems")
	if n := p.srv.hub.count(); n != 1 {
		t.Fatalf("%d open streams, want 1", n)
	}
	start := time.Now()
	p.srv.Close()
	select {
	case _, ok := <-ev:
		if ok {
			t.Fatal("got an event, want the stream to end")
		}
	case <-time.After(eventTimeout):
		t.Fatal("the stream stayed open after Close")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("closing took %v", d)
	}
	// After Close the server refuses new streams instead of hanging them.
	status, _, _ := p.get("/_rolloutdocs/events")
	if status != http.StatusServiceUnavailable {
		t.Fatalf("a stream after Close: status %d", status)
	}
}

func TestOpenEditedNavigatesToTheSavedPlan(t *testing.T) {
	p := startPreview(t, map[string]string{
		"content/plans/alpha.md": "alpha v1",
		"content/plans/beta.md":  "beta v1",
	}, Options{OpenEdited: true, PageOf: func(src string) string {
		if !strings.HasSuffix(src, ".md") {
			return ""
		}
		return "/plans/" + strings.TrimSuffix(filepath.Base(src), ".md") + "/"
	}})
	ev := p.events()
	next(t, ev, "hello")
	next(t, ev, "problems")
	writeFile(t, p.root, "content/plans/beta.md", "beta v2")
	var c changeMsg
	next(t, ev, "change").decode(t, &c)
	if c.Navigate != "/plans/beta/" {
		t.Fatalf("navigate = %q, want /plans/beta/", c.Navigate)
	}
}

// TestServing covers what the HTTP side answers for each kind of path,
// including attempts to reach files outside the built site.
func TestServing(t *testing.T) {
	p := startPreview(t, map[string]string{
		"content/plans/alpha.md": "alpha <b>text</b>",
		"static/style.css":       "body{}",
		"static/logo.svg":        "<svg xmlns='http://www.w3.org/2000/svg'/>",
		"static/data.bin":        "\x00\x01binary",
		"static/feed.xml":        `<?xml version="1.0" encoding="utf-8"?>` + "\n" + `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>`,
		"static/sitemap.xml":     `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>`,
		"static/calendar.ics":    "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
	}, Options{})
	cases := []struct {
		path       string
		status     int
		ctype      string
		contains   string
		location   string
		liveScript bool
	}{
		{path: "/", status: 200, ctype: "text/html; charset=utf-8", contains: "<li>alpha</li>", liveScript: true},
		{path: "/index.html", status: 200, ctype: "text/html; charset=utf-8", contains: "<li>alpha</li>", liveScript: true},
		{path: "/plans/alpha/", status: 200, ctype: "text/html; charset=utf-8", contains: "alpha &lt;b&gt;text&lt;/b&gt;", liveScript: true},
		{path: "/plans/alpha", status: 302, location: "/plans/alpha/"},
		{path: "/style.css", status: 200, ctype: "text/css; charset=utf-8", contains: "body{}"},
		{path: "/logo.svg", status: 200, ctype: "image/svg+xml"},
		{path: "/data.bin", status: 200, ctype: "application/octet-stream"},
		{path: "/feed.xml", status: 200, ctype: "application/atom+xml", contains: "<feed"},
		{path: "/sitemap.xml", status: 200, ctype: "application/xml", contains: "<urlset"},
		{path: "/calendar.ics", status: 200, ctype: "text/calendar; charset=utf-8", contains: "BEGIN:VCALENDAR"},
		{path: "/missing/page/", status: 404, ctype: "text/html; charset=utf-8", contains: "Not here", liveScript: true},
		{path: "/plans/", status: 404, contains: "Not here", liveScript: true},                 // a directory: never a listing
		{path: "/content/plans/alpha.md", status: 404, liveScript: true},                       // sources are not served
		{path: "/../content/plans/alpha.md", status: 307, location: "/content/plans/alpha.md"}, // cleaned, then 404 above
		{path: "/%2e%2e/%2e%2e/etc/passwd", status: 404, liveScript: true},
		{path: "/plans/alpha/..%2f..%2f..%2fcontent/plans/alpha.md", status: 404, liveScript: true},
		{path: "/_rolloutdocs/live.js", status: 200, ctype: "text/javascript; charset=utf-8", contains: "EventSource"},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			status, h, body := p.get(c.path)
			if status != c.status {
				t.Fatalf("status %d, want %d (%q)", status, c.status, body)
			}
			if c.ctype != "" && h.Get("Content-Type") != c.ctype {
				t.Errorf("Content-Type %q, want %q", h.Get("Content-Type"), c.ctype)
			}
			if h.Get("Cache-Control") != "no-store" {
				t.Errorf("Cache-Control %q, want no-store", h.Get("Cache-Control"))
			}
			if c.contains != "" && !strings.Contains(body, c.contains) {
				t.Errorf("body lacks %q:\n%s", c.contains, body)
			}
			if c.location != "" && h.Get("Location") != c.location {
				t.Errorf("Location %q, want %q", h.Get("Location"), c.location)
			}
			if has := strings.Contains(body, `src="/_rolloutdocs/live.js"`); has != c.liveScript {
				t.Errorf("live-reload script present = %v, want %v", has, c.liveScript)
			}
			if status == http.StatusOK && strings.Contains(body, "alpha.md") {
				t.Errorf("the answer names a source file:\n%s", body)
			}
		})
	}
	t.Run("POST", func(t *testing.T) {
		resp, err := http.Post(p.http.URL+"/", "text/plain", strings.NewReader("x"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
			t.Fatalf("POST: %d Allow=%q", resp.StatusCode, resp.Header.Get("Allow"))
		}
	})
	t.Run("HEAD", func(t *testing.T) {
		resp, err := http.Head(p.http.URL + "/plans/alpha/")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || len(body) != 0 || resp.ContentLength <= 0 {
			t.Fatalf("HEAD: %d, %d body bytes, Content-Length %d", resp.StatusCode, len(body), resp.ContentLength)
		}
	})
	t.Run("the build's bytes are never modified", func(t *testing.T) {
		p.site.mu.Lock()
		page := string(p.site.files["plans/alpha/index.html"])
		p.site.mu.Unlock()
		if strings.Contains(page, "_rolloutdocs") {
			t.Fatalf("the injected script leaked into the build's files: %s", page)
		}
	})
}

func TestInjectScript(t *testing.T) {
	tag := `<script src="/_rolloutdocs/live.js" data-server="abc" data-version="3" defer></script>` + "\n"
	cases := []struct{ name, in, want string }{
		{"before </body>", "<html><body><p>x</p></body></html>", "<html><body><p>x</p>" + tag + "</body></html>"},
		{"upper case", "<HTML><BODY>x</BODY></HTML>", "<HTML><BODY>x" + tag + "</BODY></HTML>"},
		{"the last </body>", "<body><pre>&lt;/body&gt; </body> in text</pre></body>", "<body><pre>&lt;/body&gt; </body> in text</pre>" + tag + "</body>"},
		{"no </body>", "<p>fragment", "<p>fragment" + tag},
		{"empty", "", tag},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := []byte(c.in)
			orig := bytes.Clone(in)
			if got := string(injectScript(in, "abc", 3)); got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
			if !bytes.Equal(in, orig) {
				t.Error("the input was modified")
			}
		})
	}
}

func TestChangeEvent(t *testing.T) {
	s := &Server{}
	cases := []struct {
		name    string
		changed []string
		want    changeMsg
	}{
		{"only css", []string{"rolloutdocs/style.css"},
			changeMsg{CSSOnly: true, CSS: []string{"/rolloutdocs/style.css"}, Pages: []string{}}},
		{"css and a page reload", []string{"index.html", "rolloutdocs/style.css"},
			changeMsg{CSS: []string{}, Pages: []string{"/", "/index.html"}}},
		{"a plan and the search index", []string{"plans/x/index.html", "search.json", "sitemap.xml"},
			changeMsg{CSS: []string{}, Pages: []string{"/plans/x/", "/plans/x/index.html"}}},
		{"a script reloads every tab", []string{"rolloutdocs/site.js"},
			changeMsg{CSS: []string{}, Pages: []string{}, ReloadAll: true}},
		{"a non-index page", []string{"404.html"},
			changeMsg{CSS: []string{}, Pages: []string{"/404.html"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := s.changeEvent(0, nil, c.changed, nil)
			if !equalChange(got, c.want) {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestSitePath(t *testing.T) {
	cases := []struct {
		in    string
		name  string
		isDir bool
	}{
		{"/", "index.html", true},
		{"", "index.html", true},
		{"/plans/x/", "plans/x/index.html", true},
		{"/plans/x", "plans/x", false},
		{"/a/../../b.css", "b.css", false},
		{"//double//slash/", "double/slash/index.html", true},
		{"/../", "index.html", true},
	}
	for _, c := range cases {
		name, isDir := sitePath(c.in)
		if name != c.name || isDir != c.isDir {
			t.Errorf("sitePath(%q) = %q, %v; want %q, %v", c.in, name, isDir, c.name, c.isDir)
		}
	}
}

func TestProblemSourceLines(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "plan.md")
	long := strings.Repeat("x", maxSourceLine+10)
	if err := os.WriteFile(file, []byte("\xef\xbb\xbffirst\r\nsecond\ttab\n"+long+"\nbad \xff byte\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sl := sourceLines{}
	cases := []struct {
		file string
		line int
		want string
	}{
		{file, 1, "first"},
		{file, 2, "second\ttab"},
		{file, 3, strings.Repeat("x", maxSourceLine) + "…"},
		{file, 4, "bad \uFFFD byte"},
		{file, 99, ""},
		{file, 0, ""},
		{filepath.Join(dir, "missing.md"), 1, ""},
		{"", 1, ""},
	}
	for _, c := range cases {
		if got := sl.get(c.file, c.line); got != c.want {
			t.Errorf("line %d of %s = %q, want %q", c.line, filepath.Base(c.file), got, c.want)
		}
	}
}

func writeFile(t testing.TB, root, rel, text string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func renameFile(t *testing.T, root, from, to string) {
	t.Helper()
	if err := os.Rename(filepath.Join(root, from), filepath.Join(root, to)); err != nil {
		t.Fatal(err)
	}
}

// syncBuffer is a bytes.Buffer safe for the server's goroutine and the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestInvalidPlanKeepsItsLastGoodPagesUntilFixed(t *testing.T) {
	p := startPreview(t, map[string]string{
		"content/plans/alpha.md": "alpha v1",
		"content/plans/beta.md":  "beta v1",
		"content/plans/gamma.md": "gamma INVALID from the start",
	}, Options{})
	ev := p.events()
	next(t, ev, "hello")
	var start problems
	next(t, ev, "problems").decode(t, &start)
	if len(start.Errors) != 1 || start.Errors[0].Rule != "fake/invalid" {
		t.Fatalf("problems at start = %+v", start)
	}
	// A plan broken before the preview started has no good version: it is
	// served as built.
	if _, _, body := p.get("/plans/gamma/"); !strings.Contains(body, "gamma INVALID") {
		t.Fatalf("gamma = %q", body)
	}

	writeFile(t, p.root, "content/plans/alpha.md", "alpha v2 INVALID")
	var ps problems
	next(t, ev, "problems").decode(t, &ps)
	if len(ps.Errors) != 2 {
		t.Fatalf("problems = %+v, want alpha's and gamma's", ps)
	}
	quiet(t, ev) // alpha's page is held: nothing for a tab to reload
	if _, _, body := p.get("/plans/alpha/"); !strings.Contains(body, "alpha v1") {
		t.Fatalf("alpha while invalid = %q, want the last good page", body)
	}

	// Saving it again, still invalid, keeps holding the same good page.
	writeFile(t, p.root, "content/plans/alpha.md", "alpha v3 INVALID")
	next(t, ev, "problems")
	quiet(t, ev)
	if _, _, body := p.get("/plans/alpha/"); !strings.Contains(body, "alpha v1") {
		t.Fatalf("alpha after a second invalid save = %q, want the last good page", body)
	}

	// Another plan's edits go through meanwhile.
	writeFile(t, p.root, "content/plans/beta.md", "beta v2")
	var c changeMsg
	next(t, ev, "change").decode(t, &c)
	if want := []string{"/plans/beta/", "/plans/beta/index.html"}; !slices.Equal(c.Pages, want) {
		t.Fatalf("beta's change = %+v, want pages %q", c, want)
	}
	quiet(t, ev)

	writeFile(t, p.root, "content/plans/alpha.md", "alpha v4")
	next(t, ev, "change").decode(t, &c)
	if want := []string{"/plans/alpha/", "/plans/alpha/index.html"}; !slices.Equal(c.Pages, want) {
		t.Fatalf("after the fix change = %+v, want pages %q", c, want)
	}
	var after problems
	next(t, ev, "problems").decode(t, &after)
	if len(after.Errors) != 1 || after.Key != start.Key {
		t.Fatalf("after the fix problems = %+v, want gamma's only", after)
	}
	if _, _, body := p.get("/plans/alpha/"); !strings.Contains(body, "alpha v4") {
		t.Fatalf("alpha after the fix = %q", body)
	}
	if log := p.log.String(); !strings.Contains(log, "showing the last good pages of") {
		t.Errorf("terminal output does not say pages are held:\n%s", log)
	}
}
