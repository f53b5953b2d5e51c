package history

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
)

// Refs are the places in a repository's git directories whose change can
// move HEAD: the HEAD file (a checkout, a commit on a detached HEAD), the
// branch refs (a commit, a reset, a pull) and packed-refs (git gc, git
// pack-refs). A preview watches them to read the history again when a
// commit lands, and never runs git because a plan was saved.
type Refs struct {
	// GitDir is the work tree's own git directory, which holds its HEAD:
	// .git, or .git/worktrees/NAME in a linked worktree.
	GitDir string
	// CommonDir holds refs/ and packed-refs; it is GitDir except in a
	// linked worktree.
	CommonDir string
}

// LocateRefs finds the git directories of the repository dir is in. It
// fails when git is missing or dir is not in a repository; the build then
// says why in its note, so the caller need not.
func LocateRefs(ctx context.Context, dir string) (Refs, error) {
	gitPath, err := exec.LookPath("git")
	if err != nil {
		return Refs{}, fmt.Errorf("locate git directory: %w", err)
	}
	out, err := git(ctx, gitPath, dir, "rev-parse", "--absolute-git-dir", "--git-common-dir")
	if err != nil {
		return Refs{}, fmt.Errorf("locate git directory of %s: %s", dir, firstLine(err))
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2 {
		return Refs{}, fmt.Errorf("locate git directory of %s: git rev-parse said %q", dir, out)
	}
	r := Refs{GitDir: filepath.Clean(lines[0]), CommonDir: lines[1]}
	if !filepath.IsAbs(r.CommonDir) {
		// Relative to dir (git 2.39 has no --path-format for it everywhere).
		abs, err := filepath.Abs(filepath.Join(dir, r.CommonDir))
		if err != nil {
			return Refs{}, fmt.Errorf("locate git directory of %s: %w", dir, err)
		}
		r.CommonDir = abs
	}
	r.CommonDir = filepath.Clean(r.CommonDir)
	return r, nil
}

// Roots are the directories to watch: CommonDir, and GitDir when it is
// another one. Skip leaves out everything in them but the refs.
func (r Refs) Roots() []string {
	if r.GitDir == r.CommonDir {
		return []string{r.CommonDir}
	}
	return []string{r.CommonDir, r.GitDir}
}

// Skip reports whether a path under Roots is not one whose change can
// move HEAD (objects, logs, the index, other worktrees, lock files), for a
// watcher's Skip option.
func (r Refs) Skip(path string, isDir bool) bool {
	path = filepath.Clean(path)
	if strings.HasSuffix(path, ".lock") {
		return true // the ref being written; its rename into place counts
	}
	if r.GitDir != r.CommonDir && within(path, r.GitDir) {
		rel, _ := filepath.Rel(r.GitDir, path)
		return !(isDir && rel == ".") && !(!isDir && rel == "HEAD")
	}
	rel, err := filepath.Rel(r.CommonDir, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return true
	}
	rel = filepath.ToSlash(rel)
	if isDir {
		return !(rel == "." || rel == "refs" || rel == "refs/heads" || strings.HasPrefix(rel, "refs/heads/"))
	}
	if rel == "HEAD" {
		return r.GitDir != r.CommonDir // a linked worktree's HEAD is its own
	}
	return !(rel == "packed-refs" || strings.HasPrefix(rel, "refs/heads/"))
}

func within(path, dir string) bool {
	return path == dir || strings.HasPrefix(path, dir+string(filepath.Separator))
}

// Head names the commit HEAD is at, for a log line: its abbreviated hash
// and subject ("1a2b3c4d5e Approve the checkout plan"); "" when there is
// none (no commits yet, git failed).
func Head(ctx context.Context, dir string) string {
	gitPath, err := exec.LookPath("git")
	if err != nil {
		return ""
	}
	out, err := git(ctx, gitPath, dir, "log", "-1", "--no-show-signature", "--format=%h %s", "--abbrev=10", "HEAD")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}
