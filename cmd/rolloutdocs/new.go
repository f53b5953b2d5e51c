package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/rolloutdocs/rolloutdocs/internal/scaffold"
)

func init() {
	register(command{
		name:    "new",
		summary: "start a new rollout plan from the template",
		usage: `Usage:
  rolloutdocs new "Feature Name" [--risk low|medium|high] [--owner NAME]
                  [--team-size N] [--dir content/plans] [--slug SLUG]

Writes DIR/<slug>.md from the rollout template, with the phases the risk
tolerance implies (low: conservative, medium: standard, high: aggressive),
today's date, status draft and a timeline that fits the phases. It never
replaces an existing file. Fill in the [placeholders] that
'rolloutdocs check' points at.

Examples:
  rolloutdocs new "Checkout Redesign"
  rolloutdocs new "Postgres 16 Migration" --risk low --owner "Dana Reyes" --team-size 4`,
		run: runNew,
	})
}

func runNew(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(commands["new"], stderr)
	risk := fs.String("risk", "medium", "risk tolerance: low, medium or high")
	owner := fs.String("owner", "", "who drives the rollout (default the [PM Name] placeholder)")
	teamSize := fs.Int("team-size", 0, "people working on the rollout (default 1, marked to set)")
	dir := fs.String("dir", "content/plans", "directory to write the plan in")
	slug := fs.String("slug", "", "file name without .md (default from the title)")
	words, done, code := parseFlags(fs, args, stdout)
	if done {
		return code
	}
	title := strings.TrimSpace(strings.Join(words, " "))
	if title == "" {
		fmt.Fprintln(stderr, `rolloutdocs new: give the feature's name, e.g. rolloutdocs new "Checkout Redesign"`)
		return exitUsage
	}
	if *teamSize < 0 || (*teamSize == 0 && flagGiven(fs, "team-size")) {
		fmt.Fprintf(stderr, "rolloutdocs new: --team-size must be at least 1, not %d\n", *teamSize)
		return exitUsage
	}
	path, err := scaffold.Create(*dir, *slug, scaffold.Options{Title: title, Risk: *risk, Owner: *owner, TeamSize: *teamSize})
	switch {
	case errors.Is(err, scaffold.ErrExists):
		fmt.Fprintf(stderr, "rolloutdocs new: %v\n", err)
		return exitProblem
	case err != nil:
		fmt.Fprintf(stderr, "rolloutdocs new: %v\n", err)
		return exitUsage
	}
	fmt.Fprintln(stdout, path)
	return exitOK
}

// flagGiven reports whether the named flag was on the command line.
func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}
