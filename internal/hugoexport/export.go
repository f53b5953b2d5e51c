// Package hugoexport turns the site's page set (internal/pages) into the data
// a Hugo site needs to publish the same pages through this module's content
// adapter (hugo/content/_content.gotmpl): one JSON file under the site's
// data/rolloutdocs/ directory listing every page in the shape of Hugo's
// .AddPage argument, with the same titles, layouts and params that
// `rolloutdocs build` renders.
//
// In a Hugo site the pages live under one section (by default /rollouts/)
// so the site keeps its own home page: a page that `rolloutdocs build`
// publishes at plans/x/ is published by Hugo at rollouts/plans/x/, which is
// where `rolloutdocs build` puts it too when its base URL ends in
// /rollouts/.
package hugoexport

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/rolloutdocs/rolloutdocs/internal/pages"
)

// Format is the version of the exported data's shape. The content adapter
// refuses data of another format, so a site whose data was exported by an
// older or newer rolloutdocs than its module says so instead of rendering
// half a site.
const Format = 1

// Generator marks a data file as written by rolloutdocs; a file without it
// is the user's and is never replaced.
const Generator = "rolloutdocs"

// DataDir is where the data goes, relative to the Hugo site's root; Hugo
// exposes it to templates as hugo.Data.rolloutdocs.
const DataDir = "data/rolloutdocs"

// DataFile is the file name of the export inside DataDir
// (hugo.Data.rolloutdocs.export).
const DataFile = "export.json"

// DefaultSection is the URL path rolloutdocs pages get in a Hugo site.
const DefaultSection = "rollouts"

// IndexLayout is the Hugo layout name of the portfolio index.
const IndexLayout = "portfolio"

// OutputHTML is every page's HTML output format.
const OutputHTML = "html"

// IndexFiles maps the files published beside the index page to the output
// formats the module's hugo.toml defines for them.
var IndexFiles = map[string]string{
	"portfolio.json": "rolloutdocs_portfolio",
	"search.json":    "rolloutdocs_search",
	"calendar.ics":   "rolloutdocs_calendar",
	"feed.xml":       "rolloutdocs_feed",
}

// Export is the content of data/rolloutdocs/export.json, the shape the
// module's content adapter reads. Stream writes it field by field.
type Export struct {
	Generator string `json:"generator"`
	Format    int    `json:"format"`
	// Section is the URL path, relative to the site's base URL, under which
	// every page is published ("rollouts").
	Section string `json:"section"`
	// Pages are .AddPage arguments, in the order pages.Build made them.
	Pages []Page `json:"pages"`
	// Files are the machine-readable files `rolloutdocs build` writes
	// beside the pages (portfolio.json, search.json), by name, as text.
	// The index page publishes them through the module's output formats.
	Files map[string]string `json:"files"`
}

// Page is one Hugo page as .AddPage takes it.
type Page struct {
	// Path is the page's logical path in Hugo's content tree
	// ("rollouts/plans/x"); URL is where it is published
	// ("/rollouts/plans/x/"). Hugo would lower-case and dash a path, so the
	// URL is given to keep the exact spelling `rolloutdocs build` uses.
	Path   string `json:"path"`
	URL    string `json:"url"`
	Kind   string `json:"kind"`
	Type   string `json:"type"`
	Layout string `json:"layout"`
	Title  string `json:"title"`
	// Outputs limits Hugo to the files `rolloutdocs build` writes for the
	// page (no RSS feed per section).
	Outputs []string       `json:"outputs"`
	Params  map[string]any `json:"params"`
}

