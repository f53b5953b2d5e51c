package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

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
		summary: "give plans written without front matter a YAML header",
		usage: `Usage:
  rolloutdocs import [--write] [--follow-symlinks] PATH...

Plans written before rolloutdocs keep their header in the body: bold lines
(**Created:** 2026-05-11, **Status:** In Progress), the same as a list or
with the colon outside the bold, plain "Owner: Dana" lines (Notion's
export), a small key/value table (Confluence), or just a # title. import
turns that header into YAML front matter: In Progress becomes in-progress,
4 people becomes 4, March 1, 2026 becomes 2026-03-01, and a parenthetical
such as "10 weeks (two waves)" becomes a YAML comment beside the value.
Header lines it has no key for (**Version:**, **Budget:**), or whose value
it cannot read without guessing, stay in the body where they were; a
required key the file does not give is written as a [placeholder] that
check reports until it is filled in. Nothing else in the file changes.

A PATH may be a file or a directory, which is searched for .md files
(hidden directories and symbolic links are skipped). import prints the
converted plans, or with --write replaces each file in place, atomically
and keeping its permissions, and says per file what it did. A file that
already has front matter, or is not a rollout plan, is left alone.

Exit status: 0 when every file named was converted (in a directory, files
that are not plans or already have front matter are skipped and do not
count); 1 when a file named was left alone or could not be written; 2 for
bad usage or a path that cannot be read.

Examples:
  rolloutdocs import content/plans/checkout-redesign.md
  rolloutdocs import --write content/plans/`,
		run: runImport,
	})
}

// importFile is one file import looks at, and whether the user named it
// (a file found in a directory that is not a plan is skipped quietly).
type importFile struct {
	path  string
	named bool
}

func runImport(args []string, stdout, stderr io.Writer) int {
	fset := newFlagSet(commands["import"], stderr)
	write := fset.Bool("write", false, "replace each file with its converted version instead of printing it")
	follow := fset.Bool("follow-symlinks", false, followSymlinksUsage)
	paths, done, code := parseFlags(fset, args, stdout)
	if done {
		return code
	}
	if len(paths) == 0 {
		fmt.Fprintln(stderr, "rolloutdocs import: name the plans or directories to convert, e.g. rolloutdocs import --write content/plans/")
		return exitUsage
	}
	status := exitOK
	worse := func(c int) { status = max(status, c) }
	files, err := importFiles(paths, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "rolloutdocs import: %v\n", err)
		worse(exitUsage)
	}
	var converted, hadFront, notPlans int
	tree := checkTree(*follow, paths) // the current directory, as check reads
	for _, f := range files {
		src, err := tree.ReadFile(f.path)
		if refusal := (*sourcetree.Refusal)(nil); errors.As(err, &refusal) {
			fmt.Fprintf(stderr, "%s: not converted: %v\n", f.path, err)
			worse(exitProblem)
			continue
		}
		if err != nil {
			fmt.Fprintf(stderr, "rolloutdocs import: %v\n", err)
			worse(exitUsage)
			continue
		}
		res, err := legacyheader.Convert(src)
		switch {
		case errors.Is(err, legacyheader.ErrHasFrontMatter):
			hadFront++
			fmt.Fprintf(stderr, "%s: already has front matter, left alone (run `rolloutdocs check %s` to check it)\n", f.path, f.path)
		case errors.Is(err, legacyheader.ErrNotPlan):
			notPlans++
			fmt.Fprintf(stderr, "%s: left alone, %v\n", f.path, err)
		case err != nil:
			fmt.Fprintf(stderr, "%s: not converted: %v\n", f.path, err)
			worse(exitProblem)
			continue
		}
		if err != nil {
			if f.named {
				worse(exitProblem)
			}
			continue
		}
		for _, note := range res.Notes {
			fmt.Fprintf(stderr, "%s: note: %s\n", f.path, note)
		}
		if *write {
			if err := replaceUnchanged(f.path, src, res.Output); err != nil {
				fmt.Fprintf(stderr, "%s: not converted: %v\n", f.path, err)
				worse(exitProblem)
				continue
			}
			fmt.Fprintf(stdout, "converted %s\n", f.path)
		} else {
			if len(files) > 1 {
				fmt.Fprintf(stdout, "==> %s <==\n", f.path)
			}
			stdout.Write(res.Output)
		}
		converted++
		summarizeCheck(stderr, f.path, res.Output, *write)
	}
	if len(files) > 1 {
		verb := "converted"
		if !*write {
			verb = "to convert (run with --write)"
		}
		others := fmt.Sprintf("%d not plans", notPlans)
		if notPlans == 1 {
			others = "1 not a plan"
		}
		fmt.Fprintf(stderr, "%d %s, %d already had front matter, %s\n", converted, verb, hadFront, others)
	}
	return status
}

// importFiles expands directories into the Markdown files under them, in
// lexical order. Hidden directories and symbolic links are skipped: a link
// may point out of the tree, and import writes only inside it.
func importFiles(paths []string, stderr io.Writer) ([]importFile, error) {
	var files []importFile
	var errs []error
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !info.IsDir() {
			files = append(files, importFile{path: p, named: true})
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			switch {
			case d.IsDir() && path != p && (strings.HasPrefix(name, ".") || name == "node_modules"):
				return filepath.SkipDir
			case d.IsDir():
				return nil
			case d.Type()&fs.ModeSymlink != 0:
				if isMarkdown(name) {
					fmt.Fprintf(stderr, "%s: left alone, it is a symbolic link (name its target to convert it)\n", path)
				}
				return nil
			case !d.Type().IsRegular() || !isMarkdown(name) || strings.HasPrefix(name, "."):
				return nil
			}
			files = append(files, importFile{path: path})
			return nil
		})
		if err != nil {
			errs = append(errs, err)
		}
	}
	return files, errors.Join(errs...)
}

func isMarkdown(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".md" || ext == ".markdown"
}

// replaceUnchanged writes data over path unless path no longer holds was
// (an editor saved it meanwhile), so import never overwrites what it did
// not read.
func replaceUnchanged(path string, was, data []byte) error {
	now, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if !bytes.Equal(now, was) {
		return fmt.Errorf("the file changed while it was being converted; run import again")
	}
	return atomicfile.Replace(path, data)
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
	fmt.Fprintf(w, "%s: the converted plan has %s and %s of its own; %s\n", path, plural(errs, "error"), plural(warns, "warning"), next)
}
