package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/diag/report"
	"github.com/rolloutdocs/rolloutdocs/internal/hugoexport"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/site"
)

func init() {
	register(command{
		name:    "export",
		summary: "check the plans and write them as data for a Hugo site",
		usage: `Usage: rolloutdocs export --hugo SITE [--source DIR] [--section PATH] [--allow-errors] [--follow-symlinks]

Checks the plans in DIR/content/ (as 'rolloutdocs check' does) and writes
SITE/data/rolloutdocs/export.json: every page 'rolloutdocs build' makes, for
the Hugo site SITE, which imports this module (see the README). Run hugo
afterwards; the pages appear under /PATH/ (default /rollouts/), with the URLs
'rolloutdocs build --base-url /PATH/' gives them.

When a plan has errors nothing is written and the command exits 1, so a
site is never published from broken plans; --allow-errors writes anyway
(the pages show the problems, as 'build' does). Warnings never stop it.
Only export.json is replaced; a file of that name that rolloutdocs did not
write is left alone.

Example:
  rolloutdocs export --hugo ../docs-site && (cd ../docs-site && hugo)`,
		run: runExport,
	})
}

func runExport(args []string, stdout, stderr io.Writer) int {
	c := commands["export"]
	fs := newFlagSet(c, stderr)
	hugoSite := fs.String("hugo", "", "the Hugo site's root `directory` (the one holding hugo.toml)")
	source := fs.String("source", ".", "the `directory` holding content/ (the plans) and rolloutdocs.yaml")
	section := fs.String("section", hugoexport.DefaultSection, "the URL `path` the pages get in the Hugo site")
	title := fs.String("title", "", "the portfolio's title (default: rolloutdocs.yaml's, else \""+site.DefaultTitle+"\")")
	repoURL := fs.String("repo-url", "", "`URL` prefixed to a plan's path to link to its source (default: rolloutdocs.yaml's)")
	noHistory := fs.Bool("no-history", false, "leave out each plan's history from git (last change, status history)")
	allowErrors := fs.Bool("allow-errors", false, "write the export even when plans have errors")
	follow := fs.Bool("follow-symlinks", false, followSymlinksUsage)
	rest, done, code := parseFlags(fs, args, stdout)
	if done {
		return code
	}
	fail := func(code int, format string, a ...any) int {
		fmt.Fprintf(stderr, "rolloutdocs export: "+format+"\n", a...)
		return code
	}
	if len(rest) > 0 {
		return fail(exitUsage, "unexpected argument %q; the plans' directory is given with --source", rest[0])
	}
	if *hugoSite == "" {
		return fail(exitUsage, "--hugo SITE is required: the directory of the Hugo site to write data/rolloutdocs/ into")
	}
	if err := hugoexport.CheckSite(*hugoSite); err != nil {
		return fail(exitUsage, "%v", err)
	}
	*section = strings.Trim(*section, "/")
	if err := hugoexport.CheckSection(*section); err != nil {
		return fail(exitUsage, "--section: %v", err)
	}
	if inside, hugoContent := plansInsideHugoContent(*source, *hugoSite); inside {
		return fail(exitUsage, "the plans in %s are inside the Hugo site's content directory (%s), so Hugo would also publish each plan file as a page of its own; keep them in a folder of their own (for example %s) and pass --source %s",
			filepath.Join(*source, "content"), hugoContent,
			filepath.Join(*hugoSite, "rollouts", "content", "plans"), filepath.Join(*hugoSite, "rollouts"))
	}

	// The same builder as `rolloutdocs build`, with the base URL the pages
	// have in the Hugo site, so every link and index matches. Hugo
	// renders the pages itself: the builder makes them without the HTML
	// and hands them, plan by plan, to the export, which encodes them as
	// they come instead of keeping the whole site.
	b, err := site.New(site.Config{Source: *source, BaseURL: "/" + *section + "/", Title: *title, RepoURL: *repoURL, GitHistory: !*noHistory, FollowSymlinks: *follow})
	if err != nil {
		if errors.Is(err, plan.ErrNoPath) {
			return fail(exitUsage, "%v", err)
		}
		return fail(exitProblem, "%v", err)
	}
	ex, err := hugoexport.NewStream(*section)
	if err != nil {
		return fail(exitProblem, "%v", err)
	}
	defer ex.Close()
	res, err := b.BuildPages(ex.Add)
	if err != nil {
		return fail(exitProblem, "%v", err)
	}
	// The same text report as `check`.
	if err := report.Write(stderr, report.Text, res.Diagnostics, report.Options{ToolVersion: version}); err != nil {
		return fail(exitProblem, "writing the diagnostics: %v", err)
	}
	errs, warns := diag.Count(res.Diagnostics)
	if res.Plans == 0 {
		return fail(exitProblem, "no plans found in %s (plans are Markdown files such as content/plans/checkout-redesign.md)", filepath.Join(*source, "content"))
	}
	if errs > 0 && !*allowErrors {
		return fail(exitProblem, "%s; nothing written (fix them, or pass --allow-errors to publish the plans with their problems shown)", exportTally(errs, warns))
	}
	dest, err := ex.Commit(*hugoSite, res.Files)
	if err != nil {
		if errors.Is(err, hugoexport.ErrForeignFile) {
			return fail(exitUsage, "%v", err)
		}
		return fail(exitProblem, "%v", err)
	}
	fmt.Fprintf(stdout, "wrote %s: %d plans, %d pages under /%s/", dest, res.Plans, ex.Pages(), *section)
	if errs+warns > 0 {
		fmt.Fprintf(stdout, " (%s)", exportTally(errs, warns))
	}
	fmt.Fprintln(stdout)
	return exitOK
}

// exportTally says "2 errors, 1 warning".
func exportTally(errs, warns int) string {
	word := func(n int, one string) string {
		if n == 1 {
			return one
		}
		return one + "s"
	}
	return fmt.Sprintf("%d %s, %d %s", errs, word(errs, "error"), warns, word(warns, "warning"))
}

// plansInsideHugoContent reports whether the plans (source/content) lie in
// the Hugo site's content directory, and returns that directory.
func plansInsideHugoContent(source, hugoSite string) (bool, string) {
	hugoContent := filepath.Join(hugoSite, "content")
	plans, err1 := exportRealPath(filepath.Join(source, "content"))
	hc, err2 := exportRealPath(hugoContent)
	if err1 != nil || err2 != nil {
		return false, hugoContent
	}
	rel, err := filepath.Rel(hc, plans)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)), hugoContent
}

func exportRealPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(abs); err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}
