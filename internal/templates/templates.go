// Package templates loads the site's layouts (the embedded theme, with a
// site's own layouts/ overriding it file by file) and renders pages with
// them. Layouts are written in the subset of html/template that Hugo also
// runs: a base layout with block/define, partials, and the functions in
// funcs.go, each of which exists in Hugo with the same meaning.
package templates

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"text/template/parse"

	"github.com/rolloutdocs/rolloutdocs/internal/sourcetree"
	"github.com/rolloutdocs/rolloutdocs/internal/templates/compiled"
)

// Page is the data a layout sees as ".", shaped like a Hugo page so the same
// layouts run in both engines.
type Page struct {
	Title        string
	RelPermalink string
	Permalink    string
	Kind         string
	Type         string
	Layout       string
	Params       map[string]any
	Content      template.HTML
	Site         *Site
	// param remembers the last Params key `where` filtered this page on,
	// and its value: the index asks every page for rollout_page on every
	// rebuild, and all pages but the changed plan's are the same pages,
	// so a rebuild reads one field of theirs instead of a large map.
	// Params must not change once the page is rendered (builders make a
	// new Page for new params).
	param atomic.Pointer[paramValue]
}

type paramValue struct {
	key   string
	value any
}

// paramOf is p.Params[key], remembered for the next query of the same key.
func (p *Page) paramOf(key string) any {
	if m := p.param.Load(); m != nil && m.key == key {
		return m.value
	}
	v := p.Params[key]
	p.param.Store(&paramValue{key, v})
	return v
}

// Site is ".Site" (and what the site function returns).
type Site struct {
	Title   string
	BaseURL string
	Params  map[string]any
	// Pages is every page of the site, in a stable order.
	Pages []*Page
	// basePath is BaseURL's path with a trailing slash; relURL uses it.
	basePath string
}

// NewSite returns a Site for baseURL ("https://docs.example/rollouts/",
// "/rollouts/" or "" for the root).
func NewSite(title, baseURL string, params map[string]any) *Site {
	if baseURL == "" {
		baseURL = "/"
	}
	if !strings.HasSuffix(baseURL, "/") {
		baseURL += "/"
	}
	if params == nil {
		params = map[string]any{}
	}
	return &Site{Title: title, BaseURL: baseURL, Params: params, basePath: BasePath(baseURL)}
}

// BasePath is the path part of a base URL, with leading and trailing
// slashes: "https://docs.example/rollouts" → "/rollouts/".
func BasePath(baseURL string) string {
	p := baseURL
	if i := strings.Index(p, "://"); i >= 0 {
		p = p[i+3:]
		if j := strings.IndexByte(p, '/'); j >= 0 {
			p = p[j:]
		} else {
			p = "/"
		}
	}
	p = "/" + strings.Trim(p, "/") + "/"
	if p == "//" {
		p = "/"
	}
	return p
}

// RelPermalink is the link to a site path ("plans/x/") from any page.
func (s *Site) RelPermalink(sitePath string) string { return s.basePath + sitePath }

// Permalink is the absolute URL of a site path (root-relative when the
// base URL has no host).
func (s *Site) Permalink(sitePath string) string { return s.BaseURL + sitePath }

// Engine holds the parsed layouts. It is safe for concurrent use.
type Engine struct {
	// layouts maps a layout file ("home.html", "rollout/plan.html") to its
	// template, already joined with baseof.html when it uses it.
	layouts  map[string]*template.Template
	partials map[string]*template.Template
	site     atomic.Pointer[Site]
	cache    partialCache                   // partialCached results
	recent   atomic.Pointer[recentPartials] // in place of cache when bounded
	// Sources records where each layout file came from, for messages.
	Sources map[string]string
	// programs and partialPrograms are the layouts and partials compiled
	// (compile.go); a name missing renders with html/template only.
	programs        map[string]*compiled.Program
	partialPrograms map[string]*compiled.Program
	notCompiled     map[string]error
	interpretOnly   atomic.Bool
	fallbacks       atomic.Int64
}

// Load parses the layouts in theme (the embedded layouts/ directory) with
// any file of overrideDir (a site's layouts/, may not exist) taking the
// place of the theme's file at the same path.
func Load(theme fs.FS, overrideDir string) (*Engine, error) {
	return LoadTree(theme, overrideDir, sourcetree.New(false, overrideDir), func(*sourcetree.Refusal) {})
}

// LoadTree is Load reading overrideDir through tree: a symlink it does not
// follow (out of the source, or a loop) is handed to refused and skipped.
func LoadTree(theme fs.FS, overrideDir string, tree *sourcetree.Tree, refused func(*sourcetree.Refusal)) (*Engine, error) {
	files, sources, err := collect(theme, overrideDir, tree, refused)
	if err != nil {
		return nil, err
	}
	return parseAll(files, sources)
}

