// Package history reads what git knows about the plan files: for each file
// under content/, the commits that changed it (following renames) and the
// status its front matter had after each one, so pages can show when a
// plan last changed and how its status moved (draft → in-review →
// approved, since when, by which commit).
//
// It reads the whole content tree in two git processes whatever its size:
// one `git log --raw` (paths and blob ids of every change, no diffs) and
// one `git cat-file --batch` for the blobs' front matter. Without git, or
// outside a repository, or in a shallow clone (whose oldest commit would
// pass for each plan's first), Read returns an empty History whose Note
// says why, never an error: history is an addition to the pages, and a
// site builds the same without it.
package history

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Commit is one commit that changed a plan file.
type Commit struct {
	Hash string
	// Author is the author's name (after .mailmap).
	Author  string
	Subject string
	// Time is the author date, in the author's time zone.
	Time time.Time
}

// Short is the commit's abbreviated hash, as people quote it.
func (c *Commit) Short() string {
	if len(c.Hash) > 10 {
		return c.Hash[:10]
	}
	return c.Hash
}

// StatusChange is a status a plan took, and the commit that set it.
type StatusChange struct {
	// Status is the front matter's status after Commit ("" when the file
	// had none).
	Status string
	Commit *Commit
}

// File is one plan file's history.
type File struct {
	// Path is the file's path now, relative to the directory Read was
	// given, with forward slashes.
	Path string
	// Commits changed the file (under this or an earlier name), newest
	// first.
	Commits []*Commit
	// Statuses are the statuses the file had, oldest first: the first is
	// the one it was committed with, each later one where it changed.
	Statuses []StatusChange
	// RenamedFrom are the file's earlier paths, newest first.
	RenamedFrom []string
}

// Last is the newest commit that changed the file.
func (f *File) Last() *Commit {
	if f == nil || len(f.Commits) == 0 {
		return nil
	}
	return f.Commits[0]
}

// History is what git knows about every plan file under one directory.
type History struct {
	// Files are by path relative to the directory Read was given, with
	// forward slashes ("content/plans/x.md"): the paths the files have
	// now, in the HEAD commit.
	Files map[string]*File
	// Head is the commit the history was read at; "" without history.
	Head string
	// Note says, in one line, why there is no history (no git, not a
	// repository, a shallow clone, no commits yet); "" when there is.
	Note string
}

// For is the history of the file at rel (relative to the directory Read
// was given, slash separated); nil when git knows nothing of it.
func (h *History) For(rel string) *File {
	if h == nil {
		return nil
	}
	return h.Files[rel]
}

// Read reads the history of every Markdown file under dir/content. dir
// must be (inside) a git work tree for there to be any.
func Read(ctx context.Context, dir string) *History {
	h, _, err := read(ctx, dir, true)
	if err != nil {
		return &History{Note: err.Error()}
	}
	return h
}

// noHistory is an error that is only a reason for having no history.
type noHistory struct{ why string }

func (e noHistory) Error() string { return "no history from git: " + e.why }

// read reads the history, through the cache when useCache; logged is the
// number of changes git log listed (for the tests: an up-to-date cache
// lists none).
func read(ctx context.Context, dir string, useCache bool) (h *History, logged int, err error) {
	gitPath, err := exec.LookPath("git")
	if err != nil {
		return nil, 0, noHistory{"git is not installed"}
	}
	out, err := git(ctx, gitPath, dir, "rev-parse", "--is-inside-work-tree", "--is-shallow-repository",
		"--git-path", cacheName, "--show-prefix", "--verify", "-q", "HEAD")
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && bytes.Contains(ee.Stderr, []byte("not a git repository")) {
			return nil, 0, noHistory{"the source is not in a git repository"}
		}
		if errors.As(err, &ee) && bytes.Contains(ee.Stderr, []byte("dubious ownership")) {
			return nil, 0, noHistory{"git refuses the repository (owned by another user; see git config safe.directory)"}
		}
		if errors.As(err, &ee) && len(bytes.TrimSpace(ee.Stderr)) == 0 {
			return nil, 0, noHistory{"the repository has no commits yet"}
		}
		return nil, 0, noHistory{"git rev-parse: " + firstLine(err)}
	}
	// One answer a line, in the order asked; the prefix is "" at the top
	// of the work tree.
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) < 5 {
		return nil, 0, noHistory{"the repository has no commits yet"}
	}
	if lines[0] != "true" {
		return nil, 0, noHistory{"the source is not in a git work tree"}
	}
	if lines[1] == "true" {
		return nil, 0, noHistory{"the repository is a shallow clone (fetch its whole history, e.g. git fetch --unshallow, or actions/checkout with fetch-depth: 0)"}
	}
	head := lines[4]
	cache := logCache{prefix: lines[3]}
	if useCache {
		cache.path = lines[2]
		if !filepath.IsAbs(cache.path) {
			cache.path = filepath.Join(dir, cache.path)
		}
	}

	prev := cache.load()
	var changes []change
	statuses := map[string]string{}
	switch {
	case prev != nil && prev.head == head:
		changes, statuses = prev.changes, prev.statuses
	case prev != nil && isAncestor(ctx, gitPath, dir, prev.head, head):
		newer, err := logChanges(ctx, gitPath, dir, head, "^"+prev.head)
		if err != nil {
			return nil, 0, noHistory{"git log: " + firstLine(err)}
		}
		logged = len(newer)
		changes, statuses = append(newer, prev.changes...), prev.statuses
	default:
		changes, err = logChanges(ctx, gitPath, dir, head)
		if err != nil {
			return nil, 0, noHistory{"git log: " + firstLine(err)}
		}
		logged = len(changes)
	}
	// assemble rewrites the changes' paths; the cache keeps them as git
	// gave them.
	raw := slices.Clone(changes)
	h = assemble(changes)
	h.Head = head
	read, err := readStatuses(ctx, gitPath, dir, h, changes, statuses)
	if err != nil {
		return nil, 0, noHistory{"git cat-file: " + firstLine(err)}
	}
	if prev == nil || prev.head != head || read > 0 {
		cache.save(head, raw, statuses)
	}
	return h, logged, nil
}

