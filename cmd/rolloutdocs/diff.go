package main

import (
	"fmt"
	"io"
	"os"

	"github.com/rolloutdocs/rolloutdocs/internal/gitsource"
	"github.com/rolloutdocs/rolloutdocs/internal/plandiff"
)

func init() {
	register(command{
		name:    "diff",
		summary: "compare two versions of the plans: what changed in each rollout, riskiest first",
		usage: `Usage:
  rolloutdocs diff [--base REF] [--head REF] [--format text|markdown|json|github] [PATH...]
  rolloutdocs diff --base-dir DIR [--head-dir DIR] [--format ...]

Compares the plans under each PATH (default content/) between two git
revisions through the plan model: status, approvers, phases, rollout steps,
durations, exit criteria, metrics and rollback triggers, each change riskier,
safer or neutral with its reason and its line in the head version. The
default base is the merge base of HEAD with the default remote branch
(origin/HEAD, else origin/main); the default head is the working tree.
Only files that changed are read.

An approved (or further) plan whose rollout changed while its approvers
did not "needs re-approval". Exits 0 when it could compare (1 with
--fail-on when a plan is riskier or needs re-approval), 2 on bad usage or
when a revision cannot be read.

Examples:
  rolloutdocs diff                                   # this branch against origin/main
  rolloutdocs diff --base v1.2 --head HEAD content/plans/checkout-redesign.md
  rolloutdocs diff --format markdown >> "$GITHUB_STEP_SUMMARY"
  rolloutdocs diff --format github --fail-on reapproval
  rolloutdocs diff --base-dir old/content --head-dir content`,
		run: runDiff,
	})
}

func runDiff(args []string, stdout, stderr io.Writer) int {
	c := commands["diff"]
	fs := newFlagSet(c, stderr)
	baseRef := fs.String("base", "", "base revision (default: merge base with origin/HEAD or origin/main)")
	headRef := fs.String("head", "", "head revision (default: the working tree)")
	baseDir := fs.String("base-dir", "", "compare this directory (the base) instead of git revisions")
	headDir := fs.String("head-dir", "", "the head directory to compare with --base-dir (default: content/)")
	format := fs.String("format", "text", "output format: text, markdown, json or github")
	failOn := fs.String("fail-on", "", "exit 1 when a plan is `riskier` or needs `reapproval`")
	baseURL := fs.String("base-url", "", "link plans in the markdown format to their pages on the site at this URL")
	paths, done, code := parseFlags(fs, args, stdout)
	if done {
		return code
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "rolloutdocs diff: "+format+"\n", a...)
		return exitUsage
	}
	switch *format {
	case "text", "markdown", "json", "github":
	default:
		return fail("unknown format %q (use text, markdown, json or github)", *format)
	}
	switch *failOn {
	case "", "riskier", "reapproval":
	default:
		return fail("--fail-on takes riskier or reapproval, not %q", *failOn)
	}

	report := &plandiff.Report{}
	var pairs []plandiff.FilePair
	var err error
	if *baseDir != "" || *headDir != "" {
		if *baseDir == "" {
			return fail("--head-dir needs --base-dir")
		}
		if *baseRef != "" || *headRef != "" || len(paths) > 0 {
			return fail("--base-dir compares two directories: give no --base, --head or PATH with it")
		}
		if *headDir == "" {
			*headDir = "content/"
		}
		for _, d := range []string{*baseDir, *headDir} {
			if info, err := os.Stat(d); err != nil || !info.IsDir() {
				return fail("%s is not a directory", d)
			}
		}
		report.Base, report.Head = *baseDir, *headDir
		pairs, err = plandiff.DirPairs(*baseDir, *headDir)
	} else {
		pairs, err = gitPairs(report, *baseRef, *headRef, paths)
	}
	if err != nil {
		return fail("%v", err)
	}
	report.Plans = plandiff.Diff(pairs)

	opts := plandiff.Options{BaseURL: *baseURL, Color: isTerminal(stdout) && os.Getenv("NO_COLOR") == ""}
	switch *format {
	case "text":
		err = plandiff.WriteText(stdout, report, opts)
	case "markdown":
		err = plandiff.WriteMarkdown(stdout, report, opts)
	case "json":
		err = plandiff.WriteJSON(stdout, report)
	case "github":
		err = plandiff.WriteGitHub(stdout, report)
		fmt.Fprintln(stderr, report.Summary())
	}
	if err != nil {
		return fail("writing the report: %v", err)
	}
	riskier, _, _, reapproval := report.Counts()
	if (*failOn == "riskier" && riskier > 0) || (*failOn == "reapproval" && reapproval > 0) {
		return exitProblem
	}
	return exitOK
}

// gitPairs reads the changed plans between two revisions of the repository
// around the working directory.
func gitPairs(report *plandiff.Report, baseRef, headRef string, paths []string) ([]plandiff.FilePair, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	repo, err := gitsource.Open(wd)
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		paths = []string{"content/"}
		if _, err := os.Stat("content"); err != nil {
			return nil, fmt.Errorf("no content/ directory here: run it at the project's root, or name the plans to compare")
		}
	}
	var base string
	if baseRef == "" {
		base, report.Base, err = repo.DefaultBase()
	} else {
		base, err = repo.Resolve(baseRef)
		report.Base = baseRef
	}
	if err != nil {
		return nil, err
	}
	head := ""
	report.Head = "the working tree"
	if headRef != "" {
		if head, err = repo.Resolve(headRef); err != nil {
			return nil, err
		}
		report.Head = headRef
	}
	return repo.Pairs(base, head, paths)
}