// sectionRE is what a section may look like: URL path segments of plain
// characters, so it needs no escaping anywhere.
var sectionRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*$`)

// CheckSection reports whether section can hold the pages.
func CheckSection(section string) error {
	if !sectionRE.MatchString(section) {
		return fmt.Errorf("section %q: use lower-case letters, digits, '-' and '_' in one or more path segments, like \"rollouts\" or \"docs/rollouts\"", section)
	}
	return nil
}

func hugoPage(p pages.Page, section string) (Page, error) {
	if strings.HasPrefix(p.Path, "/") || (p.Path != "" && !strings.HasSuffix(p.Path, "/")) {
		return Page{}, fmt.Errorf("page %q: Hugo pages need a directory path like \"plans/x/\"", p.Path)
	}
	hp := Page{
		Path:    strings.TrimSuffix(path.Join(section, p.Path), "/"),
		URL:     "/" + section + "/" + p.Path,
		Kind:    p.Kind,
		Type:    p.Type,
		Layout:  p.Layout,
		Title:   p.Title,
		Outputs: []string{OutputHTML},
		Params:  rebase(p.Params, section).(map[string]any),
	}
	// The portfolio index is the site's home in `rolloutdocs build`; in a
	// Hugo site it is the section page every other page sits under, and
	// its layout file is mounted as rollout/portfolio.html (hugo.toml) so
	// Hugo does not take it for the site's own home page.
	if p.Kind == "home" {
		hp.Kind = "section"
		hp.Layout = IndexLayout
	}
	return hp, nil
}

// rebase returns a deep copy of v with every internal link moved under
// section. Params hold site-relative links without a leading slash
// (layouts/README.md) under the key "url" or a key ending in "_url";
// external links (with a scheme) and the empty "no link" of source_url are
// left alone.
func rebase(v any, section string) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, val := range v {
			if s, ok := val.(string); ok && isLinkKey(k) && isSiteRelative(k, s) {
				out[k] = section + "/" + s
				continue
			}
			out[k] = rebase(val, section)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, val := range v {
			out[i] = rebase(val, section)
		}
		return out
	case []map[string]any:
		out := make([]any, len(v))
		for i, val := range v {
			out[i] = rebase(val, section)
		}
		return out
	}
	return v
}

func isLinkKey(k string) bool { return k == "url" || strings.HasSuffix(k, "_url") }

// isSiteRelative: "plans/x/" and "" (the home page) are; "https://..." and
// "/abs" are not. An empty *_url means "no link" (source_url without a
// repository) and stays empty.
func isSiteRelative(key, s string) bool {
	if s == "" {
		return key == "url"
	}
	return !strings.HasPrefix(s, "/") && !strings.Contains(s, "://") && !strings.HasPrefix(s, "mailto:")
}

// ErrNotHugoSite is returned (wrapped) when the site directory has no Hugo
// configuration.
var ErrNotHugoSite = errors.New("not a Hugo site")

// ErrForeignFile is returned (wrapped) when the export would replace a file
// rolloutdocs did not write.
var ErrForeignFile = errors.New("refusing to replace a file rolloutdocs did not write")

// hugoConfigNames are the files whose presence makes a directory a Hugo
// site (Hugo's own list: hugo.* since v0.110, config.* before).
var hugoConfigNames = []string{
	"hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json",
	"config.toml", "config.yaml", "config.yml", "config.json",
	"config/_default",
}

// CheckSite reports whether dir is a Hugo site's root.
func CheckSite(dir string) error {
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNotHugoSite, err)
	}
	if !info.IsDir() {
		return fmt.Errorf("%w: %s is a file; give the directory holding the site's hugo.toml", ErrNotHugoSite, dir)
	}
	for _, name := range hugoConfigNames {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return nil
		}
	}
	return fmt.Errorf("%w: %s has no hugo.toml (or hugo.yaml, hugo.json, config.toml, config/_default/); give the directory holding the site's configuration", ErrNotHugoSite, dir)
}

// checkOwned returns nil when dest does not exist or was written by
// rolloutdocs: the generator comes first in the file, so its opening
// bytes tell, without reading megabytes of JSON.
func checkOwned(dest string) error {
	f, err := os.Open(dest)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading %s: %w", dest, err)
	}
	defer f.Close()
	head := make([]byte, len(ownHeader))
	n, _ := io.ReadFull(f, head)
	if !bytes.Equal(head[:n], ownHeader) {
		return fmt.Errorf("%w: %s exists and was not written by rolloutdocs export; move it elsewhere (Hugo reads every file in %s/ as hugo.Data.rolloutdocs)", ErrForeignFile, dest, DataDir)
	}
	return nil
}

// ownHeader is how every export.json begins.
var ownHeader = []byte(`{"generator":"` + Generator + `",`)
