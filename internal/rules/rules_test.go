package rules_test

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/diag/report"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// checkFile parses and checks one plan, as `rolloutdocs check` does.
func checkFile(t *testing.T, path string) []diag.Diagnostic {
	t.Helper()
	pf := plan.LoadFiles([]string{path})
	return rules.CheckPortfolio(pf)
}

// text renders diagnostics as `rolloutdocs check` prints them to a pipe.
func text(t *testing.T, ds []diag.Diagnostic) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := report.WriteText(&buf, ds, report.Options{}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// golden compares got with the golden file, or rewrites it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/rules -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("diagnostics differ from %s (run go test ./internal/rules -update if the change is intended)\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// TestRuleFixtures checks every plan under testdata/rules/<family>/<rule>/
// against its golden .golden file. A fixture named valid*.md must produce
// no diagnostic at all; one named invalid*.md must produce at least one
// diagnostic of the rule its directory names.
func TestRuleFixtures(t *testing.T) {
	root := filepath.Join("testdata", "rules")
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".md") {
			files = append(files, path)
		}
		return err
	})
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures under %s: %v", root, err)
	}
	for _, path := range files {
		rel, _ := filepath.Rel(root, path)
		rule := filepath.ToSlash(filepath.Dir(rel))
		name := filepath.Base(path)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			ds := checkFile(t, filepath.ToSlash(path))
			golden(t, strings.TrimSuffix(path, ".md")+".golden", text(t, ds))
			switch {
			case strings.HasPrefix(name, "valid"):
				if len(ds) > 0 {
					t.Errorf("valid fixture has diagnostics:\n%s", text(t, ds))
				}
			case strings.HasPrefix(name, "invalid"):
				if !slices.ContainsFunc(ds, func(d diag.Diagnostic) bool { return d.Rule == rule }) {
					t.Errorf("invalid fixture does not trigger %s:\n%s", rule, text(t, ds))
				}
			default:
				t.Errorf("fixture %s must be named valid*.md or invalid*.md", name)
			}
		})
	}
}

// TestEveryRuleHasFixtures: each rule of this package has a directory
// with at least one valid and one invalid plan.
func TestEveryRuleHasFixtures(t *testing.T) {
	for _, r := range rules.Catalog() {
		if strings.HasPrefix(r.ID, "file/") || strings.HasPrefix(r.ID, "front-matter/") {
			continue // the parser's rules: covered by testdata/bad-input and internal/plan
		}
		if strings.HasPrefix(r.ID, "portfolio/") {
			continue // compare plans with each other: covered by overlap_test.go's portfolios
		}
		dir := filepath.Join("testdata", "rules", filepath.FromSlash(r.ID))
		valid, _ := filepath.Glob(filepath.Join(dir, "valid*.md"))
		invalid, _ := filepath.Glob(filepath.Join(dir, "invalid*.md"))
		if len(valid) == 0 || len(invalid) == 0 {
			t.Errorf("rule %s needs fixtures in %s: %d valid, %d invalid", r.ID, dir, len(valid), len(invalid))
		}
	}
}

// TestCatalogIsComplete: every rule id a fixture produces is in the
// catalog, with a summary, so SARIF output describes it.
func TestCatalogIsComplete(t *testing.T) {
	known := map[string]bool{}
	for _, r := range rules.Catalog() {
		if r.Summary == "" || known[r.ID] {
			t.Errorf("rule %q has no summary or is listed twice", r.ID)
		}
		known[r.ID] = true
	}
	files, _ := filepath.Glob("testdata/*.golden")
	more, _ := filepath.Glob("testdata/rules/*/*/*.golden")
	for _, f := range append(files, more...) {
		b, _ := os.ReadFile(f)
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			i := strings.LastIndex(line, " [")
			if i < 0 || !strings.HasSuffix(line, "]") {
				continue
			}
			if id := line[i+2 : len(line)-1]; !known[id] {
				t.Errorf("%s: rule %q is not in the catalog", f, id)
			}
		}
	}
}

// TestExamplePortfolioIsClean: the plans in content/ are the demo and the
// README's reference; they must pass check without a single diagnostic.
func TestExamplePortfolioIsClean(t *testing.T) {
	files, err := plan.FindFiles("../../content")
	if err != nil || len(files) < 6 {
		t.Fatalf("example portfolio: %d files, %v", len(files), err)
	}
	if ds := rules.CheckPortfolio(plan.LoadFiles(files)); len(ds) > 0 {
		t.Errorf("example plans have diagnostics:\n%s", text(t, ds))
	}
}

// TestCheckSurvivesPartialPlans: rules run on whatever a parse produced,
// including the zero Plan and plans cut short at every line.
func TestCheckSurvivesPartialPlans(t *testing.T) {
	_ = rules.Check(nil)
	_ = rules.Check(&plan.Plan{})
	_ = rules.CheckPortfolio(&plan.Portfolio{Plans: []*plan.Plan{{}, nil}})
	// A plan built by hand, with a body but no source text.
	hand, _ := plan.Parse("hand.md", []byte("## Rollout Strategy\n\n### Phase 1: [Name]\n"))
	hand.Source = nil
	_ = rules.Check(hand)
	src, err := os.ReadFile("testdata/rules/structure/phases/valid.md")
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitAfter(src, []byte("\n"))
	for i := range lines {
		p, _ := plan.Parse("cut.md", bytes.Join(lines[:i], nil))
		_ = rules.Check(p)
	}
}
