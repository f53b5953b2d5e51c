package genplans

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/history"
	"github.com/rolloutdocs/rolloutdocs/internal/testtool"
)

func needGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		testtool.Missing(t, "git is not installed")
	}
}

func gitOut(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := runGit(context.Background(), dir, nil, args...)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(out)
}

// TestWriteHistory reads a small generated history back with git log: the
// commit count asked for, a rename, status changes along statusPath, and a
// HEAD tree with the same files as Write.
func TestWriteHistory(t *testing.T) {
	needGit(t)
	ctx := context.Background()
	dir := t.TempDir()
	st, err := WriteHistory(ctx, dir, 5, 20, 3)
	if err != nil {
		t.Fatal(err)
	}
	if got := gitOut(t, dir, "rev-list", "--count", "HEAD"); got != "20" || st.Commits != 20 {
		t.Errorf("commits: git rev-list says %s, the stats %d; want 20", got, st.Commits)
	}
	if st.Commits != 5+st.Statuses+st.Edits+st.Renames {
		t.Errorf("stats do not add up: %+v", st)
	}
	if st.Renames != 1 {
		t.Errorf("renames: %d, want 1 (5 plans)", st.Renames)
	}
	if gitOut(t, dir, "status", "--porcelain") != "" {
		t.Errorf("the work tree is not clean after generating")
	}

	// Every commit changes exactly one plan file; one is a rename.
	raw := gitOut(t, dir, "log", "-M", "--raw", "--format=%x01%s")
	var renames []string
	for _, c := range strings.Split(raw, "\x01")[1:] {
		lines := strings.Split(strings.TrimSpace(c), "\n")
		var entries []string
		for _, l := range lines[1:] {
			if strings.HasPrefix(l, ":") {
				entries = append(entries, l)
			}
		}
		if len(entries) != 1 {
			t.Errorf("commit %q changes %d files, want 1", lines[0], len(entries))
			continue
		}
		if f := strings.Fields(entries[0]); strings.HasPrefix(f[4], "R") {
			renames = append(renames, f[5]+" -> "+f[6])
		}
	}
	if len(renames) != 1 || !strings.Contains(renames[0], "/draft-") {
		t.Errorf("renames in git log: %q, want one from draft-<slug>.md", renames)
	}

	// The HEAD tree is what Write writes.
	plain := t.TempDir()
	paths, err := Write(plain, 5, 3)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, p := range paths {
		rel, _ := filepath.Rel(plain, p)
		want = append(want, filepath.ToSlash(rel))
		got, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			t.Errorf("HEAD lacks %s: %v", rel, err)
			continue
		}
		if wantText, _ := os.ReadFile(p); !bytes.Equal(got, wantText) {
			t.Errorf("%s at HEAD differs from Write's", rel)
		}
	}
	slices.Sort(want)
	if got := strings.Fields(gitOut(t, dir, "ls-files")); !slices.Equal(got, want) {
		t.Errorf("HEAD has %q, want %q", got, want)
	}

	// Each plan's statuses, read the way build reads them, follow its
	// path from draft to the status it has now.
	h := history.Read(ctx, dir)
	if h.Note != "" {
		t.Fatal(h.Note)
	}
	moved := 0
	for _, rel := range want {
		f := h.For(rel)
		if f == nil {
			t.Errorf("no history for %s", rel)
			continue
		}
		var got []string
		for _, s := range f.Statuses {
			got = append(got, s.Status)
		}
		path := statusPath(got[len(got)-1])
		if len(got) > 1 {
			moved++
			if got[0] != "draft" {
				t.Errorf("%s: statuses %q do not start in draft", rel, got)
			}
		}
		for _, s := range got {
			if !slices.Contains(path, s) {
				t.Errorf("%s: status %q is not on the way to %q (%q)", rel, s, got[len(got)-1], got)
			}
		}
		if len(f.RenamedFrom) > 0 && !strings.Contains(f.RenamedFrom[0], "draft-") {
			t.Errorf("%s: renamed from %q", rel, f.RenamedFrom)
		}
	}
	if moved == 0 || st.Statuses == 0 {
		t.Errorf("no plan changed status (%d status commits)", st.Statuses)
	}
}

func TestWriteHistoryIsDeterministic(t *testing.T) {
	needGit(t)
	ctx := context.Background()
	heads := map[int64][]string{}
	for _, seed := range []int64{1, 1, 2} {
		st, err := WriteHistory(ctx, t.TempDir(), 8, 30, seed)
		if err != nil {
			t.Fatal(err)
		}
		heads[seed] = append(heads[seed], st.Head)
	}
	if heads[1][0] != heads[1][1] {
		t.Errorf("seed 1 gave two heads: %q", heads[1])
	}
	if heads[1][0] == heads[2][0] {
		t.Errorf("seeds 1 and 2 gave the same head %s", heads[1][0])
	}
}

func TestWriteHistoryRefuses(t *testing.T) {
	ctx := context.Background()
	full := t.TempDir()
	if err := os.WriteFile(filepath.Join(full, "notes.md"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name           string
		dir            string
		plans, commits int
		want           string
	}{
		{"fewer commits than plans", t.TempDir(), 10, 5, "5 commits cannot add 10 plans"},
		{"no plans", t.TempDir(), 0, 5, "at least one plan"},
		{"a directory with files", full, 2, 4, "is not empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := WriteHistory(ctx, tc.dir, tc.plans, tc.commits, 1)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
	if b, err := os.ReadFile(filepath.Join(full, "notes.md")); err != nil || string(b) != "mine" {
		t.Errorf("the file in the full directory was touched: %q, %v", b, err)
	}
}

func TestPlanVersion(t *testing.T) {
	final := Plan(0, 1)
	status := FrontStatusOf(final)
	n := 6
	prev := []byte(nil)
	for v := range n {
		text := planVersion(final, v, n)
		if bytes.Equal(text, prev) {
			t.Errorf("version %d is the same as version %d", v, v-1)
		}
		prev = text
		if v == 0 && FrontStatusOf(text) != "draft" {
			t.Errorf("version 0 has status %q, want draft", FrontStatusOf(text))
		}
	}
	if !bytes.Equal(planVersion(final, n-1, n), final) {
		t.Errorf("the last version is not the plan")
	}
	if FrontStatusOf(planVersion(final, 0, 1)) != status {
		t.Errorf("a plan never edited is not added with its final status")
	}
}