// isAncestor reports whether commit old is in head's history, so that
// what was read at old still holds and only the commits since need
// reading.
func isAncestor(ctx context.Context, gitPath, dir, old, head string) bool {
	_, err := git(ctx, gitPath, dir, "merge-base", "--is-ancestor", old, head)
	return err == nil
}

// safeArgs keep a repository's own configuration from running programs
// or changing the output's shape while its history is read.
var safeArgs = []string{
	"-c", "core.fsmonitor=false", "-c", "log.showSignature=false",
	"-c", "core.quotePath=false", "-c", "diff.renames=true",
}

func git(ctx context.Context, gitPath, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, gitPath, append(append([]string{"-C", dir}, safeArgs...), args...)...)
	cmd.Env = gitEnv()
	return cmd.Output()
}

func gitEnv() []string {
	return append(os.Environ(), "GIT_OPTIONAL_LOCKS=0", "GIT_TERMINAL_PROMPT=0", "LC_ALL=C", "GIT_PAGER=cat")
}

func firstLine(err error) string {
	msg := err.Error()
	var ee *exec.ExitError
	if errors.As(err, &ee) && len(bytes.TrimSpace(ee.Stderr)) > 0 {
		msg = strings.TrimSpace(string(ee.Stderr))
	}
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return msg
}

// change is one file changed by one commit, as git log --raw shows it.
type change struct {
	commit *Commit
	kind   byte   // 'A', 'M', 'D', 'R', 'C', 'T'
	from   string // the old path of a rename or copy
	path   string
	blob   string // the file's blob after the commit ("" when deleted)
}

// The fields of a commit's header line, and a byte no subject holds that
// starts one.
const headerFormat = "\x01%H\x1f%aN\x1f%aI\x1f%s"

// logChanges lists every change to a Markdown file under content/ in the
// commits revs name (head, or head ^since), newest commit first.
func logChanges(ctx context.Context, gitPath, dir string, revs ...string) ([]change, error) {
	cmd := exec.CommandContext(ctx, gitPath, append(append([]string{"-C", dir}, safeArgs...),
		"log", "-z", "--raw", "--no-abbrev", "-M", "--relative", "--no-merges", "--no-ext-diff", "--no-textconv",
		"--format="+headerFormat, "--end-of-options")...)
	cmd.Args = append(append(cmd.Args, revs...), "--", "content")
	cmd.Env = gitEnv()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	changes, perr := parseLog(bufio.NewReaderSize(stdout, 64<<10))
	if err := cmd.Wait(); err != nil {
		if stderr.Len() > 0 {
			return nil, errors.New(strings.TrimSpace(stderr.String()))
		}
		return nil, err
	}
	return changes, perr
}

