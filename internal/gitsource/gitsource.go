// Package gitsource reads two revisions of a portfolio from a git
// repository for `rolloutdocs diff`: which plan files changed between a
// base commit and a head (a commit or the working tree), and both versions
// of each.
//
// It runs the user's own `git` through os/exec rather than a Go git
// library: the answers are exactly those of the user's checkout (its
// config, worktrees, sparse and partial clones, every object format), and
// the project carries no heavy dependency for four plumbing commands.
package gitsource

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/plandiff"
)

// Repo is the git repository around a directory.
type Repo struct {
	// Dir is where git runs (the user's working directory); Top is the
	// repository's root.
	Dir, Top string
}

// ErrNotRepo is returned (wrapped) when the directory is not in a git
// repository, or git is not installed.
var ErrNotRepo = errors.New("not in a git repository")

// Open finds the repository around dir.
func Open(dir string) (*Repo, error) {
	r := &Repo{Dir: dir}
	if _, err := exec.LookPath("git"); err != nil {
		return nil, fmt.Errorf("%w: git is not installed (compare two directories with --base-dir and --head-dir)", ErrNotRepo)
	}
	top, err := r.git("rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("%w: %s (compare two directories with --base-dir and --head-dir)", ErrNotRepo, dir)
	}
	r.Top = strings.TrimSpace(top)
	return r, nil
}

func (r *Repo) git(args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = r.Dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errb.String())
		if msg == "" {
			msg = err.Error()
		}
		return out.String(), fmt.Errorf("git %s: %s", strings.Join(args, " "), msg)
	}
	return out.String(), nil
}

// Shallow reports whether the repository is a shallow clone.
func (r *Repo) Shallow() bool {
	out, err := r.git("rev-parse", "--is-shallow-repository")
	return err == nil && strings.TrimSpace(out) == "true"
}

// Resolve returns the commit a ref names. In a shallow clone that lacks
// it, the error is one sentence saying what to fetch.
func (r *Repo) Resolve(ref string) (string, error) {
	out, err := r.git("rev-parse", "--verify", "--quiet", "--end-of-options", ref+"^{commit}")
	if err == nil {
		return strings.TrimSpace(out), nil
	}
	if r.Shallow() {
		return "", fmt.Errorf("%s is not in this shallow clone: run `git fetch --unshallow origin` (or `git fetch origin %s`), or check out with fetch-depth: 0, and try again", ref, remoteBranch(ref))
	}
	return "", fmt.Errorf("no commit %q in this repository (name the base with --base REF)", ref)
}

func remoteBranch(ref string) string {
	return strings.TrimPrefix(ref, "origin/")
}

// DefaultBase is the merge base of HEAD with the default remote branch
// (origin/HEAD, else origin/main): the commit a pull request branched
// from. desc says so for the report's header.
func (r *Repo) DefaultBase() (commit, desc string, err error) {
	ref := "origin/main"
	if out, err := r.git("symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"); err == nil && strings.TrimSpace(out) != "" {
		ref = strings.TrimSpace(out)
	}
	if _, err := r.Resolve(ref); err != nil {
		return "", "", err
	}
	out, err := r.git("merge-base", ref, "HEAD")
	if err != nil {
		if r.Shallow() {
			return "", "", fmt.Errorf("the merge base of HEAD and %s is not in this shallow clone: run `git fetch --unshallow origin` (or check out with fetch-depth: 0) and try again", ref)
		}
		return "", "", fmt.Errorf("HEAD and %s have no common commit (name the base with --base REF): %w", ref, err)
	}
	commit = strings.TrimSpace(out)
	return commit, fmt.Sprintf("%s (merge base %s)", ref, short(commit)), nil
}

func short(commit string) string {
	if len(commit) > 7 {
		return commit[:7]
	}
	return commit
}

