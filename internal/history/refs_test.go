package history

import (
	"context"
	"path/filepath"
	"testing"
)

// TestLocateRefs finds the git directories of a repository, of a
// subdirectory of it and of a linked worktree, and refuses a directory
// outside any repository.
func TestLocateRefs(t *testing.T) {
	r := newRepo(t)
	r.write("content/plans/a.md", planText("draft"))
	r.commit("Ann", "Add a")
	dotGit, err := filepath.EvalSymlinks(filepath.Join(r.dir, ".git"))
	if err != nil {
		t.Fatal(err)
	}
	wt := filepath.Join(t.TempDir(), "wt")
	r.git("worktree", "add", "-q", wt)

	cases := []struct {
		name, dir      string
		gitDir, common string
		roots          int
	}{
		{"top of the work tree", r.dir, dotGit, dotGit, 1},
		{"subdirectory", filepath.Join(r.dir, "content"), dotGit, dotGit, 1},
		{"linked worktree", wt, filepath.Join(dotGit, "worktrees", "wt"), dotGit, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			refs, err := LocateRefs(context.Background(), tc.dir)
			if err != nil {
				t.Fatal(err)
			}
			gitDir, _ := filepath.EvalSymlinks(refs.GitDir)
			common, _ := filepath.EvalSymlinks(refs.CommonDir)
			if gitDir != tc.gitDir || common != tc.common {
				t.Errorf("LocateRefs = %+v, want GitDir %s, CommonDir %s", refs, tc.gitDir, tc.common)
			}
			if got := len(refs.Roots()); got != tc.roots {
				t.Errorf("Roots = %q, want %d", refs.Roots(), tc.roots)
			}
		})
	}
	if _, err := LocateRefs(context.Background(), t.TempDir()); err == nil {
		t.Error("LocateRefs outside a repository: no error")
	}
}

// TestRefsSkip keeps what can move HEAD and leaves out the rest.
func TestRefsSkip(t *testing.T) {
	main := Refs{GitDir: "/r/.git", CommonDir: "/r/.git"}
	linked := Refs{GitDir: "/r/.git/worktrees/wt", CommonDir: "/r/.git"}
	cases := []struct {
		refs  Refs
		path  string
		isDir bool
		skip  bool
	}{
		{main, "/r/.git", true, false},
		{main, "/r/.git/HEAD", false, false},
		{main, "/r/.git/HEAD.lock", false, true},
		{main, "/r/.git/packed-refs", false, false},
		{main, "/r/.git/refs", true, false},
		{main, "/r/.git/refs/heads", true, false},
		{main, "/r/.git/refs/heads/feature", true, false},
		{main, "/r/.git/refs/heads/main", false, false},
		{main, "/r/.git/refs/heads/feature/x", false, false},
		{main, "/r/.git/refs/heads/main.lock", false, true},
		{main, "/r/.git/refs/tags", true, true},
		{main, "/r/.git/refs/remotes", true, true},
		{main, "/r/.git/objects", true, true},
		{main, "/r/.git/logs", true, true},
		{main, "/r/.git/index", false, true},
		{main, "/r/.git/ORIG_HEAD", false, true},
		{main, "/r/.git/FETCH_HEAD", false, true},
		{main, "/r/.git/worktrees", true, true},
		{main, "/elsewhere/HEAD", false, true},
		{linked, "/r/.git/worktrees/wt", true, false},
		{linked, "/r/.git/worktrees/wt/HEAD", false, false},
		{linked, "/r/.git/worktrees/wt/index", false, true},
		{linked, "/r/.git/worktrees", true, true},
		{linked, "/r/.git/HEAD", false, true},
		{linked, "/r/.git/refs/heads/wt", false, false},
		{linked, "/r/.git/packed-refs", false, false},
	}
	for _, tc := range cases {
		if got := tc.refs.Skip(filepath.FromSlash(tc.path), tc.isDir); got != tc.skip {
			t.Errorf("%+v.Skip(%s, dir=%v) = %v, want %v", tc.refs, tc.path, tc.isDir, got, tc.skip)
		}
	}
}
