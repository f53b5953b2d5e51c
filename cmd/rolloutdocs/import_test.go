package main

import (
	"bytes"
	"os"
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
