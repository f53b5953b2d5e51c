package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/rolloutdocs/rolloutdocs/internal/history"
	"github.com/rolloutdocs/rolloutdocs/internal/pages"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/serve"
	"github.com/rolloutdocs/rolloutdocs/internal/site"
	"github.com/rolloutdocs/rolloutdocs/internal/watch"
)

func init() {
	register(command{
		name:    "serve",
		summary: "preview the site while you edit, reloading the browser on each save",
		usage: `Usage:
  rolloutdocs serve [--source DIR] [--bind 127.0.0.1] [--port 1313] [--open-edited]
                    [--allowed-host NAME]... [--follow-symlinks]

Builds the site from DIR (content/, layouts/, static/, rolloutdocs.yaml) in
memory, serves it at http://127.0.0.1:1313/ and rebuilds what a change
touches each time a file is saved. Open pages reload by themselves (a
stylesheet change is applied without a reload); a plan that no longer
parses or validates shows its problems in an overlay while the last good
pages stay up. In a git repository, pages show each plan's history, read
again when HEAD moves (a commit, a checkout), never on a save; --no-history
leaves it out. Nothing is written to disk: 'rolloutdocs build' does that.

The preview listens on 127.0.0.1 only, unless --bind says otherwise.
--port 0 picks a free port. Ctrl-C stops it.

It answers only requests addressed to localhost, a loopback address or the
--bind address; any other Host gets 403 (a web page could otherwise read
your drafts through DNS rebinding). --allowed-host NAME (repeatable) adds a
name, for a preview reached through a proxy or a hosts-file entry.

Examples:
  rolloutdocs serve
  rolloutdocs serve --source ../plans --port 0 --open-edited`,
		run: runServe,
	})
}

// serveConfig is what the serve command was asked to do.
type serveConfig struct {
	source     string
	bind       string
	port       int
	openEdited bool
	// allowedHosts are names the preview answers to besides localhost,
	// loopback addresses and the bind address.
	allowedHosts []string
	noHistory    bool
	follow       bool
}

