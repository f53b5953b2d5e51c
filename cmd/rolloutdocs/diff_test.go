package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/testtool"
)

var updateDiff = flag.Bool("update-diff", false, "rewrite the diff golden files under testdata/diff")

func gitIn(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t",
		"GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// replaceIn edits a file; each old text must be there once.
func replaceIn(t *testing.T, path string, pairs ...string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for i := 0; i+1 < len(pairs); i += 2 {
		if n := strings.Count(s, pairs[i]); n != 1 {
			t.Fatalf("%s: %q occurs %d times", path, pairs[i], n)
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// diffRepo is a repository holding a copy of the plandiff test plan on
// main, three times over, and a branch "review" that changes them the ways
// a reviewer must see.
func diffRepo(t *testing.T) string {
	if _, err := exec.LookPath("git"); err != nil {
		testtool.Missing(t, "git is not installed")
	}
	dir := t.TempDir()
	src, err := os.ReadFile("../../internal/plandiff/testdata/base.md")
	if err != nil {
		t.Fatal(err)
	}
	plans := filepath.Join(dir, "content", "plans")
	if err := os.MkdirAll(plans, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, title := range map[string]string{"search-filters": "Search Filters", "saved-views": "Saved Views", "old-export": "Old Export"} {
		text := strings.Replace(string(src), "title: Search Filters", "title: "+title, 1)
		if err := os.WriteFile(filepath.Join(plans, name+".md"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gitIn(t, dir, "init", "-q", "-b", "main")
	gitIn(t, dir, "add", ".")
	gitIn(t, dir, "commit", "-q", "-m", "plans")
	gitIn(t, dir, "checkout", "-q", "-b", "review")
	// The approved plan: riskier in every way the issue names, approvers
	// untouched.
	replaceIn(t, filepath.Join(plans, "search-filters.md"),
		"Canary Release (5% of users)", "Canary Release (10% of users)",
		"- [ ] Error rate within baseline\n", "",
		"increases by more than 0.5%", "increases by more than 2%",
		"**Duration:** 7 days", "**Duration:** 2 days")
	// Another plan starts and is reviewed by one more person.
	replaceIn(t, filepath.Join(plans, "saved-views.md"),
		"status: approved", "status: in-progress",
		"  - Priya Raman\n", "  - Priya Raman\n  - Lee Park\n",
		"exceeds 400ms", "exceeds 350ms")
	gitIn(t, dir, "mv", "content/plans/old-export.md", "content/plans/export.md")
	gitIn(t, dir, "commit", "-q", "-am", "review")
	return dir
}

func runBinary(t *testing.T, bin, dir string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, out.String(), errb.String()
}

func diffGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "diff", name)
	if *updateDiff {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -run TestDiffBinary -update-diff writes it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from its golden file (-update-diff rewrites it):\n%s", name, got)
	}
}

// TestDiffBinary runs the real binary on a real repository, in every
// format, and holds the text and Markdown outputs in golden files.
func TestDiffBinary(t *testing.T) {
	dir := diffRepo(t)
	bin := buildBinary(t)

	code, text, errOut := runBinary(t, bin, dir, "diff", "--base", "main", "--head", "review")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	diffGolden(t, "review.txt", text)
	for _, want := range []string{
		"canary raised from 5% to 10%",
		`exit criterion removed from Phase 2 (Canary Release): "Error rate within baseline"`,
		"rollback trigger on Error rate loosened from an increase of more than 0.5% to an increase of more than 2%",
		"Phase 3 (Gradual Rollout) cut from 7 days to 2 days",
		"status changed from approved to in-progress",
		"plan moved from content/plans/old-export.md to content/plans/export.md",
		"needs re-approval",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text output lacks %q", want)
		}
	}
	if strings.Count(text, "  needs re-approval\n") != 1 {
		t.Errorf("only the plan whose approvers did not change needs re-approval:\n%s", text)
	}

	_, md, _ := runBinary(t, bin, dir, "diff", "--base", "main", "--head", "review", "--format", "markdown", "--base-url", "https://rollouts.example.com")
	diffGolden(t, "review.md", md)

	_, js, _ := runBinary(t, bin, dir, "diff", "--base", "main", "--head", "review", "--format", "json")
	var doc struct {
		Plans []struct {
			File       string
			Verdict    string
			Reapproval bool
			Changes    []struct {
				Kind string
				Line int
			}
		}
	}
	if err := json.Unmarshal([]byte(js), &doc); err != nil {
		t.Fatalf("json: %v\n%s", err, js)
	}
	if len(doc.Plans) != 3 || doc.Plans[0].File != "content/plans/search-filters.md" || doc.Plans[0].Verdict != "riskier" || !doc.Plans[0].Reapproval {
		t.Errorf("json plans: %+v", doc.Plans)
	}

	_, gh, _ := runBinary(t, bin, dir, "diff", "--base", "main", "--head", "review", "--format", "github")
	if !strings.Contains(gh, "::warning file=content/plans/search-filters.md,line=39,title=riskier%3A step-raised::canary raised from 5%25 to 10%25") {
		t.Errorf("github annotations:\n%s", gh)
	}
	if strings.Contains(gh, "saved-views.md,line=88") {
		t.Errorf("a safer change is annotated:\n%s", gh)
	}

	// Exit codes for CI.
	for _, tc := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"--fail-on", "riskier"}, exitProblem, ""},
		{[]string{"--fail-on", "reapproval"}, exitProblem, ""},
		{[]string{"--fail-on", "nothing"}, exitUsage, "--fail-on takes riskier or reapproval"},
		{[]string{"--format", "xml"}, exitUsage, `unknown format "xml"`},
		{[]string{"--base", "no-such-ref"}, exitUsage, `no commit "no-such-ref"`},
	} {
		args := append([]string{"diff", "--base", "main", "--head", "review"}, tc.args...)
		if tc.args[0] == "--base" {
			args = append([]string{"diff"}, tc.args...)
		}
		code, _, errOut := runBinary(t, bin, dir, args...)
		if code != tc.code || !strings.Contains(errOut, tc.err) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, code, errOut, tc.code, tc.err)
		}
	}
	// Working tree against HEAD: nothing changed yet, then one edit.
	code, out, _ := runBinary(t, bin, dir, "diff", "--base", "HEAD", "--fail-on", "riskier")
	if code != exitOK || !strings.Contains(out, "no plan changed") {
		t.Errorf("clean working tree: exit %d\n%s", code, out)
	}
	replaceIn(t, filepath.Join(dir, "content", "plans", "export.md"), "team_size: 4", "team_size: 1")
	code, out, _ = runBinary(t, bin, dir, "diff", "--base", "HEAD", "--fail-on", "riskier")
	if code != exitProblem || !strings.Contains(out, "team size changed from 4 to 1") {
		t.Errorf("edited working tree: exit %d\n%s", code, out)
	}
}

func TestDiffDirectories(t *testing.T) {
	base, head := t.TempDir(), t.TempDir()
	src, err := os.ReadFile("../../internal/plandiff/testdata/base.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{base, head} {
		if err := os.WriteFile(filepath.Join(d, "a.md"), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(head, "a.md"), bytes.Replace(src, []byte("status: approved"), []byte("status: launched"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(head, "broken.md"), []byte("---\ntitle: [\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCmd(t, "diff", "--base-dir", base, "--head-dir", head)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"status changed from approved to launched", "broken.md", "parse error"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if code, _, errOut := runCmd(t, "diff", "--base-dir", base, "--head-dir", head, "x.md"); code != exitUsage || !strings.Contains(errOut, "give no --base, --head or PATH") {
		t.Errorf("PATH with --base-dir: exit %d %s", code, errOut)
	}
	if code, _, errOut := runCmd(t, "diff", "--base-dir", filepath.Join(base, "nope")); code != exitUsage || !strings.Contains(errOut, "is not a directory") {
		t.Errorf("missing --base-dir: exit %d %s", code, errOut)
	}
}
