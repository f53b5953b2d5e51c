// Package htmlvalidate checks built pages with html-validate, the HTML5
// validator pinned in tools/node, and reports each error with its file,
// line and column. One node process checks a whole site, so a large build
// costs one start-up, not one per page.
package htmlvalidate

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/testtool"
)

// Problem is one thing the validator objects to.
type Problem struct {
	// File is the page's path relative to the validated directory, with
	// forward slashes (plans/checkout-redesign/index.html).
	File    string
	Line    int
	Col     int
	Rule    string
	Message string
	// Warning is true for a warning, false for an error.
	Warning bool
}

// String formats p as file:line:col: message (rule), like the diagnostics
// of `rolloutdocs check`, so editors can jump to it.
func (p Problem) String() string {
	kind := "error"
	if p.Warning {
		kind = "warning"
	}
	return fmt.Sprintf("%s:%d:%d: %s: %s (%s)", p.File, p.Line, p.Col, kind, p.Message, p.Rule)
}

// Validator runs html-validate.
type Validator struct {
	Node   string // the node executable
	Bin    string // html-validate's bin/html-validate.mjs
	Config string // the configuration file passed with --config
}

// Find locates node, html-validate in tools/node/node_modules and the
// repository's configuration, tools/node/htmlvalidate.config.cjs.
func Find() (*Validator, error) {
	node, err := testtool.Node()
	if err != nil {
		return nil, err
	}
	bin, err := testtool.NodePackageFile("html-validate", filepath.Join("bin", "html-validate.mjs"))
	if err != nil {
		return nil, err
	}
	root, err := testtool.RepoRoot()
	if err != nil {
		return nil, err
	}
	return &Validator{Node: node, Bin: bin, Config: filepath.Join(root, "tools", "node", "htmlvalidate.config.cjs")}, nil
}

// Report is the result of validating a directory.
type Report struct {
	// Files is how many .html files were checked.
	Files    int
	Problems []Problem
}

// ValidateDir checks every .html file under dir and returns the problems
// sorted by file, line and column. It is an error when dir holds no HTML
// or the validator cannot run; problems in the pages are not errors.
func (v *Validator) ValidateDir(ctx context.Context, dir string) (Report, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Report{}, err
	}
	files, err := countHTML(abs)
	if err != nil {
		return Report{}, fmt.Errorf("listing the pages in %s: %w", dir, err)
	}
	if files == 0 {
		return Report{}, fmt.Errorf("%s holds no .html files", dir)
	}
	// The report goes to a file: html-validate exits as soon as it has
	// written to stdout, and a pipe loses what was still buffered (the
	// JSON of a large site is cut short).
	report, err := os.CreateTemp("", "html-validate-*.json")
	if err != nil {
		return Report{}, err
	}
	report.Close()
	defer os.Remove(report.Name())
	// The directory, not a list of files: one process, and no command
	// line too long for a site of thousands of pages.
	cmd := exec.CommandContext(ctx, v.Node, v.Bin, "--config", v.Config,
		"--formatter", "json="+report.Name(), "--ext", "html", abs)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	err = cmd.Run()
	// Exit status 1 means "problems found"; anything else is a failure
	// to run, as is a clean exit with unreadable output.
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		return Report{}, fmt.Errorf("running html-validate on %s: %w\n%s", dir, err, stderr.Bytes())
	}
	out, rerr := os.ReadFile(report.Name())
	if rerr != nil {
		return Report{}, fmt.Errorf("reading html-validate's report: %w", rerr)
	}
	problems, perr := parse(out, abs)
	if perr != nil {
		return Report{}, fmt.Errorf("reading html-validate's report on %s: %w\n%s", dir, perr, stderr.Bytes())
	}
	if err != nil && len(problems) == 0 {
		return Report{}, fmt.Errorf("html-validate failed on %s without reporting a problem:\n%s", dir, stderr.Bytes())
	}
	return Report{Files: files, Problems: problems}, nil
}

// result is one file of html-validate's JSON formatter output.
type result struct {
	FilePath string `json:"filePath"`
	Messages []struct {
		RuleID   string `json:"ruleId"`
		Severity int    `json:"severity"` // 1 warning, 2 error
		Message  string `json:"message"`
		Line     int    `json:"line"`
		Column   int    `json:"column"`
	} `json:"messages"`
}

func parse(out []byte, dir string) ([]Problem, error) {
	var results []result
	if err := json.Unmarshal(out, &results); err != nil {
		return nil, err
	}
	var problems []Problem
	for _, r := range results {
		file := r.FilePath
		if rel, err := filepath.Rel(dir, file); err == nil && !strings.HasPrefix(rel, "..") {
			file = filepath.ToSlash(rel)
		}
		for _, m := range r.Messages {
			problems = append(problems, Problem{
				File: file, Line: m.Line, Col: m.Column,
				Rule: m.RuleID, Message: m.Message, Warning: m.Severity < 2,
			})
		}
	}
	slices.SortFunc(problems, func(a, b Problem) int {
		return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col), strings.Compare(a.Rule, b.Rule))
	})
	return problems, nil
}

func countHTML(dir string) (int, error) {
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.EqualFold(filepath.Ext(path), ".html") {
			n++
		}
		return nil
	})
	return n, err
}

// NeedValidator returns the validator for a test. When node or the npm
// tools are not installed the test is skipped, or fails under CI=true.
func NeedValidator(t testing.TB) *Validator {
	t.Helper()
	v, err := Find()
	if err != nil {
		testtool.Missing(t, "%v", err)
		return nil
	}
	if _, err := os.Stat(v.Config); err != nil {
		t.Fatalf("html-validate's configuration: %v", err)
	}
	return v
}

// maxReported caps the problems one test failure lists; a broken layout
// repeats the same error on every page.
const maxReported = 60

// Check validates every page under dir and fails the test with one line
// per problem. It returns the report so the caller can check how many
// pages were seen.
func Check(t testing.TB, dir string) Report {
	t.Helper()
	v := NeedValidator(t)
	rep, err := v.ValidateDir(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range rep.Problems {
		if i == maxReported {
			t.Errorf("... and %d more", len(rep.Problems)-maxReported)
			break
		}
		t.Error(p)
	}
	return rep
}