func runServe(args []string, stdout, stderr io.Writer) int {
	c := commands["serve"]
	fs := newFlagSet(c, stderr)
	var cfg serveConfig
	fs.StringVar(&cfg.source, "source", ".", "directory holding content/ (and optionally layouts/, static/, rolloutdocs.yaml)")
	fs.StringVar(&cfg.bind, "bind", "127.0.0.1", "address to listen on; 0.0.0.0 shares the preview with your network")
	fs.IntVar(&cfg.port, "port", 1313, "port to listen on; 0 picks a free one")
	fs.BoolVar(&cfg.noHistory, "no-history", false, "leave out each plan's history from git (last change, status history)")
	fs.BoolVar(&cfg.openEdited, "open-edited", false, "make open tabs go to the page of the plan you just saved")
	fs.BoolVar(&cfg.follow, "follow-symlinks", false, followSymlinksUsage)
	fs.Func("allowed-host", "another `NAME` the preview answers to (repeatable); others get 403", func(v string) error {
		if strings.TrimSpace(v) == "" {
			return errors.New("empty name")
		}
		cfg.allowedHosts = append(cfg.allowedHosts, v)
		return nil
	})
	positional, done, code := parseFlags(fs, args, stdout)
	if done {
		return code
	}
	if len(positional) > 0 {
		fmt.Fprintf(stderr, "rolloutdocs serve: unexpected argument %q (use --source DIR)\n", positional[0])
		return exitUsage
	}
	if cfg.port < 0 || cfg.port > 65535 {
		fmt.Fprintf(stderr, "rolloutdocs serve: --port %d is not a port; use 1-65535, or 0 for a free one\n", cfg.port)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return servePreview(ctx, cfg, stdout, stderr)
}

// servePreview runs the preview until ctx is done (Ctrl-C).
func servePreview(ctx context.Context, cfg serveConfig, stdout, stderr io.Writer) int {
	fail := func(code int, format string, args ...any) int {
		fmt.Fprintf(stderr, "rolloutdocs serve: "+format+"\n", args...)
		return code
	}
	// Listen before building, so a port in use is reported at once.
	addr := net.JoinHostPort(cfg.bind, strconv.Itoa(cfg.port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fail(exitUsage, "%s", listenProblem(cfg, err))
	}
	defer ln.Close()

	// The preview serves the site at the root of its own address, whatever
	// base URL rolloutdocs.yaml sets for publishing.
	// The index files are made when a browser asks for them, not on every save.
	builder, err := site.New(site.Config{Source: cfg.source, BaseURL: "/", Progress: stderr, IndexesOnRequest: true, GitHistory: !cfg.noHistory, FollowSymlinks: cfg.follow})
	if err != nil {
		return fail(exitUsage, "%v", err)
	}
	// Watching starts before the first build, so a save during it is not
	// lost: it becomes the first rebuild.
	w, err := watch.New([]string{cfg.source}, watch.Options{Skip: sourceFilter(cfg.source)})
	if err != nil {
		return fail(exitUsage, "%v", err)
	}
	defer w.Close()
	// So is watching git, so a commit during it is not lost either.
	var commits *historyWatch
	if !cfg.noHistory {
		if commits = watchHistory(ctx, cfg.source, stderr); commits != nil {
			defer commits.stop()
		}
	}

	srv, err := serve.New(serve.Options{
		Builder:      serve.SiteBuilder(builder),
		Log:          stdout,
		OpenEdited:   cfg.openEdited,
		PageOf:       planPage(filepath.Join(cfg.source, "content")),
		Root:         cfg.source,
		Bind:         cfg.bind,
		AllowedHosts: cfg.allowedHosts,
	})
	if err != nil {
		return fail(exitProblem, "%v", err)
	}
	serve.KeepSmall()
	httpSrv := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		// No WriteTimeout: event streams stay open for as long as a tab.
	}
	// Shutdown waits for handlers to return; the event streams only return
	// when told to, so they are closed as shutdown begins.
	httpSrv.RegisterOnShutdown(srv.Close)
	serveErr := make(chan error, 1)
	go func() { serveErr <- httpSrv.Serve(ln) }()

	plans, pageCount := srv.Plans()
	fmt.Fprintf(stdout, "Serving %s, %s at %s\n", plural(plans, "plan"), plural(pageCount, "page"), previewURL(ln.Addr(), cfg.bind))
	if !isLoopback(cfg.bind) {
		fmt.Fprintf(stdout, "Listening on %s: anyone who can reach this machine can read these plans.\n", cfg.bind)
	}
	fmt.Fprintf(stdout, "Watching %s for changes. Press Ctrl-C to stop.\n", describeWatched(cfg.source))

	watchDone := make(chan struct{})
	go func() {
		defer close(watchDone)
		srv.Watch(ctx, w.Batches())
	}()
	go func() {
		for err := range w.Errors() {
			fmt.Fprintf(stderr, "rolloutdocs serve: %v\n", err)
		}
	}()
	if commits != nil {
		commits.follow(srv)
	}

	select {
	case <-ctx.Done():
	case err := <-serveErr:
		return fail(exitProblem, "the server stopped: %v", err)
	}
	fmt.Fprintln(stdout, "\nStopping the preview.")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := httpSrv.Shutdown(shutdownCtx); err != nil {
		// Some request outlived the grace period: cut it.
		httpSrv.Close()
	}
	w.Close()
	<-watchDone
	return exitOK
}

// historyQuiet joins the ref updates of one git command (a commit writes
// its branch, a rebase a dozen) into one history refresh.
const historyQuiet = 200 * time.Millisecond

// historyWatch follows the refs of the repository the source is in.
type historyWatch struct {
	source string
	w      *watch.Watcher
	// last is HEAD when watching began (before the first build read the
	// history), then at each refresh.
	last      string
	following bool          // follow has started its loop
	done      chan struct{} // closed when that loop ends
}

// watchHistory starts watching the refs of the repository source is in,
// before the first build, so that a commit during the build is seen. It
// returns nil when the source is not in a repository (the build's note
// says so) or the refs cannot be watched (which it reports).
func watchHistory(ctx context.Context, source string, stderr io.Writer) *historyWatch {
	refs, err := history.LocateRefs(ctx, source)
	if err != nil {
		return nil
	}
	w, err := watch.New(refs.Roots(), watch.Options{Quiet: historyQuiet, Skip: refs.Skip})
	if err != nil {
		fmt.Fprintf(stderr, "rolloutdocs serve: history will not follow new commits: %v\n", err)
		return nil
	}
	go func() {
		for err := range w.Errors() {
			fmt.Fprintf(stderr, "rolloutdocs serve: watching git: %v\n", err)
		}
	}()
	return &historyWatch{source: source, w: w, last: history.Head(ctx, source), done: make(chan struct{})}
}

// follow reads the history again each time HEAD moves to another commit:
// a commit, a checkout, a reset, a pull. A save never runs git.
func (h *historyWatch) follow(srv *serve.Server) {
	h.following = true
	go func() {
		defer close(h.done)
		for range h.w.Batches() {
			head := history.Head(context.Background(), h.source)
			if head == h.last {
				continue // another branch moved, or refs were packed
			}
			h.last = head
			what := "git HEAD moved"
			if head != "" {
				what = "git HEAD at " + head
			}
			srv.RefreshHistory(what)
		}
	}()
}

// stop ends the watch and waits for a refresh under way.
func (h *historyWatch) stop() {
	h.w.Close()
	if h.following {
		<-h.done
	}
}

// listenProblem explains a failed listen in the user's terms.
func listenProblem(cfg serveConfig, err error) string {
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		return fmt.Sprintf("port %d on %s is already in use (another rolloutdocs serve or hugo server?); "+
			"stop it, choose another port with --port, or use --port 0 for a free one", cfg.port, cfg.bind)
	case errors.Is(err, syscall.EACCES):
		return fmt.Sprintf("not allowed to listen on port %d (ports below 1024 need privileges); use --port 1313 or --port 0", cfg.port)
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		return fmt.Sprintf("--bind %s is not an address of this machine; use 127.0.0.1 (the default) or 0.0.0.0", cfg.bind)
	}
	var dnsErr *net.DNSError
	var addrErr *net.AddrError
	if errors.As(err, &dnsErr) || errors.As(err, &addrErr) {
		return fmt.Sprintf("--bind %q is not a usable address (%v); use 127.0.0.1 (the default) or 0.0.0.0", cfg.bind, err)
	}
	return fmt.Sprintf("cannot listen on %s: %v", net.JoinHostPort(cfg.bind, strconv.Itoa(cfg.port)), err)
}

