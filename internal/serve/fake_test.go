package serve

import (
	"fmt"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
)

// fakeSite is a Builder with the site builder's contract and a trivial
// site: content/<slug>.md (at any depth) becomes plans/<slug>/index.html
// showing the file's text, index.html lists the slugs, static/ is copied.
// A plan containing the word BROKEN gets an error diagnostic at that word
// and keeps its last good page, as the real builder does for a plan that
// no longer parses; one containing INVALID gets an error too but is built
// (marked invalid), as the real builder does for a plan breaking a rule.
type fakeSite struct {
	root string

	mu       sync.Mutex
	files    map[string][]byte
	good     map[string][]byte // slug -> last good page
	builds   int
	rebuilds [][]string
	// block, when set, holds Rebuild until it is closed (a slow build).
	block chan struct{}
	// entered receives a value when a Rebuild starts.
	entered chan struct{}
	fail    error
}

func newFakeSite(root string) *fakeSite {
	return &fakeSite{root: root, files: map[string][]byte{}, good: map[string][]byte{}}
}

func (f *fakeSite) Build() (*Site, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.builds++
	return f.render()
}

func (f *fakeSite) Rebuild(changed []string) (*Site, error) {
	f.mu.Lock()
	f.rebuilds = append(f.rebuilds, slices.Clone(changed))
	block, entered := f.block, f.entered
	f.mu.Unlock()
	if entered != nil {
		entered <- struct{}{}
	}
	if block != nil {
		<-block
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.render()
}

func (f *fakeSite) render() (*Site, error) {
	if f.fail != nil {
		return nil, f.fail
	}
	files := map[string][]byte{
		"404.html": []byte("<!DOCTYPE html><html><head><title>Not found</title></head><body><h1>Not here</h1></body></html>"),
	}
	var ds []diag.Diagnostic
	var slugs []string
	content := filepath.Join(f.root, "content")
	err := filepath.WalkDir(content, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") || strings.HasPrefix(d.Name(), ".") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		slug := strings.TrimSuffix(d.Name(), ".md")
		slugs = append(slugs, slug)
		page := "plans/" + slug + "/index.html"
		if line, col, ok := findWord(string(src), "BROKEN"); ok {
			ds = append(ds, diag.Diagnostic{File: p, Pos: diag.Pos{Line: line, Col: col}, Severity: diag.Error,
				Rule: "fake/broken", Message: "the plan says BROKEN", Hint: "remove the word"})
			if good, ok := f.good[slug]; ok {
				files[page] = good
			}
			return nil
		}
		invalid := false
		if line, col, ok := findWord(string(src), "INVALID"); ok {
			// Like a plan that parses but breaks a rule: built, marked.
			invalid = true
			ds = append(ds, diag.Diagnostic{File: p, Pos: diag.Pos{Line: line, Col: col}, Severity: diag.Error,
				Rule: "fake/invalid", Message: "the plan says INVALID"})
		}
		if strings.Contains(string(src), "WARN") {
			ds = append(ds, diag.Diagnostic{File: p, Pos: diag.Pos{Line: 1, Col: 1}, Severity: diag.Warning,
				Rule: "fake/warn", Message: "the plan says WARN"})
		}
		good := []byte(fmt.Sprintf(`<!DOCTYPE html><html><head><title>%s</title><link rel="stylesheet" href="/style.css"></head><body><main>%s</main></body></html>`,
			html.EscapeString(slug), html.EscapeString(string(src))))
		if !invalid {
			f.good[slug] = good
		}
		files[page] = good
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	slices.Sort(slugs)
	files["index.html"] = []byte("<!DOCTYPE html><html><head><title>Home</title></head><body><ul><li>" +
		html.EscapeString(strings.Join(slugs, "</li><li>")) + "</li></ul></body></html>")
	static := filepath.Join(f.root, "static")
	_ = filepath.WalkDir(static, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err == nil {
			rel, _ := filepath.Rel(static, p)
			files[filepath.ToSlash(rel)] = data
		}
		return nil
	})
	var changed []string
	for name, data := range files {
		if old, ok := f.files[name]; !ok || string(old) != string(data) {
			changed = append(changed, name)
		}
	}
	for name := range f.files {
		if _, ok := files[name]; !ok {
			changed = append(changed, name)
		}
	}
	slices.Sort(changed)
	diag.Sort(ds)
	f.files = files
	pages := 0
	for name := range files {
		if strings.HasSuffix(name, ".html") {
			pages++
		}
	}
	return &Site{Files: files, Changed: changed, Diagnostics: ds, Plans: len(slugs), Pages: pages}, nil
}

// findWord returns the 1-based line and column of word in s.
func findWord(s, word string) (line, col int, ok bool) {
	for i, l := range strings.Split(s, "\n") {
		if j := strings.Index(l, word); j >= 0 {
			return i + 1, len([]rune(l[:j])) + 1, true
		}
	}
	return 0, 0, false
}

func (f *fakeSite) counts() (builds int, rebuilds [][]string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.builds, slices.Clone(f.rebuilds)
}
