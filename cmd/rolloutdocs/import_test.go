package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportCommand(t *testing.T) {
	legacy, err := os.ReadFile("../../internal/legacyheader/testdata/template-filled.md")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "search.md")
	if err := os.WriteFile(path, legacy, 0o640); err != nil {
		t.Fatal(err)
	}

	// Without --write: print, leave the file alone.
	var stdout, stderr bytes.Buffer
	if code := run([]string{"import", path}, &stdout, &stderr); code != exitOK {
		t.Fatalf("import: exit %d, stderr %s", code, stderr.String())
	}
	if !strings.HasPrefix(stdout.String(), "---\ntitle: \"Search Autocomplete: Typeahead #2\"\n") {
		t.Errorf("printed:\n%s", stdout.String())
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, legacy) {
		t.Errorf("import without --write changed the file")
	}
	printed := bytes.Clone(stdout.Bytes())

	// --write: replace with exactly what was printed, keep the mode.
	stdout.Reset()
	if code := run([]string{"import", "--write", path}, &stdout, &stderr); code != exitOK {
		t.Fatalf("import --write: exit %d, stderr %s", code, stderr.String())
	}
	if stdout.String() != "converted "+path+"\n" {
		t.Errorf("stdout %q", stdout.String())
	}
	got, _ := os.ReadFile(path)
	if !bytes.Equal(got, printed) {
		t.Errorf("--write wrote something else than import printed")
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640 kept", info.Mode().Perm())
	}

	// Again: refused, exit 1, file untouched.
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"import", "--write", path}, &stdout, &stderr); code != exitProblem {
		t.Errorf("second import: exit %d, want %d", code, exitProblem)
	}
	if !strings.Contains(stderr.String(), "already has front matter") {
		t.Errorf("stderr %q", stderr.String())
	}
	if again, _ := os.ReadFile(path); !bytes.Equal(again, printed) {
		t.Errorf("a refused import changed the file")
	}

	for _, args := range [][]string{{"import"}, {"import", filepath.Join(dir, "missing.md")}} {
		if code := run(args, &stdout, &stderr); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
}

// TestImportTreeThroughTheBinary converts a directory of plans in several
// shapes with the real binary, then checks the result with it: every
// converted plan passes check (placeholders are warnings while a draft),
// files that are not plans or already have front matter are untouched, and
// a second run changes nothing.
func TestImportTreeThroughTheBinary(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	fixtures, err := filepath.Glob("../../internal/legacyheader/testdata/*.md")
	if err != nil || len(fixtures) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	plans := filepath.Join(dir, "plans")
	for _, f := range fixtures {
		src, _ := os.ReadFile(f)
		writeFile(t, filepath.Join(plans, filepath.Base(f)), string(src))
	}
	untouched := map[string]string{
		"README.md":              "# Our plans\n\nThis folder holds the team's rollout plans.\n\n## Conventions\n\nOne file per plan.\n",
		"notes/checklist.md":     "- [ ] write the plan\n- [x] pick an owner\n- [ ] book the review\n",
		"notes/faq.md":           "# FAQ\n\n## Why a new index?\n\nSpeed.\n\n## Who owns it?\n\nSearch.\n",
		"plans/has-front.md":     "---\ntitle: Done\n---\n\n**Status:** Draft\n",
		".drafts/hidden.md":      "# Hidden Rollout\n\n**Status:** Draft\n",
		"plans/not-markdown.txt": "# Rollout Plan: X\n**Status:** Draft\n",
	}
	for name, text := range untouched {
		writeFile(t, filepath.Join(dir, name), text)
	}

	out, err := exec.Command(bin, "import", "--write", dir).CombinedOutput()
	if err != nil {
		t.Fatalf("import --write: %v\n%s", err, out)
	}
	for _, f := range fixtures {
		want := "converted " + filepath.Join(plans, filepath.Base(f))
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, want := range []string{
		"README.md: left alone, not a rollout plan: it has no plan header",
		"checklist.md: left alone, not a rollout plan: it is a checklist",
		"faq.md: left alone, not a rollout plan: it reads as questions and answers",
		"has-front.md: already has front matter, left alone",
		fmt.Sprintf("%d converted, 1 already had front matter, 3 not plans", len(fixtures)),
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for name, text := range untouched {
		if got, _ := os.ReadFile(filepath.Join(dir, name)); string(got) != text {
			t.Errorf("%s changed:\n%s", name, got)
		}
	}

	// check on the converted plans: no front-matter problem in any, the
	// placeholders to fill in are warnings, and a complete plan passes.
	complete := map[string]bool{"template-filled.md": true, "template-filled-crlf.md": true, "issue-shapes.md": true, "variants-bom-list.md": true}
	for _, f := range fixtures {
		path := filepath.Join(plans, filepath.Base(f))
		cmd := exec.Command(bin, "check", "--format", "json", path)
		js, _ := cmd.Output()
		var ds []struct{ Rule, Severity, Message string }
		if err := json.Unmarshal(js, &ds); err != nil {
			t.Fatalf("check %s: %v\n%s", path, err, js)
		}
		for _, d := range ds {
			if strings.HasPrefix(d.Rule, "front-matter/") || (d.Severity == "error" && d.Rule == "placeholders/template") {
				t.Errorf("check %s: %+v", filepath.Base(path), d)
			}
		}
		if code := cmd.ProcessState.ExitCode(); complete[filepath.Base(f)] && code != exitOK {
			t.Errorf("check %s: exit %d, want 0: %+v", filepath.Base(path), code, ds)
		}
	}

	// A second run converts nothing and changes nothing.
	before := snapshot(t, dir)
	out, err = exec.Command(bin, "import", "--write", dir).CombinedOutput()
	if err != nil {
		t.Fatalf("second import --write: %v\n%s", err, out)
	}
	if strings.Contains(string(out), "converted ") {
		t.Errorf("second run converted something:\n%s", out)
	}
	if after := snapshot(t, dir); !maps.Equal(before, after) {
		t.Errorf("second run changed files")
	}

	// A file named on the command line that is not a plan: exit 1.
	cmd := exec.Command(bin, "import", "--write", filepath.Join(dir, "README.md"))
	if out, err := cmd.CombinedOutput(); cmd.ProcessState.ExitCode() != exitProblem {
		t.Errorf("import of a README: exit %d (%v), want %d\n%s", cmd.ProcessState.ExitCode(), err, exitProblem, out)
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(path)
			files[path] = string(b)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
