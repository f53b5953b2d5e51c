// Package serve is the live-reload preview: an HTTP server (standard library
// only) that serves a site built in memory, rebuilds it when the watcher
// reports changed sources, and tells open browser tabs what to do over
// Server-Sent Events — swap a stylesheet, reload a page (keeping its scroll
// position), or show an overlay with the diagnostics of a plan that no
// longer parses or validates.
//
// The script that listens for those events is injected into the HTML this
// server sends, and only there: the site itself never contains it.
package serve

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/watch"
)

// Site is one build of the site, as the builder returns it.
type Site struct {
	// Files is the site: slash paths without a leading slash
	// ("plans/x/index.html", "rolloutdocs/style.css") to bytes. The server
	// never modifies them.
	Files map[string][]byte
	// OnRequest are the rest of the site's files (the index files), made
	// when first asked for: the same bytes every call, safe for
	// concurrent use.
	OnRequest map[string]func() []byte
	// Changed are the site paths added, changed or removed by this build.
	Changed     []string
	Diagnostics []diag.Diagnostic
	Plans       int
	Pages       int
}

// Builder builds the site; internal/site implements it (through a small
// adapter in the command), tests use fakes.
type Builder interface {
	// Build builds everything from the sources.
	Build() (*Site, error)
	// Rebuild updates the site after the given source files were written,
	// created or deleted.
	Rebuild(changed []string) (*Site, error)
}

// HistoryBuilder is a Builder that shows history from git, and can read it
// again when HEAD moves.
type HistoryBuilder interface {
	Builder
	// RefreshHistory reads the history again and updates the pages that
	// show it.
	RefreshHistory() (*Site, error)
}

// Options configure a Server.
type Options struct {
	Builder Builder
	// Log receives the terminal's lines: each rebuild, what changed, how
	// long it took, and diagnostics. Nil discards them.
	Log io.Writer
	// OpenEdited makes open tabs navigate to the page of the plan that was
	// just saved.
	OpenEdited bool
	// PageOf maps a source file to the URL path of its page ("/plans/x/"),
	// or "" when it has none. It is needed for OpenEdited.
	PageOf func(source string) string
	// Root is the source directory: the overlay names files relative to it.
	Root string
	// Now is the clock for log lines; nil means time.Now.
	Now func() time.Time
	// Bind is the address the preview listens on; requests naming it in
	// their Host header are answered, as are localhost and loopback
	// addresses (hosts.go). AllowedHosts are more names to answer to.
	Bind         string
	AllowedHosts []string
}

// Server serves the latest good build and pushes change events.
type Server struct {
	opts     Options
	instance string // changes with every process, so a tab notices a restart
	hub      *hub
	mux      *http.ServeMux
	hosts    *hostGuard
	holds    *holds // owned by publish, under mu

	buildMu sync.Mutex // one build at a time

	mu   sync.Mutex
	snap *snapshot
	// idle is closed while no build runs; a build replaces it with an open
	// channel, so requests arriving meanwhile wait for the new site.
	idle chan struct{}
	// full makes the next rebuild a full build: the last one failed, so
	// the builder's incremental state cannot be trusted.
	full bool

	closeOnce sync.Once
}

// snapshot is one served state; it is never modified once published.
type snapshot struct {
	files     map[string][]byte
	onRequest map[string]func() []byte
	version   int
	problems  problems
	// broken are the source files (absolute) with errors.
	broken map[string]bool
	plans  int
	pages  int
}

// New builds the site once and returns a server for it. A failed first
// build does not stop the preview: the overlay shows the error and the
// next change builds again.
func New(opts Options) (*Server, error) {
	if opts.Builder == nil {
		return nil, errors.New("serve: no builder")
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	var id [6]byte
	if _, err := rand.Read(id[:]); err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	s := &Server{
		opts:     opts,
		instance: hex.EncodeToString(id[:]),
		hub:      newHub(),
		holds:    newHolds(),
		idle:     make(chan struct{}), // closed by the first build's publish
		snap:     &snapshot{files: map[string][]byte{}},
	}
	s.hosts = newHostGuard(opts.Bind, opts.AllowedHosts, opts.Log)
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("/"+reservedPrefix+"events", s.serveEvents)
	s.mux.HandleFunc("/"+reservedPrefix+"live.js", s.serveScript)
	s.mux.HandleFunc("/", s.serveSite)

	start := time.Now()
	site, err := opts.Builder.Build()
	s.publish(site, err, nil, "", time.Since(start), true)
	return s, nil
}

// Handler serves the site, the injected script and the event stream, to
// requests addressed to this machine only.
func (s *Server) Handler() http.Handler {
	return s.hosts.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		noStore(w) // on everything, the mux's own redirects included
		s.mux.ServeHTTP(w, r)
	}))
}

