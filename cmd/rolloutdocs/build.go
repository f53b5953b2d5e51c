package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/diag/report"
	"github.com/rolloutdocs/rolloutdocs/internal/linkcheck"
	"github.com/rolloutdocs/rolloutdocs/internal/output"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/site"
	"github.com/rolloutdocs/rolloutdocs/internal/templates"
)

func init() {
	register(command{
		name:    "build",
		summary: "build the plans into a static documentation site",
		usage: `Usage:
  rolloutdocs build [--source DIR] [--destination DIR] [--base-url URL]
                    [--title TEXT] [--repo-url URL] [--strict] [--no-history] [--follow-symlinks]

Reads DIR/content/**/*.md (default: the current directory's) and writes a
complete static site to DIR/public/ (or --destination): the portfolio
index, a page per plan, phase and metric, a page per metric across plans,
portfolio.json, search.json, sitemap.xml and 404.html.

Settings may also live in DIR/rolloutdocs.yaml (keys: title, base_url,
repo_url); flags win. Layouts in DIR/layouts/ and files in DIR/static/
replace the built-in ones file by file.

When DIR is in a git repository, each plan page shows its last change
and status history from git, and the index can sort by last change
(--no-history leaves them out; a shallow clone has none).

Plans with errors are still built and marked invalid, unless --strict.
The diagnostics are the same as 'rolloutdocs check' prints. The site is
written to a temporary directory and swapped in, so a failed build leaves
the previous one whole; a destination holding files rolloutdocs did not
write is refused. Exits 0 when the site was written, 1 when plans have
problems under --strict or a link in the site is broken, 2 on bad usage or
an unusable source or destination.

Examples:
  rolloutdocs build
  rolloutdocs build --base-url https://docs.example/rollouts/ --repo-url https://git.example/team/plans/blob/main/
  rolloutdocs build --source ../plans --destination /srv/www/rollouts`,
		run: runBuild,
	})
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	c := commands["build"]
	fs := newFlagSet(c, stderr)
	source := fs.String("source", ".", "directory holding content/ (and optionally layouts/, static/, rolloutdocs.yaml)")
	dest := fs.String("destination", "", "where to write the site (default: SOURCE/public)")
	baseURL := fs.String("base-url", "", "URL the site is served from, e.g. https://docs.example/rollouts/ (default /)")
	title := fs.String("title", "", "site title (default: rolloutdocs.yaml's, else \""+site.DefaultTitle+"\")")
	repoURL := fs.String("repo-url", "", "prefix for links to each plan's source file, e.g. https://git.example/team/plans/blob/main/")
	noHistory := fs.Bool("no-history", false, "leave out each plan's history from git (last change, status history)")
	strict := fs.Bool("strict", false, "write nothing and exit 1 when any plan has an error or a warning")
	follow := fs.Bool("follow-symlinks", false, followSymlinksUsage)
	positional, done, code := parseFlags(fs, args, stdout)
	if done {
		return code
	}
	if len(positional) > 0 {
		fmt.Fprintf(stderr, "rolloutdocs build: unexpected argument %q (use --source DIR)\n", positional[0])
		return exitUsage
	}
	if *dest == "" {
		*dest = filepath.Join(*source, "public")
	}

	if err := output.Check(*dest, *source); err != nil {
		fmt.Fprintf(stderr, "rolloutdocs build: %v\n", err)
		return exitUsage
	}
	start := time.Now()
	b, err := site.New(site.Config{
		Source: *source, BaseURL: *baseURL, Title: *title, RepoURL: *repoURL,
		Strict: *strict, Progress: stderr, GitHistory: !*noHistory, FollowSymlinks: *follow,
	})
	if err != nil {
		fmt.Fprintf(stderr, "rolloutdocs build: %v\n", err)
		return exitUsage
	}
	// The site is written as it is rendered, into a temporary directory
	// swapped in at the end, and its links are checked page by page, so
	// memory stays flat however many plans there are. What is kept (the
	// index rows, metric rows, link targets) is small, so the collector
	// may let garbage grow to 4x it (a build allocates ~0.9 GB per 1,000
	// plans; GOGC=400 spends 12% less CPU than the default 100) under a
	// soft memory limit that bounds the peak. GOGC and GOMEMLIMIT, when
	// set, win.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(buildMemoryLimit)
	}
	w, err := output.NewWriter(*dest, *source)
	if err != nil {
		fmt.Fprintf(stderr, "rolloutdocs build: %v\n", err)
		if errors.Is(err, output.ErrRefused) {
			return exitUsage
		}
		return exitProblem
	}
	links := linkcheck.NewChecker(templates.BasePath(b.Config().BaseURL))
	res, err := b.BuildTo(site.CheckingLinks(w, links))
	if err != nil {
		w.Abort()
	}
	if res != nil {
		printDiagnostics(stderr, res)
	}
	switch {
	case errors.Is(err, site.ErrStrict):
		fmt.Fprintf(stderr, "rolloutdocs build: %v; nothing written (drop --strict to build anyway)\n", err)
		return exitProblem
	case errors.Is(err, plan.ErrNoPath):
		fmt.Fprintf(stderr, "rolloutdocs build: %v\n", err)
		return exitUsage
	case err != nil:
		fmt.Fprintf(stderr, "rolloutdocs build: %v\n", err)
		return exitProblem
	}

	if broken := links.Broken(w.ReadFile); len(broken) > 0 {
		w.Abort()
		for _, l := range broken {
			fmt.Fprintf(stderr, "broken link: %s\n", l)
		}
		fmt.Fprintf(stderr, "rolloutdocs build: %s; nothing written (fix the links in the plans or the layouts)\n", plural(len(broken), "broken link"))
		return exitProblem
	}
	if err := w.Commit(); err != nil {
		fmt.Fprintf(stderr, "rolloutdocs build: %v\n", err)
		return exitProblem
	}
	fmt.Fprintf(stdout, "built %s, %s in %.2fs → %s\n", plural(res.Plans, "plan"), plural(res.Pages, "page"), time.Since(start).Seconds(), *dest)
	return exitOK
}

// buildMemoryLimit is the soft memory limit of a build: about what 10,000
// plans keep (see bench/README.md), so smaller portfolios never reach it.
const buildMemoryLimit = 320 << 20

// printDiagnostics prints what `check` would, in its text format.
func printDiagnostics(w io.Writer, res *site.Result) {
	if len(res.Diagnostics) == 0 {
		return
	}
	if err := report.Write(w, report.Text, res.Diagnostics, report.Options{ToolVersion: version}); err != nil {
		for _, d := range res.Diagnostics {
			fmt.Fprintln(w, d.String())
		}
	}
	if e, _ := diag.Count(res.Diagnostics); e > 0 {
		fmt.Fprintf(w, "%s: plans with errors are built and marked invalid on their pages\n", plural(e, "error"))
	}
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