// parseLog reads `git log -z --raw --format=headerFormat`: NUL-separated
// tokens, each a commit header (\x01...), a raw entry's metadata
// (":mode mode blob blob X") or a path after one.
func parseLog(r *bufio.Reader) ([]change, error) {
	var out []change
	var cur *Commit
	for {
		tok, err := r.ReadString(0)
		if err == io.EOF && tok == "" {
			return out, nil
		}
		if err != nil && err != io.EOF {
			return out, err
		}
		tok = strings.TrimSuffix(strings.TrimLeft(tok, "\n"), "\x00")
		switch {
		case strings.HasPrefix(tok, "\x01"):
			f := strings.SplitN(tok[1:], "\x1f", 4)
			if len(f) != 4 {
				return out, fmt.Errorf("unexpected commit header %q", tok)
			}
			t, terr := time.Parse(time.RFC3339, f[2])
			if terr != nil {
				return out, fmt.Errorf("commit %s: date %q: %v", f[0], f[2], terr)
			}
			cur = &Commit{Hash: f[0], Author: f[1], Time: t, Subject: f[3]}
		case strings.HasPrefix(tok, ":"):
			meta := strings.Fields(tok[1:])
			if len(meta) != 5 || cur == nil || meta[4] == "" {
				return out, fmt.Errorf("unexpected raw entry %q", tok)
			}
			c := change{commit: cur, kind: meta[4][0], blob: meta[3]}
			if c.kind == 'D' || strings.Trim(c.blob, "0") == "" {
				c.blob = ""
			}
			p, perr := readPath(r)
			if perr != nil {
				return out, perr
			}
			if c.kind == 'R' || c.kind == 'C' {
				c.from = p
				if p, perr = readPath(r); perr != nil {
					return out, perr
				}
			}
			c.path = p
			if isPlanPath(c.path) || isPlanPath(c.from) {
				out = append(out, c)
			}
			if err == io.EOF {
				return out, nil
			}
		case tok == "":
			if err == io.EOF {
				return out, nil
			}
		default:
			return out, fmt.Errorf("unexpected output %q", tok)
		}
	}
}

func readPath(r *bufio.Reader) (string, error) {
	p, err := r.ReadString(0)
	if err != nil {
		return "", fmt.Errorf("raw entry without its path: %w", err)
	}
	return strings.TrimSuffix(p, "\x00"), nil
}

func isPlanPath(p string) bool {
	return strings.HasPrefix(p, "content/") && strings.EqualFold(path.Ext(p), ".md")
}

// assemble groups the changes (newest first) by the path each file has
// now, following renames back: walking from new to old, a rename a → b
// means the file known as b was called a before.
func assemble(changes []change) *History {
	h := &History{Files: map[string]*File{}}
	// name maps a path at the point of history being read to the file's
	// key (its path now, or a key of its own for a file since deleted).
	name := map[string]string{}
	keyOf := func(p string) string {
		if k, ok := name[p]; ok {
			return k
		}
		name[p] = p
		return p
	}
	files := map[string]*File{}
	seen := map[string]*Commit{} // the last commit appended per key
	for i, c := range changes {
		if !isPlanPath(c.path) {
			// Renamed out of content/: its later life is elsewhere, and
			// what it was before is no plan's now.
			name[c.from] = "\x00moved\x00" + c.commit.Hash + "\x00" + c.from
			continue
		}
		key := keyOf(c.path)
		if c.kind == 'D' {
			// The file was deleted here; what had this path before is
			// another file than one there now.
			name[c.path] = "\x00deleted\x00" + c.commit.Hash + "\x00" + c.path
			key = name[c.path]
		}
		f := files[key]
		if f == nil {
			f = &File{Path: key}
			files[key] = f
		}
		if seen[key] != c.commit {
			f.Commits = append(f.Commits, c.commit)
			seen[key] = c.commit
		}
		changes[i].path = key // from here on, the change is the file's
		if c.kind == 'R' && isPlanPath(c.from) {
			f.RenamedFrom = append(f.RenamedFrom, c.from)
			delete(name, c.path)
			name[c.from] = key
		}
	}
	for k, f := range files {
		if !strings.HasPrefix(k, "\x00") {
			h.Files[k] = f
		}
	}
	return h
}

// readStatuses reads the front matter status of every blob the plans had
// that status (blob → status, from the cache) lacks, adds them to it, and
// records where each file's status changed. It returns how many blobs it
// read.
func readStatuses(ctx context.Context, gitPath, dir string, h *History, changes []change, status map[string]string) (int, error) {
	var blobs []string
	seen := map[string]bool{}
	for _, c := range changes {
		if c.blob == "" || h.Files[c.path] == nil || seen[c.blob] {
			continue
		}
		seen[c.blob] = true
		if _, ok := status[c.blob]; !ok {
			blobs = append(blobs, c.blob)
		}
	}
	read, err := blobStatuses(ctx, gitPath, dir, blobs)
	if err != nil {
		return 0, err
	}
	for b, s := range read {
		status[b] = s
	}
	for i := len(changes) - 1; i >= 0; i-- { // oldest first
		c := changes[i]
		f := h.Files[c.path]
		if f == nil || c.blob == "" {
			continue
		}
		s := status[c.blob]
		if n := len(f.Statuses); n == 0 || f.Statuses[n-1].Status != s {
			f.Statuses = append(f.Statuses, StatusChange{Status: s, Commit: c.commit})
		}
	}
	return len(blobs), nil
}