// Plans and Pages count what the served build holds.
func (s *Server) Plans() (plans, pages int) {
	snap := s.current()
	return snap.plans, snap.pages
}

// Close ends every open event stream at once (browsers reconnect, and
// reload when they find a new server). Call it before http.Server.Shutdown,
// which would otherwise wait for the streams forever; RegisterOnShutdown
// does that.
func (s *Server) Close() { s.closeOnce.Do(s.hub.close) }

// Watch rebuilds for each batch from the watcher until ctx is done or the
// batches end.
func (s *Server) Watch(ctx context.Context, batches <-chan watch.Batch) {
	for {
		select {
		case <-ctx.Done():
			return
		case b, ok := <-batches:
			if !ok {
				return
			}
			s.Rebuild(b.Paths, b.Rescan)
		}
	}
}

// Rebuild updates the site for changed source files (all of them when
// full), publishes it and tells the browsers. Page requests that arrive
// meanwhile wait for it.
func (s *Server) Rebuild(changed []string, full bool) {
	s.update(changed, describeSources(changed), full, func() (*Site, error) { return s.opts.Builder.Rebuild(changed) })
}

// RefreshHistory reads the history from git again, after HEAD moved (what
// is the caller's to watch), publishes the pages whose history changed and
// tells the browsers, as Rebuild does for a save. what says in the log
// what moved ("git HEAD at 1a2b3c4d5e Approve the plan"). A Builder
// without history does nothing.
func (s *Server) RefreshHistory(what string) {
	hb, ok := s.opts.Builder.(HistoryBuilder)
	if !ok {
		return
	}
	s.update(nil, what, false, hb.RefreshHistory)
}

// update runs one build while page requests wait: a full one when asked
// or when the last one failed (nothing short of it is right then), else
// partial, and publishes it.
func (s *Server) update(changed []string, what string, full bool, partial func() (*Site, error)) {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()

	s.mu.Lock()
	s.idle = make(chan struct{})
	full = full || s.full
	s.mu.Unlock()

	start := time.Now()
	var (
		site *Site
		err  error
	)
	if full {
		site, err = s.opts.Builder.Build()
	} else {
		site, err = partial()
	}
	s.publish(site, err, changed, what, time.Since(start), false)
}

// publish swaps in a build (or keeps the last one when the build failed),
// wakes waiting requests, tells the browsers and logs the rebuild.
// what names the cause in the log.
func (s *Server) publish(site *Site, err error, changed []string, what string, took time.Duration, first bool) {
	s.mu.Lock()
	prev := s.snap
	next := &snapshot{files: prev.files, onRequest: prev.onRequest, version: prev.version, plans: prev.plans, pages: prev.pages,
		problems: prev.problems, broken: prev.broken}
	var siteChanged []string
	if site != nil {
		next.broken = brokenFiles(site.Diagnostics)
		next.files, siteChanged = s.holds.apply(site, prev.files, prev.broken, next.broken, changed)
		next.onRequest = site.OnRequest
		next.plans, next.pages = site.Plans, site.Pages
		next.problems = problemsOf(site.Diagnostics, s.opts.Root)
	}
	if err != nil {
		// Keep serving the last good pages; say why nothing changed.
		next.problems = next.problems.withBuildError(err)
	}
	if len(siteChanged) > 0 {
		next.version++
	}
	s.full = err != nil
	s.snap = next
	close(s.idle)
	s.mu.Unlock()

	// The terminal line comes first: whoever sees a tab reload (a person,
	// a test) finds the rebuild already logged.
	s.logBuild(site, err, what, changed, siteChanged, took, first, prev.problems, next.problems)
	if !first {
		if len(siteChanged) > 0 {
			s.hub.broadcastChange(s.changeEvent(next.version, changed, siteChanged, next.files))
		}
		if !next.problems.equal(prev.problems) {
			s.hub.broadcast("problems", next.problems.event())
		}
	}
}

// current returns the served snapshot (waitIdle first to see the result of
// a running build).
func (s *Server) current() *snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.snap
}

