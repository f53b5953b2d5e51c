// Package sourcetree reads a site's sources under one rule: a symbolic link
// whose target resolves outside the source directory is not followed.
//
// Plans arrive in pull requests and CI builds them, often on runners that
// hold secrets. A link such as static/env.txt -> /proc/self/environ or
// content/plans/x.md -> /etc/passwd would otherwise be read and published.
// Jekyll's safe mode refuses symlinks for the same reason. Links that stay
// inside the source directory keep working, at any depth, for files and
// directories; a directory link that leads back into itself (a loop) is
// reported and not walked. Follow (--follow-symlinks) lifts the outside
// rule for trusted sources; loops are still not walked.
//
// Every command that reads the source tree (build, serve and its watcher,
// check, export --hugo, import --write) goes through a Tree.
package sourcetree

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// Tree is one or more source directories and the symlink rule.
type Tree struct {
	roots  []string // absolute, with symlinks resolved
	follow bool
}

// New returns a tree over the given directories (a file names its
// directory). With follow, links out of them are followed too.
func New(follow bool, roots ...string) *Tree {
	t := &Tree{follow: follow}
	for _, r := range roots {
		if info, err := os.Stat(r); err == nil && !info.IsDir() {
			r = filepath.Dir(r)
		}
		abs, err := filepath.Abs(r)
		if err != nil {
			continue
		}
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			abs = real
		}
		t.roots = append(t.roots, abs)
	}
	return t
}

// Follow reports whether links out of the tree are followed.
func (t *Tree) Follow() bool { return t.follow }

// Refusal is a symlink the tree does not follow.
type Refusal struct {
	Path   string // the link, as the caller named it
	Target string // where it leads, as the link says (resolved for a path under a linked directory)
	Loop   bool   // it leads back into a directory that contains it
}

func (r *Refusal) Error() string {
	if r.Loop {
		return fmt.Sprintf("symlink to %s makes a loop; not followed", r.Target)
	}
	return fmt.Sprintf("symlink to %s, outside the source directory: not read or published", r.Target)
}

// Check returns a *Refusal when path is a link, or lies under one, that
// leads outside the tree or into a loop, and nil otherwise (a missing file
// included: reading it reports that).
func (t *Tree) Check(path string) error {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		if errors.Is(err, syscall.ELOOP) || strings.Contains(err.Error(), "too many links") {
			return &Refusal{Path: path, Target: linkText(path), Loop: true}
		}
		return nil
	}
	if t.follow || t.inside(real) {
		return nil
	}
	if info, err := os.Lstat(path); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		return &Refusal{Path: path, Target: linkText(path)}
	}
	return &Refusal{Path: path, Target: real}
}

func (t *Tree) inside(real string) bool {
	abs, err := filepath.Abs(real)
	if err != nil {
		return false
	}
	for _, r := range t.roots {
		if contains(r, abs) {
			return true
		}
	}
	return false
}

func linkText(path string) string {
	if s, err := os.Readlink(path); err == nil {
		return s
	}
	return path
}

// Open opens a file of the tree for reading.
func (t *Tree) Open(path string) (*os.File, error) {
	if err := t.Check(path); err != nil {
		return nil, err
	}
	return os.Open(path)
}

// ReadFile reads a file of the tree.
func (t *Tree) ReadFile(path string) ([]byte, error) {
	if err := t.Check(path); err != nil {
		return nil, err
	}
	return os.ReadFile(path)
}

// WalkDir walks dir as filepath.WalkDir does, but descends into linked
// directories inside the tree (their entries named under the link) and
// hands each link it does not follow to refused instead of fn. A link is
// a loop when it leads to a directory that holds it, or to one this walk
// already entered through another link.
func (t *Tree) WalkDir(dir string, fn fs.WalkDirFunc, refused func(*Refusal)) error {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		real = dir
	}
	return t.walk(dir, map[string]bool{absOr(real): true}, fn, refused)
}

func (t *Tree) walk(dir string, ancestors map[string]bool, fn fs.WalkDirFunc, refused func(*Refusal)) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.Type()&fs.ModeSymlink == 0 {
			return fn(path, d, err)
		}
		if cerr := t.Check(path); cerr != nil {
			var r *Refusal
			if errors.As(cerr, &r) {
				refused(r)
			}
			return nil
		}
		info, serr := os.Stat(path)
		if serr != nil { // dangling: nothing to read
			return fn(path, d, nil)
		}
		if !info.IsDir() {
			return fn(path, d, nil)
		}
		real, _ := filepath.EvalSymlinks(path)
		real = absOr(real)
		parent, _ := filepath.EvalSymlinks(filepath.Dir(path))
		if ancestors[real] || contains(real, absOr(parent)) {
			refused(&Refusal{Path: path, Target: real, Loop: true})
			return nil
		}
		inner := map[string]bool{real: true}
		for a := range ancestors {
			inner[a] = true
		}
		err = t.walk(path+string(filepath.Separator), inner, func(p string, d fs.DirEntry, err error) error {
			return fn(filepath.Clean(p), d, err)
		}, refused)
		if errors.Is(err, filepath.SkipDir) {
			return nil
		}
		return err
	})
}

// contains reports whether dir is inner or holds it: a link to it from
// inner leads back to where the walk already is.
func contains(dir, inner string) bool {
	rel, err := filepath.Rel(dir, inner)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func absOr(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}
