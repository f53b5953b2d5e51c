package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"golang.org/x/term"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/diag/report"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/rules"
	"github.com/rolloutdocs/rolloutdocs/internal/sourcetree"
)

func init() {
	register(command{
		name:    "check",
		summary: "check rollout plans and report every problem with file:line:col",
		usage: `Usage:
  rolloutdocs check [--format text|json|github|sarif] [--strict] [--explain] [--follow-symlinks] [PATH...]
  rolloutdocs check --fix | --diff [PATH...]

Checks every plan (*.md) under each PATH (default content/) in one pass and
prints the problems sorted by file and line. Exits 0 when there are no
errors (warnings allowed), 1 when there is an error (or, with --strict, a
warning), 2 on bad usage or a path that cannot be read. A symlink that
leads outside the current directory (and the PATHs) is not read: it is
reported as a warning, unless --follow-symlinks (unsafe for untrusted input).
--explain also prints how each plan was read where it is not written to the
template (read "Halt Rules" as Rollback Triggers); with --format json the
output is then {"diagnostics": [...], "readings": [...]}.

--fix makes the safe rewrites first and then reports what is left: a value
written in a near form of the one it means (team_size: 4 people -> 4,
status: In Progress -> in-progress, timeline: 10 weeks (two waves) ->
10 weeks # two waves), a misspelt key with one unambiguous meaning, a
placeholder quoted. Only those spans change; each file is rewritten
atomically, and a file that does not parse is left alone. --diff shows the
same fixes as a unified diff and writes nothing (exit 1 when there are
fixes to make, 0 when there are none).

Examples:
  rolloutdocs check
  rolloutdocs check --strict content/plans/checkout-redesign.md
  rolloutdocs check --explain plans/       # say how each plan was read
  rolloutdocs check --format github        # annotations in GitHub Actions
  rolloutdocs check --format sarif > rolloutdocs.sarif
  rolloutdocs check --diff                 # what --fix would change
  rolloutdocs check --fix`,
		run: runCheck,
	})
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	c := commands["check"]
	fs := newFlagSet(c, stderr)
	format := fs.String("format", "text", "output format: text, json, github or sarif")
	strict := fs.Bool("strict", false, "fail (exit 1) on warnings too")
	follow := fs.Bool("follow-symlinks", false, followSymlinksUsage)
	explain := fs.Bool("explain", false, "also print how each plan was read (synonyms, phase forms)")
	fixMode := fs.Bool("fix", false, "make the safe fixes, then report what is left")
	diffMode := fs.Bool("diff", false, "print the safe fixes as a unified diff; write nothing")
	paths, done, code := parseFlags(fs, args, stdout)
	if done {
		return code
	}
	f, err := report.ParseFormat(*format)
	if err == nil && *explain {
		err = report.CheckExplain(f)
	}
	if err != nil {
		fmt.Fprintf(stderr, "rolloutdocs check: %v\n", err)
		return exitUsage
	}
	if len(paths) == 0 {
		paths = []string{"content/"}
	}
	files, refused, err := plan.FindFilesIn(checkTree(*follow, paths), paths...)
	if err != nil {
		fmt.Fprintf(stderr, "rolloutdocs check: %v\n", err)
		if errors.Is(err, plan.ErrNoPath) && len(paths) == 1 && paths[0] == "content/" {
			fmt.Fprintln(stderr, "run it in a project with a content/ directory, or name the plans to check")
		}
		return exitUsage
	}
	if len(files) == 0 && len(refused) == 0 {
		fmt.Fprintf(stderr, "rolloutdocs check: no plans (*.md) found in %s\n", strings.Join(paths, ", "))
	}

	if *diffMode {
		fixes, failed := fixFiles(files, true, stdout, stderr)
		if failed || fixes > 0 {
			return exitProblem
		}
		return exitOK
	}
	writeFailed := false
	if *fixMode {
		_, writeFailed = fixFiles(files, false, stdout, stderr)
	}

	excerpts := f == report.Text && isTerminal(stdout)
	defer debug.SetGCPercent(debug.SetGCPercent(rules.BatchGCPercent))
	checked := rules.CheckFiles(files, excerpts)
	ds := checked.Diagnostics
	if len(refused) > 0 {
		ds = append(ds, refused...)
		diag.Sort(ds)
	}

	opts := report.Options{ToolVersion: version, InformationURI: "https://github.com/rolloutdocs/rolloutdocs",
		Explain: *explain, Readings: checked.Readings}
	if excerpts {
		opts.Source = func(path string) []byte { return checked.Sources[path] }
		opts.Excerpts = true
		opts.Color = os.Getenv("NO_COLOR") == ""
	}
	for _, r := range rules.Catalog() {
		opts.Rules = append(opts.Rules, report.Rule{ID: r.ID, Severity: r.Severity, Summary: r.Summary})
	}
	if err := report.Write(stdout, f, ds, opts); err != nil {
		fmt.Fprintf(stderr, "rolloutdocs check: writing the report: %v\n", err)
		return exitUsage
	}
	if f == report.Text {
		fmt.Fprintln(stderr, report.Summary(ds, len(files)))
	}

	errs, warns := diag.Count(ds)
	if errs > 0 || (*strict && warns > 0) || writeFailed {
		return exitProblem
	}
	return exitOK
}

// checkTree is where check reads: the current directory (the checkout, in
// CI), and any PATH outside it.
func checkTree(follow bool, paths []string) *sourcetree.Tree {
	roots := []string{"."}
	for _, p := range paths {
		if rel, err := filepath.Rel(".", p); err != nil || filepath.IsAbs(rel) || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			roots = append(roots, p)
		}
	}
	return sourcetree.New(follow, roots...)
}

// isTerminal reports whether w is a terminal, where source excerpts and
// colors help; pipes and files get plain lines.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