// collect reads every .html file of the theme, then the overrides.
func collect(theme fs.FS, overrideDir string, tree *sourcetree.Tree, refused func(*sourcetree.Refusal)) (files, sources map[string]string, err error) {
	files, sources = map[string]string{}, map[string]string{}
	err = fs.WalkDir(theme, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".html" {
			return err
		}
		b, err := fs.ReadFile(theme, p)
		if err != nil {
			return err
		}
		files[p] = string(b)
		sources[p] = builtInSource(p)
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("read built-in layouts: %w", err)
	}
	if overrideDir == "" {
		return files, sources, nil
	}
	if _, err := os.Stat(overrideDir); errors.Is(err, fs.ErrNotExist) {
		return files, sources, nil
	}
	err = tree.WalkDir(overrideDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != overrideDir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if filepath.Ext(p) != ".html" || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		rel, err := filepath.Rel(overrideDir, p)
		if err != nil {
			return err
		}
		b, err := tree.ReadFile(p)
		if err != nil {
			return err
		}
		key := filepath.ToSlash(rel)
		files[key] = string(b)
		sources[key] = p
		return nil
	}, refused)
	if err != nil {
		return nil, nil, fmt.Errorf("read layouts from %s: %w", overrideDir, err)
	}
	return files, sources, nil
}

const baseof = "baseof.html"

func parseAll(files, sources map[string]string) (*Engine, error) {
	e := &Engine{layouts: map[string]*template.Template{}, partials: map[string]*template.Template{}, Sources: sources}
	e.site.Store(NewSite("", "/", nil))
	funcs := e.funcMap()
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if !strings.HasPrefix(n, "_partials/") {
			continue
		}
		t, err := template.New(n).Funcs(funcs).Parse(files[n])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", sources[n], err)
		}
		e.partials[strings.TrimPrefix(n, "_partials/")] = t
	}
	var base *template.Template
	if src, ok := files[baseof]; ok {
		t, err := template.New(baseof).Funcs(funcs).Parse(src)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", sources[baseof], err)
		}
		base = t
	}
	for _, n := range names {
		if n == baseof || strings.HasPrefix(n, "_") {
			continue
		}
		standalone, err := isStandalone(n, files[n], funcs)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", sources[n], err)
		}
		var t *template.Template
		if standalone || base == nil {
			t, err = template.New(n).Funcs(funcs).Parse(files[n])
		} else {
			t, err = template.Must(base.Clone()).New(n).Parse(files[n])
			if err == nil {
				t = t.Lookup(baseof)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", sources[n], err)
		}
		e.layouts[n] = t
	}
	e.compileAll(funcs)
	return e, nil
}

// isStandalone reports whether a layout is a whole page (Hugo renders it
// without baseof.html) rather than a set of {{ define }} blocks.
func isStandalone(name, src string, funcs template.FuncMap) (bool, error) {
	t, err := template.New(name).Funcs(funcs).Parse(src)
	if err != nil {
		return false, err
	}
	for _, n := range t.Tree.Root.Nodes {
		if tn, ok := n.(*parse.TextNode); ok && len(bytes.TrimSpace(tn.Text)) == 0 {
			continue
		}
		return true, nil
	}
	return false, nil
}

// SetSite sets what the site function returns; call it before rendering.
func (e *Engine) SetSite(s *Site) { e.site.Store(s) }

// LayoutFor is the layout file a page renders with, looked up as Hugo
// does for rolloutdocs' pages: home.html, 404.html, else
// <type>/<layout>.html.
func (e *Engine) LayoutFor(p *Page) (string, error) {
	var candidates []string
	switch p.Kind {
	case "home":
		candidates = []string{"home.html"}
	case "404":
		candidates = []string{"404.html"}
	}
	if p.Type != "" && p.Layout != "" {
		candidates = append(candidates, p.Type+"/"+p.Layout+".html")
	}
	for _, c := range candidates {
		if _, ok := e.layouts[c]; ok {
			return c, nil
		}
	}
	return "", fmt.Errorf("no layout for %s page %q (looked for %s)", p.Kind, p.RelPermalink, strings.Join(candidates, ", "))
}

// Render writes the page rendered with its layout to w.
func (e *Engine) Render(w io.Writer, p *Page) error {
	name, err := e.LayoutFor(p)
	if err != nil {
		return err
	}
	buf, ok := w.(*bytes.Buffer)
	if !ok {
		buf = buffers.Get().(*bytes.Buffer)
		defer buffers.Put(buf)
		buf.Reset()
	}
	if err := e.execute(buf, e.layouts[name], e.programs[name], p); err != nil {
		return fmt.Errorf("render %s with %s: %w", p.RelPermalink, e.Sources[name], err)
	}
	if !ok {
		_, err := w.Write(buf.Bytes())
		return err
	}
	return nil
}

// Layouts lists the parsed layout files (partials excluded), sorted.
func (e *Engine) Layouts() []string {
	names := make([]string, 0, len(e.layouts))
	for n := range e.layouts {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