// previewURL is the address to open in a browser.
func previewURL(addr net.Addr, bind string) string {
	port := strconv.Itoa(addr.(*net.TCPAddr).Port)
	host := bind
	if ip := net.ParseIP(bind); ip != nil && ip.IsUnspecified() || bind == "" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

func isLoopback(bind string) bool {
	if bind == "localhost" {
		return true
	}
	ip := net.ParseIP(bind)
	return ip != nil && ip.IsLoopback()
}

// watchedTop are the entries of the source directory the site is built
// from; everything else there (public/, .git, node_modules, README.md) is
// not watched, so writing the built site or committing does not rebuild.
var watchedTop = map[string]bool{
	"content":       true,
	"layouts":       true,
	"static":        true,
	site.ConfigFile: true,
}

// sourceFilter skips what sits directly in the source directory but is not
// one of watchedTop; deeper paths are under a watched directory.
func sourceFilter(source string) func(path string, isDir bool) bool {
	root := filepath.Clean(source)
	return func(path string, isDir bool) bool {
		rel, err := filepath.Rel(root, path)
		if err != nil || strings.HasPrefix(rel, "..") {
			return true
		}
		top, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
		return !watchedTop[top]
	}
}

func describeWatched(source string) string {
	where := ""
	if source != "." {
		where = " in " + source
	}
	// All four are watched even when absent: creating layouts/ later
	// takes effect too.
	return "content/, layouts/, static/ and " + site.ConfigFile + where
}

// planPage maps a plan file under content/ to its page's URL path.
func planPage(contentDir string) func(string) string {
	contentAbs, _ := filepath.Abs(contentDir)
	return func(src string) string {
		abs, err := filepath.Abs(src)
		if err != nil || !plan.IsPlanFile(filepath.Base(abs)) {
			return ""
		}
		if rel, err := filepath.Rel(contentAbs, abs); err != nil || strings.HasPrefix(rel, "..") {
			return ""
		}
		return "/" + pages.PlanURL(plan.SlugFromPath(abs))
	}
}
