package plan

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/sourcetree"
)

// RuleFileSymlink reports a symlink not followed: its target is outside the
// source directory, or it makes a loop (internal/sourcetree).
const RuleFileSymlink = "file/symlink"

// SymlinkRefused is the warning for a symlink the source tree does not
// follow; build and check report it for plans, layouts, static files and
// the config file alike.
func SymlinkRefused(r *sourcetree.Refusal) diag.Diagnostic {
	hint := "replace the link with a copy of the file; for a trusted source, --follow-symlinks follows such links (unsafe for pull requests)"
	if r.Loop {
		hint = "remove the link, or point it at a directory that does not hold it"
	}
	return diag.Diagnostic{
		File: r.Path, Pos: Pos{Line: 1, Col: 1}, Severity: diag.Warning, Rule: RuleFileSymlink,
		Message: r.Error(), Hint: hint,
	}
}

// Portfolio is every plan found under the paths a command was given, in
// path order, with the diagnostics found while reading them.
type Portfolio struct {
	Plans       []*Plan
	Diagnostics []diag.Diagnostic
}

// Loaded is one file's parse result.
type Loaded struct {
	Plan  *Plan
	Diags []diag.Diagnostic
}

// ErrNoPath is returned (wrapped) when a named path cannot be read at all;
// commands treat it as a usage error rather than a plan problem.
var ErrNoPath = errors.New("cannot read path")

// FindFiles is FindFilesIn a tree of the paths themselves that follows no
// symlink out of them, dropping the warnings.
func FindFiles(paths ...string) ([]string, error) {
	files, _, err := FindFilesIn(sourcetree.New(false, paths...), paths...)
	return files, err
}

// FindFilesIn lists the Markdown files under each path (a file is taken as
// is), sorted, without duplicates. Hidden files and directories (editor
// swap files, .git) and _index.md pages are skipped. A symlink the tree
// does not follow (out of it, or a loop) is not listed: it comes back as a
// warning.
func FindFilesIn(tree *sourcetree.Tree, paths ...string) ([]string, []diag.Diagnostic, error) {
	seen := map[string]bool{}
	var files []string
	var refused []diag.Diagnostic
	refuse := func(r *sourcetree.Refusal) { refused = append(refused, SymlinkRefused(r)) }
	for _, root := range paths {
		var r *sourcetree.Refusal
		if errors.As(tree.Check(root), &r) {
			refuse(r)
			continue
		}
		info, err := os.Stat(root)
		if err != nil {
			return nil, nil, fmt.Errorf("%w %s: %v", ErrNoPath, root, errors.Unwrap(err))
		}
		if !info.IsDir() {
			if !seen[root] {
				seen[root] = true
				files = append(files, root)
			}
			continue
		}
		err = tree.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return fmt.Errorf("%w %s: %v", ErrNoPath, path, err)
			}
			name := d.Name()
			if path != root && strings.HasPrefix(name, ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() || !IsPlanFile(name) || seen[path] {
				return nil
			}
			seen[path] = true
			files = append(files, path)
			return nil
		}, refuse)
		if err != nil {
			return nil, nil, err
		}
	}
	sort.Strings(files)
	return files, refused, nil
}

// IsPlanFile reports whether a file name is one rolloutdocs reads as a plan:
// a .md file that is not hidden, not a page such as _index.md, and not one
// of a repository's own documents (README.md beside the plans, saying how
// the folder is kept, CHANGELOG.md...), which are never plans.
func IsPlanFile(name string) bool {
	return strings.EqualFold(filepath.Ext(name), ".md") && !strings.HasPrefix(name, "_") && !strings.HasPrefix(name, ".") &&
		!repositoryDocs[strings.ToLower(strings.TrimSuffix(name, filepath.Ext(name)))]
}

// repositoryDocs are the names (lower case, without .md) of the files a
// repository keeps about itself.
var repositoryDocs = map[string]bool{
	"readme": true, "changelog": true, "contributing": true, "license": true, "code_of_conduct": true,
	"security": true, "codeowners": true,
}

// LoadFiles parses files in parallel (one worker per CPU) and checks that
// no two share a slug. Results keep the files' order.
func LoadFiles(files []string) *Portfolio {
	results := make([]Loaded, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), max(len(files), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = LoadFile(files[i])
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()

	pf := &Portfolio{Plans: make([]*Plan, 0, len(files))}
	for _, res := range results {
		pf.Plans = append(pf.Plans, res.Plan)
		pf.Diagnostics = append(pf.Diagnostics, res.Diags...)
	}
	pf.Diagnostics = append(pf.Diagnostics, DuplicateSlugs(pf.Plans)...)
	return pf
}

// LoadFile reads and parses one file; a read failure becomes a diagnostic.
func LoadFile(path string) Loaded { return loadFile(path, Parse) }

// LoadFileForCheck is LoadFile with ParseForCheck: for a plan that is
// checked, not rendered.
func LoadFileForCheck(path string) Loaded { return loadFile(path, ParseForCheck) }

func loadFile(path string, parse func(string, []byte) (*Plan, []diag.Diagnostic)) Loaded {
	src, err := readLimited(path)
	if err != nil {
		p := &Plan{Path: path, Slug: SlugFromPath(path), FrontPos: map[string]Pos{}}
		return Loaded{Plan: p, Diags: []diag.Diagnostic{{
			File: path, Pos: Pos{Line: 1, Col: 1}, Severity: diag.Error, Rule: "file/unreadable",
			Message: fmt.Sprintf("cannot read file: %v", err), Hint: "check the file's permissions",
		}}}
	}
	p, ds := parse(path, src)
	return Loaded{Plan: p, Diags: ds}
}

// readLimited reads at most MaxFileSize+1 bytes, so a huge file is reported
// as too large without being read whole.
func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.Size() > MaxFileSize {
		buf := make([]byte, MaxFileSize+1)
		n, err := f.Read(buf)
		return buf[:n], err
	}
	buf := make([]byte, info.Size())
	n, err := io.ReadFull(f, buf)
	return buf[:n], err
}

// DuplicateSlugs reports plans whose file names collide: they would be
// written to the same URL.
func DuplicateSlugs(plans []*Plan) []diag.Diagnostic {
	bySlug := map[string][]*Plan{}
	for _, p := range plans {
		key := strings.ToLower(p.Slug)
		bySlug[key] = append(bySlug[key], p)
	}
	var ds []diag.Diagnostic
	for _, ps := range bySlug {
		if len(ps) < 2 {
			continue
		}
		for i, p := range ps {
			other := ps[(i+1)%len(ps)]
			ds = append(ds, diag.Diagnostic{
				File: p.Path, Pos: Pos{Line: 1, Col: 1}, Severity: diag.Error, Rule: RuleFileDuplicate,
				Message: fmt.Sprintf("plan slug %q is also used by %s; both would be published at /plans/%s/", p.Slug, other.Path, p.Slug),
				Hint:    "rename one of the files (the slug is the file name without .md)",
			})
		}
	}
	return ds
}
