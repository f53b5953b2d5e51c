package linkcheck

import (
	"bytes"
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

	mu    sync.Mutex
	files map[string]struct{}
	pages []string // the pages added, so pending links name them by index
	// pending holds the links not settled when their page was added, by
	// what they point at and as written, with the pages holding them: a
	// link on every page (to a page written last) costs 8 bytes a page.
	pending map[pendingTarget]map[string][]pageRef
	broken  []Broken
}

type pendingTarget struct{ target, frag string }

// pageRef is a page (an index into pages) holding a pending link n times.
type pageRef struct {
	page, n int32
}

// NewChecker returns a Checker for a site served under basePath ("/" or
// "/rollouts/").
func NewChecker(basePath string) *Checker {
	basePath = "/" + strings.Trim(basePath, "/")
	if basePath != "/" {
		basePath += "/"
	}
	return &Checker{basePath: basePath, files: map[string]struct{}{}, pending: map[pendingTarget]map[string][]pageRef{}}
}

// AddFile registers a file of the site whose links are not checked: an
// asset, a JSON file, or a page that AddPage will scan later.
func (c *Checker) AddFile(name string) {
	c.mu.Lock()
	c.add(name)
	c.mu.Unlock()
}

// add registers a file and settles the pending links to it that have no
// fragment: a plan page links to its phase pages before they are added.
func (c *Checker) add(name string) {
	c.files[name] = struct{}{}
	if len(c.pending) == 0 {
		return
	}
	for _, target := range []string{c.basePath + strings.TrimSuffix(name, "index.html"), c.basePath + name} {
		key := pendingTarget{target: target}
		if _, ok := c.pending[key]; !ok {
			continue
		}
		if _, reason := lookup(c.has, c.basePath, target); reason == "" && !mayChange(c.basePath, target) {
			delete(c.pending, key)
		}
	}
}

// AddPage registers an HTML page and checks its href and src links.
func (c *Checker) AddPage(page string, doc []byte) {
	pageURL := c.basePath + strings.TrimSuffix(page, "index.html")
	scan := scans.Get().(*pageScan)
	defer scan.release()
	eachAttr(doc, linkAndIDAttrs, func(k int, v []byte) {
		if k >= 2 {
			scan.ids = append(scan.ids, v)
			return
		}
		l := unescape(string(v))
		if target, frag, ok := resolveFast(pageURL, l); ok {
			scan.links = append(scan.links, link{l, target, frag})
		}
	})
	links, ids := scan.links, scan.ids

	c.mu.Lock()
	defer c.mu.Unlock()
	c.add(page)
	idx := int32(-1) // in pages, once a link is pending
	for _, l := range links {
		file, reason := lookup(c.has, c.basePath, l.target)
		switch {
		case reason != "" || mayChange(c.basePath, l.target):
			// Its target may be written later; decide at the end.
		case l.frag == "" || !strings.HasSuffix(file, ".html"):
			continue
		case file == page:
			if !hasID(ids, l.frag) {
				c.broken = append(c.broken, Broken{Page: page, Link: l.text, Reason: missingID(l.frag, file)})
			}
			continue
		}
		key := pendingTarget{l.target, l.frag}
		byLink := c.pending[key]
		if byLink == nil {
			byLink = map[string][]pageRef{}
			c.pending[key] = byLink
		}
		if idx < 0 {
			idx = int32(len(c.pages))
			c.pages = append(c.pages, page)
		}
		refs := byLink[l.text]
		if n := len(refs); n > 0 && refs[n-1].page == idx {
			refs[n-1].n++ // the same link again on this page
		} else {
			byLink[l.text] = append(refs, pageRef{idx, 1})
		}
	}
}

type link struct{ text, target, frag string }

// pageScan is what AddPage reads of a page before it takes the lock: its
// links and its ids and names, as written. A page has dozens of each, so
// the slices are reused from page to page.
type pageScan struct {
	links []link
	ids   [][]byte
}

var scans = sync.Pool{New: func() any { return new(pageScan) }}

// release empties the scan, so the pool keeps no page alive, and puts it
// back.
func (s *pageScan) release() {
	clear(s.links)
	clear(s.ids)
	s.links, s.ids = s.links[:0], s.ids[:0]
	scans.Put(s)
}

// Broken returns every broken link of the site, sorted by page and link.
// read returns a page's bytes; it is called only for pages that other
// pages link into with a #fragment.
func (c *Checker) Broken(read func(page string) ([]byte, error)) []Broken {
	c.mu.Lock()
	defer c.mu.Unlock()
	broken := slices.Clone(c.broken)
	ids := map[string]map[string]bool{}
	for key, byLink := range c.pending {
		file, reason := lookup(c.has, c.basePath, key.target)
		if reason == "" && key.frag != "" && strings.HasSuffix(file, ".html") {
			set, ok := ids[file]
			if !ok {
				doc, err := read(file)
				if err != nil {
					reason = fmt.Sprintf("cannot read %s to find id %q: %v", file, key.frag, err)
				} else {
					set = idSet(doc)
					ids[file] = set
				}
			}
			if reason == "" && !set[key.frag] {
				reason = missingID(key.frag, file)
			}
		}
		if reason == "" {
			continue
		}
		for link, refs := range byLink {
			for _, ref := range refs {
				for range ref.n {
					broken = append(broken, Broken{Page: c.pages[ref.page], Link: link, Reason: reason})
				}
			}
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

// linkAndIDAttrs are the attributes AddPage reads: links (href, src) and
// what a fragment can point at (id, name).
var linkAndIDAttrs = []string{"href", "src", "id", "name"}

// hasID reports whether frag is one of a page's ids (or names), given as
// written: a page's links to its own sections (a plan page's contents) are
// checked against the ids found in the same pass as its links.
func hasID(ids [][]byte, frag string) bool {
	for _, id := range ids {
		if bytes.IndexByte(id, '&') < 0 {
			if string(id) == frag {
				return true
			}
		} else if unescape(string(id)) == frag {
			return true
		}
	}
	return false
}

// idSet is every id and name attribute of a page.
func idSet(doc []byte) map[string]bool {
	set := map[string]bool{}
	eachAttr(doc, linkAndIDAttrs[2:], func(_ int, v []byte) { set[unescape(string(v))] = true })
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