// Pairs lists the plan files under paths (relative to Dir) that differ
// between base and head, where head "" is the working tree (untracked
// plans included), with both versions read. Only changed files are read.
func (r *Repo) Pairs(base, head string, paths []string) ([]plandiff.FilePair, error) {
	args := []string{"diff", "--name-status", "-z", "-M", "--no-ext-diff", base}
	if head != "" {
		args = append(args, head)
	}
	args = append(args, "--")
	args = append(args, paths...)
	out, err := r.git(args...)
	if err != nil {
		return nil, err
	}
	var pairs []plandiff.FilePair
	fields := strings.Split(strings.TrimSuffix(out, "\x00"), "\x00")
	for i := 0; i < len(fields); i++ {
		status := fields[i]
		if status == "" {
			continue
		}
		if i+1 >= len(fields) {
			break
		}
		from := fields[i+1]
		to := from
		i++
		if status[0] == 'R' || status[0] == 'C' {
			if i+1 >= len(fields) {
				break
			}
			to = fields[i+1]
			i++
		}
		var fp plandiff.FilePair
		switch status[0] {
		case 'A', 'C':
			fp.Head, err = r.headVersion(head, to)
		case 'D':
			fp.Base, err = r.baseVersion(base, from)
		case 'R':
			if fp.Base, err = r.baseVersion(base, from); err == nil {
				fp.Head, err = r.headVersion(head, to)
			}
		default: // M, T
			if fp.Base, err = r.baseVersion(base, from); err == nil {
				fp.Head, err = r.headVersion(head, to)
			}
		}
		if err != nil {
			return nil, err
		}
		if (fp.Base == nil || isPlan(fp.Base.Path)) && (fp.Head == nil || isPlan(fp.Head.Path)) && (fp.Base != nil || fp.Head != nil) {
			pairs = append(pairs, fp)
		}
	}
	if head == "" {
		untracked, err := r.git(append([]string{"ls-files", "-z", "--others", "--exclude-standard", "--full-name", "--"}, paths...)...)
		if err != nil {
			return nil, err
		}
		for _, f := range strings.Split(untracked, "\x00") {
			if f == "" {
				continue
			}
			v, err := r.headVersion("", f)
			if err != nil {
				return nil, err
			}
			if isPlan(v.Path) {
				pairs = append(pairs, plandiff.FilePair{Head: v})
			}
		}
	}
	return pairs, nil
}

// isPlan applies the rules plan.FindFiles walks by: *.md, not _index.md,
// nothing hidden on the way.
func isPlan(path string) bool {
	for _, part := range strings.Split(filepath.ToSlash(path), "/") {
		if strings.HasPrefix(part, ".") && part != "." && part != ".." {
			return false
		}
	}
	return plan.IsPlanFile(filepath.Base(path))
}

// display is a repository path as the user sees it: relative to Dir.
func (r *Repo) display(topRel string) string {
	abs := filepath.Join(r.Top, filepath.FromSlash(topRel))
	if rel, err := filepath.Rel(r.Dir, abs); err == nil {
		return rel
	}
	return abs
}

func (r *Repo) baseVersion(commit, topRel string) (*plandiff.Version, error) {
	return r.blob(commit, topRel)
}

func (r *Repo) headVersion(commit, topRel string) (*plandiff.Version, error) {
	if commit != "" {
		return r.blob(commit, topRel)
	}
	path := r.display(topRel)
	f, err := os.Open(filepath.Join(r.Top, filepath.FromSlash(topRel)))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, plan.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return &plandiff.Version{Path: path, Src: src}, nil
}

func (r *Repo) blob(commit, topRel string) (*plandiff.Version, error) {
	cmd := exec.Command("git", "cat-file", "blob", commit+":"+topRel)
	cmd.Dir = r.Dir
	var errb bytes.Buffer
	cmd.Stderr = &errb
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	src, readErr := io.ReadAll(io.LimitReader(stdout, plan.MaxFileSize+1))
	_, _ = io.Copy(io.Discard, stdout)
	if err := cmd.Wait(); err != nil {
		return nil, fmt.Errorf("git cat-file blob %s:%s: %s", short(commit), topRel, strings.TrimSpace(errb.String()))
	}
	if readErr != nil {
		return nil, readErr
	}
	return &plandiff.Version{Path: r.display(topRel), Src: src}, nil
}
