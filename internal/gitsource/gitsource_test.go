package gitsource

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/plandiff"
)

func gitOrSkip(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("git is not installed")
		}
		t.Skip("git is not installed")
	}
}

func run(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t",
		"GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func planText(title string, extra string) string {
	return "---\ntitle: " + title + "\ncreated: 2026-01-05\nstatus: approved\nowner: A\nteam_size: 2\ntimeline: 2 weeks\nrisk_tolerance: low\n---\n\n## Overview\n\n" +
		title + " for everyone. " + extra + "\n\n## Rollout Strategy\n\n### Phase 1: Canary (5% of users)\n\n**Duration:** 7 days\n"
}

// repo makes a repository with a main branch of four plans and a feature
// branch that modifies one, renames one, deletes one and adds one; the
// working tree adds an untracked plan.
func repo(t *testing.T) string {
	gitOrSkip(t)
	dir := t.TempDir()
	run(t, dir, "init", "-q", "-b", "main")
	for _, name := range []string{"alpha", "bravo", "charlie", "delta"} {
		write(t, filepath.Join(dir, "content", "plans", name+".md"), planText(strings.ToUpper(name[:1])+name[1:], strings.Repeat("Long enough to be similar. ", 20)))
	}
	write(t, filepath.Join(dir, "content", "notes.txt"), "not a plan")
	run(t, dir, "add", ".")
	run(t, dir, "commit", "-q", "-m", "plans")
	run(t, dir, "checkout", "-q", "-b", "feature")
	write(t, filepath.Join(dir, "content", "plans", "alpha.md"), strings.Replace(planText("Alpha", strings.Repeat("Long enough to be similar. ", 20)), "7 days", "2 days", 1))
	run(t, dir, "mv", "content/plans/bravo.md", "content/plans/bravo-renamed.md")
	run(t, dir, "rm", "-q", "content/plans/charlie.md")
	write(t, filepath.Join(dir, "content", "plans", "echo.md"), planText("Echo", ""))
	write(t, filepath.Join(dir, "content", "notes.txt"), "still not a plan")
	run(t, dir, "add", ".")
	run(t, dir, "commit", "-q", "-m", "feature")
	write(t, filepath.Join(dir, "content", "plans", "foxtrot.md"), planText("Foxtrot", ""))
	return dir
}

func summary(pairs []plandiff.FilePair) []string {
	var out []string
	for _, p := range pairs {
		switch {
		case p.Base == nil:
			out = append(out, "A "+filepath.ToSlash(p.Head.Path))
		case p.Head == nil:
			out = append(out, "D "+filepath.ToSlash(p.Base.Path))
		case p.Base.Path != p.Head.Path:
			out = append(out, "R "+filepath.ToSlash(p.Base.Path)+" "+filepath.ToSlash(p.Head.Path))
		default:
			out = append(out, "M "+filepath.ToSlash(p.Head.Path))
		}
	}
	sort.Strings(out)
	return out
}

func TestPairsBetweenCommitsAndWithTheWorkingTree(t *testing.T) {
	dir := repo(t)
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	base, err := r.Resolve("main")
	if err != nil {
		t.Fatal(err)
	}
	pairs, err := r.Pairs(base, "feature", []string{"content/"})
	if err != nil {
		t.Fatal(err)
	}
	want := "A content/plans/echo.md|D content/plans/charlie.md|M content/plans/alpha.md|R content/plans/bravo.md content/plans/bravo-renamed.md"
	if got := strings.Join(summary(pairs), "|"); got != want {
		t.Errorf("commit to commit:\n got %s\nwant %s", got, want)
	}
	pairs, err = r.Pairs(base, "", []string{"content/"})
	if err != nil {
		t.Fatal(err)
	}
	want = "A content/plans/echo.md|A content/plans/foxtrot.md|D content/plans/charlie.md|M content/plans/alpha.md|R content/plans/bravo.md content/plans/bravo-renamed.md"
	if got := strings.Join(summary(pairs), "|"); got != want {
		t.Errorf("with the working tree (untracked foxtrot):\n got %s", got)
	}
	for _, p := range pairs {
		if p.Base != nil && !strings.Contains(string(p.Base.Src), "title:") {
			t.Errorf("base %s not read: %q", p.Base.Path, p.Base.Src)
		}
	}
	// From a subdirectory, paths are shown relative to it.
	sub, err := Open(filepath.Join(dir, "content"))
	if err != nil {
		t.Fatal(err)
	}
	pairs, err = sub.Pairs(base, "feature", []string{"plans/alpha.md"})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(summary(pairs), "|"); got != "M plans/alpha.md" {
		t.Errorf("from content/: %s", got)
	}
}