// blobStatuses reads blobs through one `git cat-file --batch` and returns
// each one's front matter status.
func blobStatuses(ctx context.Context, gitPath, dir string, blobs []string) (map[string]string, error) {
	out := make(map[string]string, len(blobs))
	if len(blobs) == 0 {
		return out, nil
	}
	cmd := exec.CommandContext(ctx, gitPath, append(append([]string{"-C", dir}, safeArgs...), "cat-file", "--batch")...)
	cmd.Env = gitEnv()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		w := bufio.NewWriterSize(stdin, 64<<10)
		for _, b := range blobs {
			w.WriteString(b)
			w.WriteByte('\n')
		}
		w.Flush()
		stdin.Close()
	}()
	r := bufio.NewReaderSize(stdout, 256<<10)
	var perr error
	var buf []byte
	for _, b := range blobs {
		head, err := r.ReadString('\n')
		if err != nil {
			perr = fmt.Errorf("reading blob %s: %w", b, err)
			break
		}
		f := strings.Fields(head)
		if len(f) != 3 || f[1] != "blob" {
			perr = fmt.Errorf("blob %s: unexpected %q", b, strings.TrimSpace(head))
			break
		}
		size, err := strconv.Atoi(f[2])
		if err != nil {
			perr = fmt.Errorf("blob %s: size %q", b, f[2])
			break
		}
		buf = slices.Grow(buf[:0], size+1)[:size+1]
		if _, err := io.ReadFull(r, buf); err != nil {
			perr = fmt.Errorf("reading blob %s: %w", b, err)
			break
		}
		out[b] = FrontStatus(buf[:size])
	}
	io.Copy(io.Discard, stdout)
	if err := cmd.Wait(); err != nil && perr == nil {
		perr = errors.New(strings.TrimSpace(stderr.String() + " " + err.Error()))
	}
	return out, perr
}

// FrontStatus is the top-level `status:` value of a file's YAML front
// matter ("" when it has none). It reads only the lines it needs: the
// plan parser reads the file as it is now, this reads every version of it
// that git holds.
func FrontStatus(src []byte) string {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	line, rest, _ := bytes.Cut(src, []byte("\n"))
	if string(bytes.TrimRight(line, " \t\r")) != "---" {
		return ""
	}
	for len(rest) > 0 {
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		l := string(bytes.TrimRight(line, " \t\r"))
		if l == "---" || l == "..." {
			return ""
		}
		v, ok := strings.CutPrefix(l, "status")
		if !ok {
			continue
		}
		v = strings.TrimLeft(v, " \t")
		if !strings.HasPrefix(v, ":") {
			continue
		}
		return scalar(v[1:])
	}
	return ""
}

// scalar is a one-line YAML scalar without quotes or a trailing comment.
func scalar(v string) string {
	v = strings.TrimSpace(v)
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') {
		if end := strings.IndexByte(v[1:], v[0]); end >= 0 {
			return v[1 : end+1]
		}
	}
	if i := strings.Index(v, " #"); i >= 0 {
		v = v[:i]
	}
	return strings.TrimSpace(v)
}

// Same reports whether f and g tell the same history: the same commits,
// statuses and earlier names (either may be nil, for no history).
func (f *File) Same(g *File) bool {
	if f == nil || g == nil {
		return f == g
	}
	if f.Path != g.Path || !slices.Equal(f.RenamedFrom, g.RenamedFrom) || len(f.Commits) != len(g.Commits) || len(f.Statuses) != len(g.Statuses) {
		return false
	}
	for i, c := range f.Commits {
		if !sameCommit(c, g.Commits[i]) {
			return false
		}
	}
	for i, s := range f.Statuses {
		t := g.Statuses[i]
		if s.Status != t.Status || !sameCommit(s.Commit, t.Commit) {
			return false
		}
	}
	return true
}

// sameCommit compares commits by what pages show; times by instant and
// zone offset (a cached and a fresh read make different *time.Location).
func sameCommit(c, d *Commit) bool {
	if c == nil || d == nil {
		return c == d
	}
	_, co := c.Time.Zone()
	_, do := d.Time.Zone()
	return c.Hash == d.Hash && c.Author == d.Author && c.Subject == d.Subject && c.Time.Equal(d.Time) && co == do
}