// waitIdle blocks until no build runs or ctx ends.
func (s *Server) waitIdle(ctx context.Context) error {
	s.mu.Lock()
	idle := s.idle
	s.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// reservedPrefix holds the preview's own URLs; a site file under it would
// be hidden, which the site never produces.
const reservedPrefix = "_rolloutdocs/"

// serveSite answers page, asset and 404 requests from the current build.
func (s *Server) serveSite(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if err := s.waitIdle(r.Context()); err != nil {
		return // the client went away
	}
	snap := s.current()
	name, isDir := sitePath(r.URL.Path)
	data, ok := snap.files[name]
	if later := snap.onRequest[name]; !ok && later != nil {
		data, ok = later(), true
	}
	if !ok && !isDir && name != "" {
		// /plans/x without its slash: send the browser where relative
		// links resolve, as static hosts do.
		if _, dirOK := snap.files[name+"/index.html"]; dirOK {
			noStore(w)
			http.Redirect(w, r, "/"+name+"/", http.StatusFound)
			return
		}
	}
	status := http.StatusOK
	if !ok {
		status = http.StatusNotFound
		name = "404.html"
		if data, ok = snap.files[name]; !ok {
			data = builtin404(snap)
		}
	}
	noStore(w)
	ctype := contentType(name, data)
	w.Header().Set("Content-Type", ctype)
	if strings.HasPrefix(ctype, "text/html") {
		data = injectScript(data, s.instance, snap.version)
	}
	w.Header().Set("Content-Length", fmt.Sprint(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(data)
	}
}

// sitePath maps a URL path to a site file name: "/" → "index.html",
// "/plans/x/" → "plans/x/index.html". The path is cleaned first, so ".."
// cannot climb anywhere: names are only ever looked up in the build's map,
// never on disk.
func sitePath(urlPath string) (name string, isDir bool) {
	isDir = urlPath == "" || strings.HasSuffix(urlPath, "/")
	name = strings.TrimPrefix(path.Clean("/"+urlPath), "/")
	if isDir {
		if name == "" {
			return "index.html", true
		}
		return name + "/index.html", true
	}
	return name, false
}

func noStore(w http.ResponseWriter) {
	h := w.Header()
	// A preview must never show a stale page or stylesheet.
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
}

// serveScript serves the live-reload client.
func (s *Server) serveScript(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	noStore(w)
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Content-Length", fmt.Sprint(len(clientJS)))
	if r.Method != http.MethodHead {
		_, _ = io.WriteString(w, clientJS)
	}
}

// changeEvent tells the browsers what a rebuild changed and what to do.
func (s *Server) changeEvent(version int, sources, changed []string, files map[string][]byte) changeMsg {
	msg := changeMsg{Version: version, Pages: []string{}, CSS: []string{}}
	cssOnly := true
	for _, p := range changed {
		switch ext := strings.ToLower(path.Ext(p)); ext {
		case ".css":
			msg.CSS = append(msg.CSS, "/"+p)
		case ".html", ".htm":
			cssOnly = false
			msg.Pages = append(msg.Pages, pageURLs(p)...)
		case ".json", ".xml", ".txt", ".map", ".ics":
			// Data files (search index, sitemap, portfolio.json, the
			// calendar and the feed) change
			// with every plan edit; no page shows them as they are, and
			// reloading every open tab for them would be noise.
			cssOnly = false
		default:
			// Scripts, images, fonts: any page may use them.
			cssOnly = false
			msg.ReloadAll = true
		}
	}
	msg.CSSOnly = cssOnly && len(msg.CSS) > 0
	if !msg.CSSOnly {
		// A stylesheet changed alongside pages: reloading gets both.
		msg.CSS = []string{}
	}
	if s.opts.OpenEdited && s.opts.PageOf != nil {
		msg.Navigate = s.editedPage(sources, files)
	}
	slices.Sort(msg.Pages)
	return msg
}

// editedPage is the page of the one source file saved, if it has one.
func (s *Server) editedPage(sources []string, files map[string][]byte) string {
	page := ""
	for _, src := range sources {
		u := s.opts.PageOf(src)
		if u == "" {
			continue
		}
		if page != "" && page != u {
			return "" // several plans changed at once: stay put
		}
		page = u
	}
	if page == "" {
		return ""
	}
	if name, _ := sitePath(page); files[name] == nil {
		return "" // deleted, or not built
	}
	return page
}

// pageURLs are the URL paths a browser may show a site file under.
func pageURLs(file string) []string {
	if file == "index.html" {
		return []string{"/", "/index.html"}
	}
	if dir, ok := strings.CutSuffix(file, "/index.html"); ok {
		return []string{"/" + dir + "/", "/" + file}
	}
	return []string{"/" + file}
}

type changeMsg struct {
	Version int `json:"version"`
	// CSSOnly: swap the stylesheets in CSS, do not reload.
	CSSOnly bool     `json:"cssOnly"`
	CSS     []string `json:"css"`
	// Pages are the URL paths whose HTML changed; a tab showing one reloads.
	Pages []string `json:"pages"`
	// ReloadAll: a script or image changed; every tab reloads.
	ReloadAll bool `json:"reloadAll"`
	// Navigate is the edited plan's page, with --open-edited.
	Navigate string `json:"navigate,omitempty"`
}

// logBuild writes the terminal's account of a build.
func (s *Server) logBuild(site *Site, err error, what string, sources, changed []string, took time.Duration, first bool, before, after problems) {
	out := s.opts.Log
	if first {
		if site != nil {
			fmt.Fprintf(out, "Built %s, %s in %s.\n", plural(site.Plans, "plan"), plural(site.Pages, "page"), roundDuration(took))
		}
	} else {
		stamp := s.opts.Now().Format("15:04:05")
		switch {
		case err != nil && site == nil:
			fmt.Fprintf(out, "%s %s: build failed after %s; still serving the last good site\n", stamp, what, roundDuration(took))
		case len(changed) == 0:
			fmt.Fprintf(out, "%s %s: rebuilt in %s, no page changed\n", stamp, what, roundDuration(took))
		default:
			fmt.Fprintf(out, "%s %s: rebuilt in %s, %s changed\n", stamp, what, roundDuration(took), describeChanged(changed))
		}
	}
	if err != nil {
		fmt.Fprintf(out, "  error: %v\n", err)
	}
	// Diagnostics: every one at start; afterwards those of the files just
	// saved, and a line when a file's problems are gone.
	var shown []diag.Diagnostic
	if site != nil {
		if first {
			shown = site.Diagnostics
		} else {
			saved := map[string]bool{}
			for _, src := range sources {
				saved[absPath(src)] = true
			}
			for _, d := range site.Diagnostics {
				if saved[absPath(d.File)] {
					shown = append(shown, d)
				}
			}
			for _, f := range before.files() {
				if saved[absPath(f)] && !after.hasFile(f) {
					fmt.Fprintf(out, "  %s: fixed\n", f)
				}
			}
		}
	}
	for _, d := range shown {
		fmt.Fprintf(out, "  %s\n", d)
	}
	if held := s.holds.heldFor(sources); len(held) > 0 && site != nil {
		fmt.Fprintf(out, "  showing the last good pages of %s until its errors are fixed\n", strings.Join(held, ", "))
	}
	if site != nil {
		e, w := diag.Count(site.Diagnostics)
		if (first && e+w > 0) || (!first && (e > 0 || len(shown) > 0)) {
			fmt.Fprintf(out, "  %s in the portfolio\n", countProblems(e, w))
		}
	}
}

func describeSources(sources []string) string {
	switch len(sources) {
	case 0:
		return "sources rescanned"
	case 1:
		return filepath.ToSlash(sources[0])
	case 2:
		return filepath.ToSlash(sources[0]) + " and " + filepath.ToSlash(sources[1])
	}
	return fmt.Sprintf("%s and %d more files", filepath.ToSlash(sources[0]), len(sources)-1)
}

func describeChanged(changed []string) string {
	var pages int
	for _, c := range changed {
		if strings.HasSuffix(c, ".html") {
			pages++
		}
	}
	other := len(changed) - pages
	switch {
	case pages > 0 && other > 0:
		return fmt.Sprintf("%s and %s", plural(pages, "page"), plural(other, "other file"))
	case pages > 0:
		return plural(pages, "page")
	}
	if len(changed) <= 3 {
		return strings.Join(changed, ", ")
	}
	return plural(other, "file")
}

func countProblems(errs, warns int) string {
	if errs+warns == 0 {
		return "no problems"
	}
	return fmt.Sprintf("%s, %s", plural(errs, "error"), plural(warns, "warning"))
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func roundDuration(d time.Duration) time.Duration {
	switch {
	case d < time.Millisecond:
		return d.Round(time.Microsecond)
	case d < time.Second:
		return d.Round(100 * time.Microsecond)
	}
	return d.Round(time.Millisecond)
}

func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return filepath.Clean(p)
}

// builtin404 is the not-found page when the site has none (or the first
// build failed).
func builtin404(snap *snapshot) []byte {
	var b bytes.Buffer
	b.WriteString(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Page not found</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1f2328;background:#fff}
@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}a{color:#58a6ff}}</style>
</head><body><main><h1>Page not found</h1>`)
	if len(snap.files) == 0 {
		b.WriteString(`<p>The site has not been built yet; the problems are listed above. Fix them and save: this page reloads by itself.</p>`)
	} else {
		b.WriteString(`<p>No page has this address in the preview. <a href="/">Go to the home page</a>.</p>`)
	}
	b.WriteString("</main></body></html>\n")
	return b.Bytes()
}