func TestDefaultBaseIsTheMergeBase(t *testing.T) {
	dir := repo(t)
	clone := filepath.Join(t.TempDir(), "clone")
	run(t, dir, "clone", "-q", "--branch", "feature", dir, clone)
	// main moves on after the branch: the merge base stays the fork point.
	run(t, dir, "checkout", "-q", "main")
	write(t, filepath.Join(dir, "content", "plans", "delta.md"), planText("Delta", "changed on main"))
	run(t, dir, "commit", "-q", "-am", "main moves")
	run(t, clone, "fetch", "-q", "origin", "main:refs/remotes/origin/main")
	run(t, clone, "remote", "set-head", "origin", "main")
	r, err := Open(clone)
	if err != nil {
		t.Fatal(err)
	}
	commit, desc, err := r.DefaultBase()
	if err != nil {
		t.Fatal(err)
	}
	fork := strings.TrimSpace(run(t, dir, "rev-parse", "main~1"))
	if commit != fork || !strings.HasPrefix(desc, "origin/main (merge base ") {
		t.Errorf("default base %s (%s), want the fork point %s", commit, desc, fork)
	}
	pairs, err := r.Pairs(commit, "", []string{"content/"})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range summary(pairs) {
		if strings.Contains(s, "delta") {
			t.Errorf("a change made on main after the fork is reported: %s", s)
		}
	}
}

func TestShallowCloneSaysWhatToFetch(t *testing.T) {
	dir := repo(t)
	// What actions/checkout does by default: one commit of the pull
	// request, no other branch.
	clone := t.TempDir()
	run(t, clone, "init", "-q")
	run(t, clone, "remote", "add", "origin", "file://"+dir)
	run(t, clone, "fetch", "-q", "--depth", "1", "origin", "+feature:refs/remotes/pull/1/merge")
	run(t, clone, "checkout", "-q", "--detach", "refs/remotes/pull/1/merge")
	r, err := Open(clone)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = r.DefaultBase()
	if err == nil || !strings.Contains(err.Error(), "shallow clone") || !strings.Contains(err.Error(), "`git fetch --unshallow origin main:refs/remotes/origin/main`") {
		t.Errorf("default base in a shallow clone: %v", err)
	}
	_, err = r.Resolve("main")
	if err == nil || !strings.Contains(err.Error(), "`git fetch --unshallow origin`") {
		t.Errorf("--base main in a shallow clone: %v", err)
	}
	// origin/main fetched shallow too: it is there, its history is not.
	run(t, clone, "fetch", "-q", "--depth", "1", "origin", "+main:refs/remotes/origin/main")
	_, _, err = r.DefaultBase()
	if err == nil || !strings.Contains(err.Error(), "`git fetch --unshallow origin main:refs/remotes/origin/main`") {
		t.Errorf("merge base beyond a shallow clone's history: %v", err)
	}
}

func TestNotARepository(t *testing.T) {
	gitOrSkip(t)
	t.Setenv("GIT_CEILING_DIRECTORIES", os.TempDir())
	if _, err := Open(t.TempDir()); err == nil || !strings.Contains(err.Error(), "--base-dir") {
		t.Errorf("outside a repository: %v", err)
	}
}

// TestBlobsCutLargeFilesAndKeepTheirPlace: a base blob larger than a plan
// may be is cut one byte past the limit, and the blob after it in the same
// cat-file batch is still read whole.
func TestBlobsCutLargeFilesAndKeepTheirPlace(t *testing.T) {
	gitOrSkip(t)
	dir := t.TempDir()
	run(t, dir, "init", "-q", "-b", "main")
	big := strings.Repeat("x", 1<<20+4096)
	write(t, filepath.Join(dir, "content", "a-big.md"), big)
	write(t, filepath.Join(dir, "content", "b-small.md"), planText("Small", ""))
	run(t, dir, "add", ".")
	run(t, dir, "commit", "-q", "-m", "one")
	write(t, filepath.Join(dir, "content", "a-big.md"), "now small")
	write(t, filepath.Join(dir, "content", "b-small.md"), planText("Small", "changed"))
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	pairs, err := r.Pairs("HEAD", "", []string{"content/"})
	if err != nil {
		t.Fatal(err)
	}
	if len(pairs) != 2 {
		t.Fatalf("pairs: %v", summary(pairs))
	}
	if n := len(pairs[0].Base.Src); n != 1<<20+1 {
		t.Errorf("big blob read as %d bytes, want %d", n, 1<<20+1)
	}
	if string(pairs[1].Base.Src) != planText("Small", "") {
		t.Errorf("the blob after the big one: %q", pairs[1].Base.Src)
	}
}
