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
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
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
		return "", fmt.Errorf("%s is not in this shallow clone: run %s (or check out with fetch-depth: 0) and try again", ref, fetchCommand(ref))
	}
	return "", fmt.Errorf("no commit %q in this repository (name the base with --base REF)", ref)
}

// fetchCommand is the command that brings ref and its history into a
// shallow clone: the branch itself for a remote-tracking ref (a pull
// request's checkout fetches only the pull request), else everything.
func fetchCommand(ref string) string {
	if b, ok := strings.CutPrefix(ref, "origin/"); ok && b != "" {
		return fmt.Sprintf("`git fetch --unshallow origin %s:refs/remotes/origin/%s`", b, b)
	}
	return "`git fetch --unshallow origin`"
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
			return "", "", fmt.Errorf("the merge base of HEAD and %s is not in this shallow clone: run %s (or check out with fetch-depth: 0) and try again", ref, fetchCommand(ref))
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
	// Which plan files changed, and how, before reading any of them.
	type entry struct {
		from, to         string
		hasBase, hasHead bool
	}
	var entries []entry
	fields := strings.Split(strings.TrimSuffix(out, "\x00"), "\x00")
	for i := 0; i < len(fields); i++ {
		status := fields[i]
		if status == "" || i+1 >= len(fields) {
			continue
		}
		e := entry{from: fields[i+1], to: fields[i+1]}
		i++
		if status[0] == 'R' || status[0] == 'C' {
			if i+1 >= len(fields) {
				break
			}
			e.to = fields[i+1]
			i++
		}
		switch status[0] {
		case 'A', 'C':
			e.hasHead = true
		case 'D':
			e.hasBase = true
		default: // M, R, T
			e.hasBase, e.hasHead = true, true
		}
		if e.hasBase && e.hasHead && isPlan(e.from) != isPlan(e.to) {
			// Renamed into or out of what is read as a plan.
			e.hasBase, e.hasHead = isPlan(e.from), isPlan(e.to)
		}
		if (e.hasBase && isPlan(e.from)) || (e.hasHead && isPlan(e.to)) {
			entries = append(entries, e)
		}
	}
	var specs []string
	for _, e := range entries {
		if e.hasBase {
			specs = append(specs, base+":"+e.from)
		}
		if e.hasHead && head != "" {
			specs = append(specs, head+":"+e.to)
		}
	}
	blobs, err := r.blobs(specs)
	if err != nil {
		return nil, err
	}
	var pairs []plandiff.FilePair
	for _, e := range entries {
		var fp plandiff.FilePair
		if e.hasBase {
			fp.Base = &plandiff.Version{Path: r.display(e.from), Src: blobs[base+":"+e.from]}
		}
		if e.hasHead {
			if head != "" {
				fp.Head = &plandiff.Version{Path: r.display(e.to), Src: blobs[head+":"+e.to]}
			} else if fp.Head, err = r.workingFile(e.to); err != nil {
				return nil, err
			}
		}
		pairs = append(pairs, fp)
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
			if !isPlan(f) {
				continue
			}
			v, err := r.workingFile(f)
			if err != nil {
				return nil, err
			}
			pairs = append(pairs, plandiff.FilePair{Head: v})
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

// workingFile reads a file of the working tree (at most one byte more than
// plan.MaxFileSize, so Parse reports a larger one without reading it whole).
func (r *Repo) workingFile(topRel string) (*plandiff.Version, error) {
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

// blobs reads "commit:path" objects through one `git cat-file --batch`
// process, rather than one process per file: a pull request touching 100
// plans would otherwise start 200 processes. Each blob is cut one byte past
// plan.MaxFileSize.
func (r *Repo) blobs(specs []string) (map[string][]byte, error) {
	out := make(map[string][]byte, len(specs))
	if len(specs) == 0 {
		return out, nil
	}
	for _, s := range specs {
		if strings.ContainsAny(s, "\n\r") {
			return nil, fmt.Errorf("a plan's path has a line break: %q", s)
		}
	}
	cmd := exec.Command("git", "cat-file", "--batch")
	cmd.Dir = r.Dir
	var errb bytes.Buffer
	cmd.Stderr = &errb
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	go func() {
		w := bufio.NewWriter(stdin)
		for _, s := range specs {
			w.WriteString(s + "\n")
		}
		w.Flush()
		stdin.Close()
	}()
	br := bufio.NewReader(stdout)
	var readErr error
	for _, s := range specs {
		header, err := br.ReadString('\n')
		if err != nil {
			readErr = fmt.Errorf("git cat-file: reading %s: %w", s, err)
			break
		}
		f := strings.Fields(header)
		if len(f) != 3 || f[1] != "blob" {
			readErr = fmt.Errorf("git cat-file: %s is not a file: %s", s, strings.TrimSpace(header))
			break
		}
		size, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil {
			readErr = fmt.Errorf("git cat-file: %s: bad size in %q", s, header)
			break
		}
		keep := min(size, plan.MaxFileSize+1)
		src := make([]byte, keep)
		if _, err := io.ReadFull(br, src); err != nil {
			readErr = fmt.Errorf("git cat-file: reading %s: %w", s, err)
			break
		}
		if _, err := br.Discard(int(size - keep + 1)); err != nil { // the rest, and the LF after it
			readErr = fmt.Errorf("git cat-file: reading %s: %w", s, err)
			break
		}
		out[s] = src
	}
	_, _ = io.Copy(io.Discard, br)
	if err := cmd.Wait(); err != nil && readErr == nil {
		readErr = fmt.Errorf("git cat-file: %s", strings.TrimSpace(errb.String()))
	}
	return out, readErr
}
