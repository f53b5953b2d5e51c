package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/rolloutdocs/rolloutdocs/internal/atomicfile"
	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/legacyheader"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/rules"
	"github.com/rolloutdocs/rolloutdocs/internal/sourcetree"
)

func init() {
	register(command{
		name:    "import",
		summary: "convert a template plan's bold-line header into front matter",
		usage: `Usage:
  rolloutdocs import [--write] FILE...

Plans written from the rollout template before rolloutdocs start with bold
lines (**Created:** 2026-05-11, **Status:** In Progress, ...) and a ---
rule. import turns that header into YAML front matter (In Progress becomes
in-progress, Low becomes low, the rest stays as written) and keeps the
body byte for byte. It prints the result, or with --write replaces each
file in place (atomically, keeping its permissions). Files that already
have front matter are left alone.

Examples:
  rolloutdocs import content/plans/checkout-redesign.md
  rolloutdocs import --write content/plans/*.md`,
		run: runImport,
	})
}

func runImport(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(commands["import"], stderr)
	write := fs.Bool("write", false, "replace each file with its converted version instead of printing it")
	follow := fs.Bool("follow-symlinks", false, followSymlinksUsage)
	files, done, code := parseFlags(fs, args, stdout)
	if done {
		return code
	}
	if len(files) == 0 {
		fmt.Fprintln(stderr, "rolloutdocs import: name the plans to convert, e.g. rolloutdocs import --write content/plans/checkout.md")
		return exitUsage
	}
	status := exitOK
	worse := func(c int) { status = max(status, c) }
	tree := checkTree(*follow, files) // the current directory, as check reads
	for _, path := range files {
		src, err := tree.ReadFile(path)
		if refusal := (*sourcetree.Refusal)(nil); errors.As(err, &refusal) {
			fmt.Fprintf(stderr, "%s: not converted: %v\n", path, err)
			worse(exitProblem)
			continue
		}
		if err != nil {
			fmt.Fprintf(stderr, "rolloutdocs import: %v\n", err)
			worse(exitUsage)
			continue
		}
		res, err := legacyheader.Convert(src)
		if err != nil {
			fmt.Fprintf(stderr, "%s: not converted: %v\n", path, err)
			if errors.Is(err, legacyheader.ErrHasFrontMatter) {
				fmt.Fprintf(stderr, "%s: run `rolloutdocs check %s` to check it\n", path, path)
			}
			worse(exitProblem)
			continue
		}
		for _, note := range res.Notes {
			fmt.Fprintf(stderr, "%s: note: %s\n", path, note)
		}
		if *write {
			if err := atomicfile.Replace(path, res.Output); err != nil {
				fmt.Fprintf(stderr, "rolloutdocs import: %v\n", err)
				worse(exitProblem)
				continue
			}
			fmt.Fprintf(stdout, "converted %s\n", path)
		} else {
			if len(files) > 1 {
				fmt.Fprintf(stdout, "==> %s <==\n", path)
			}
			stdout.Write(res.Output)
		}
		summarizeCheck(stderr, path, res.Output, *write)
	}
	return status
}

// summarizeCheck tells the user what `check` will say about the converted
// plan, so problems in the plan itself are not mistaken for import's.
func summarizeCheck(w io.Writer, path string, converted []byte, written bool) {
	p, ds := plan.Parse(path, converted)
	ds = append(ds, rules.Check(p)...)
	errs, warns := diag.Count(ds)
	if errs+warns == 0 {
		return
	}
	next := fmt.Sprintf("run `rolloutdocs check %s` for details", path)
	if !written {
		next = fmt.Sprintf("convert it with `rolloutdocs import --write %s`, then run `rolloutdocs check %s`", path, path)
	}
	fmt.Fprintf(w, "%s: the converted plan has %d error(s) and %d warning(s) of its own; %s\n", path, errs, warns, next)
}
