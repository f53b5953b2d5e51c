package rules_test

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/rules"
)

// realPlansDir holds rollout plans in the shapes teams write them (issue
// 11): the template filled in, the generator's dialect, canary runbooks,
// numbered and Roman-numeral phases, SLO tables, CRLF, front matter of
// every kind. Its README.md lists the plans meant to have findings.
const realPlansDir = "testdata/realplans"

// problemLine is a README line naming a plan with real problems and the
// rules that must report them: "- `x.md`: `rule/a`, `rule/b` — why".
var problemLine = regexp.MustCompile("^- `([^`]+\\.md)`: ((?:`[a-z0-9/-]+`(?:, )?)+)")

// problemPlans reads the README's "## Plans with problems" section: each
// plan listed there, with the rules that must report an error in it.
func problemPlans(t *testing.T) map[string][]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(realPlansDir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	in := false
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "## ") {
			in = strings.HasPrefix(line, "## Plans with problems")
			continue
		}
		if !in {
			continue
		}
		if m := problemLine.FindStringSubmatch(line); m != nil {
			for _, r := range strings.Split(m[2], ", ") {
				out[m[1]] = append(out[m[1]], strings.Trim(r, "`"))
			}
		}
	}
	if len(out) == 0 {
		t.Fatal(`README.md lists no plans under "## Plans with problems"`)
	}
	return out
}

// TestRealPlans checks every plan of the corpus as `rolloutdocs check`
// does (rules.CheckFiles) and compares the text report with the plan's
// .golden file (go test ./internal/rules -run RealPlans -update rewrites
// them). The rule for the goldens: a plan a careful reviewer would pass
// has no error; a plan the README lists with problems has an error of
// each rule it names.
func TestRealPlans(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(realPlansDir, "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	files = slices.DeleteFunc(files, func(f string) bool { return filepath.Base(f) == "README.md" })
	if len(files) < 20 {
		t.Fatalf("the corpus has %d plans, want at least 20", len(files))
	}
	problems := problemPlans(t)
	for name := range problems {
		if _, err := os.Stat(filepath.Join(realPlansDir, name)); err != nil {
			t.Errorf("README.md lists %s, which is not in the corpus", name)
		}
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(strings.TrimSuffix(name, ".md"), func(t *testing.T) {
			path := filepath.ToSlash(path)
			ds := rules.CheckFiles([]string{path}, false).Diagnostics
			golden(t, strings.TrimSuffix(path, ".md")+".golden", text(t, ds))
			want, isProblem := problems[name]
			if !isProblem {
				if errs := slices.DeleteFunc(slices.Clone(ds), func(d diag.Diagnostic) bool { return d.Severity != diag.Error }); len(errs) > 0 {
					t.Errorf("a plan a reviewer would pass has errors (fix the parser or rules, or list it in README.md with why):\n%s", text(t, errs))
				}
				return
			}
			for _, rule := range want {
				if !slices.ContainsFunc(ds, func(d diag.Diagnostic) bool { return d.Rule == rule && d.Severity == diag.Error }) {
					t.Errorf("README.md says %s has a %s error; check reports:\n%s", name, rule, text(t, ds))
				}
			}
		})
	}
}
