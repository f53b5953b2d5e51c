package linkcheck

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"
)

// Checker checks a site's links page by page, as the pages are written, so
// a build need not hold the whole site in memory to check it. Register
// every file of the site (AddFile, or AddPage for HTML pages), then ask
// Broken. A link whose target is already known when its page is added is
// settled at once and forgotten; the others (links to pages written later,
// to other pages' anchors, or broken) wait for Broken, when every file is
// known. The result is the same as Check's over the whole site. A Checker
// is safe for concurrent use.
type Checker struct {
	basePath string

	mu      sync.Mutex
	files   map[string]struct{}
	pending []pendingLink
	broken  []Broken
}

// pendingLink is a link that could not be settled when its page was added.
type pendingLink struct {
	page, link   string
	target, frag string
}

// NewChecker returns a Checker for a site served under basePath ("/" or
// "/rollouts/").
func NewChecker(basePath string) *Checker {
	basePath = "/" + strings.Trim(basePath, "/")
	if basePath != "/" {
		basePath += "/"
	}
	return &Checker{basePath: basePath, files: map[string]struct{}{}}
}

// AddFile registers a file of the site whose links are not checked: an
// asset, a JSON file, or a page that AddPage will scan later.
func (c *Checker) AddFile(name string) {
	c.mu.Lock()
	c.files[name] = struct{}{}
	c.mu.Unlock()
}

// AddPage registers an HTML page and checks its href and src links.
func (c *Checker) AddPage(page string, doc []byte) {
	type link struct{ text, target, frag string }
	pageURL := c.basePath + strings.TrimSuffix(page, "index.html")
	var links []link
	for _, attr := range []string{"href", "src"} {
		for _, l := range Attrs(doc, attr) {
			target, frag, ok := resolveFast(pageURL, l)
			if ok {
				links = append(links, link{l, target, frag})
			}
		}
	}
	var ownIDs map[string]bool // read when a link needs them

	c.mu.Lock()
	defer c.mu.Unlock()
	c.files[page] = struct{}{}
	for _, l := range links {
		file, reason := lookup(c.has, c.basePath, l.target)
		switch {
		case reason != "" || mayChange(c.basePath, l.target):
			// Its target may be written later; decide at the end.
		case l.frag == "" || !strings.HasSuffix(file, ".html"):
			continue
		case file == page:
			if ownIDs == nil {
				ownIDs = idSet(doc)
			}
			if !ownIDs[l.frag] {
				c.broken = append(c.broken, Broken{Page: page, Link: l.text, Reason: missingID(l.frag, file)})
			}
			continue
		}
		c.pending = append(c.pending, pendingLink{page: page, link: l.text, target: l.target, frag: l.frag})
	}
}

// Broken returns every broken link of the site, sorted by page and link.
// read returns a page's bytes; it is called only for pages that other
// pages link into with a #fragment.
func (c *Checker) Broken(read func(page string) ([]byte, error)) []Broken {
	c.mu.Lock()
	defer c.mu.Unlock()
	broken := slices.Clone(c.broken)
	ids := map[string]map[string]bool{}
	for _, p := range c.pending {
		file, reason := lookup(c.has, c.basePath, p.target)
		if reason == "" && p.frag != "" && strings.HasSuffix(file, ".html") {
			set, ok := ids[file]
			if !ok {
				doc, err := read(file)
				if err != nil {
					broken = append(broken, Broken{Page: p.page, Link: p.link, Reason: fmt.Sprintf("cannot read %s to find id %q: %v", file, p.frag, err)})
					continue
				}
				set = idSet(doc)
				ids[file] = set
			}
			if !set[p.frag] {
				reason = missingID(p.frag, file)
			}
		}
		if reason != "" {
			broken = append(broken, Broken{Page: p.page, Link: p.link, Reason: reason})
		}
	}
	slices.SortFunc(broken, func(a, b Broken) int {
		return cmp.Or(cmp.Compare(a.Page, b.Page), cmp.Compare(a.Link, b.Link))
	})
	return broken
}

func (c *Checker) has(name string) bool {
	_, ok := c.files[name]
	return ok
}

func missingID(frag, file string) string {
	return fmt.Sprintf("no element with id %q on %s", frag, file)
}

// idSet is every id and name attribute of a page.
func idSet(doc []byte) map[string]bool {
	set := map[string]bool{}
	for _, id := range Attrs(doc, "id") {
		set[id] = true
	}
	for _, name := range Attrs(doc, "name") {
		set[name] = true
	}
	return set
}

// mayChange reports whether a target that resolves now could resolve
// differently once more files are known: a path without an extension or a
// trailing slash is a file now but becomes a "missing trailing slash" if
// the directory's index.html turns up.
func mayChange(basePath, target string) bool {
	rel := strings.TrimPrefix(strings.TrimPrefix(target, basePath), "/")
	return rel != "" && !strings.HasSuffix(rel, "/") && path.Ext(rel) == ""
}

// resolveFast is resolve for the links rolloutdocs writes most: clean
// absolute paths ("/plans/x/") and same-page anchors ("#overview"), which
// resolve to themselves. Anything else goes through net/url.
func resolveFast(pageURL, link string) (target, frag string, ok bool) {
	switch {
	case strings.HasPrefix(link, "/") && !strings.HasPrefix(link, "//") && plainPath(link):
		return link, "", true
	case strings.HasPrefix(link, "#") && plainFragment(link[1:]) && plainPath(pageURL):
		return pageURL, link[1:], true
	}
	return resolve(pageURL, link)
}

// plainPath: only unreserved path characters and no dot segments, so URL
// resolution leaves the path as it is.
func plainPath(p string) bool {
	for i := 0; i < len(p); i++ {
		c := p[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
			return false
		}
	}
	return !strings.Contains(p, "/./") && !strings.Contains(p, "/../") && !strings.HasSuffix(p, "/.") && !strings.HasSuffix(p, "/..") && !strings.Contains(p, "//")
}

func plainFragment(f string) bool {
	for i := 0; i < len(f); i++ {
		c := f[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return f != ""
}
