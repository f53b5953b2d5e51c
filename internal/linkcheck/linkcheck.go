// Package linkcheck verifies that every internal link and anchor in a built
// site resolves to a file of the site and an id on that page. Links are
// resolved the way a browser would, relative to the page and to the base
// URL's path, so a site meant for https://docs.example/rollouts/ is checked
// as it will be served there.
package linkcheck

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"
)

// Broken is one link that does not resolve.
type Broken struct {
	// Page is the site path of the page holding the link.
	Page string
	// Link is the href or src as written (HTML entities decoded).
	Link string
	// Reason says what is missing.
	Reason string
}

func (b Broken) String() string { return fmt.Sprintf("%s: link %q: %s", b.Page, b.Link, b.Reason) }

// Check returns the broken internal links of files (site paths such as
// "plans/x/index.html" mapped to their bytes). basePath is the base URL's
// path, "/" or "/rollouts/". Only .html pages are scanned; links to any file
// of the site count.
func Check(files map[string][]byte, basePath string) []Broken {
	c := NewChecker(basePath)
	for name := range files {
		c.AddFile(name)
	}
	for _, page := range sortedPages(files) {
		c.AddPage(page, files[page])
	}
	return c.Broken(func(name string) ([]byte, error) { return files[name], nil })
}

func sortedPages(files map[string][]byte) []string {
	var pages []string
	for name := range files {
		if strings.HasSuffix(name, ".html") {
			pages = append(pages, name)
		}
	}
	slices.Sort(pages)
	return pages
}

// resolve turns link, found on the page served at pageURL, into an absolute
// URL path and fragment. ok is false for links that leave the site.
func resolve(pageURL, link string) (target, frag string, ok bool) {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" {
		return "", "", false
	}
	base, _ := url.Parse(pageURL)
	abs := base.ResolveReference(u)
	return abs.Path, u.Fragment, true
}

// lookup maps a URL path to the site file a static server would answer it
// with, or says why there is none.
func lookup(has func(string) bool, basePath, target string) (file, reason string) {
	// target+"/" starts with basePath, which ends in a slash.
	if !strings.HasPrefix(target, basePath) && target != strings.TrimSuffix(basePath, "/") {
		return "", fmt.Sprintf("points outside the site's base path %s", basePath)
	}
	rel := strings.TrimPrefix(target, basePath)
	if rel == strings.TrimSuffix(basePath, "/") {
		rel = ""
	}
	rel = strings.TrimPrefix(rel, "/")
	file = rel
	switch {
	case rel == "" || strings.HasSuffix(rel, "/"):
		file = rel + "index.html"
	case path.Ext(rel) == "":
		// Servers redirect /x to /x/; a link should not rely on it.
		if has(rel + "/index.html") {
			return "", fmt.Sprintf("missing trailing slash (the page is %s/)", target)
		}
	}
	if has(file) {
		return file, ""
	}
	return "", "no such page or file in the site"
}

// Attrs returns the values of every attribute called name in the HTML
// document, entities decoded. It expects the attribute quoting that
// html/template and goldmark produce (double quotes; a literal quote inside
// a value is always escaped), which is all rolloutdocs writes, and is far
// faster than a full tokenizer on large sites.
func Attrs(doc []byte, name string) []string {
	needle := []byte(name + `="`)
	var out []string
	for i := 0; ; {
		j := bytes.Index(doc[i:], needle)
		if j < 0 {
			return out
		}
		start := i + j
		i = start + len(needle)
		if start == 0 || !isSpace(doc[start-1]) {
			continue // part of a longer name, e.g. data-href=
		}
		end := bytes.IndexByte(doc[i:], '"')
		if end < 0 {
			return out
		}
		out = append(out, unescape(string(doc[i:i+end])))
		i += end + 1
	}
}

// eachAttr calls fn(k, value) for every attribute called names[k] in doc,
// in document order, with the value as written (entities not decoded):
// for each name, exactly the values Attrs finds. It reads the document
// once for all the names, looking for `="`: '=' is rare in HTML outside
// attributes, while the first letter of an attribute's name is in every
// other word (a page's links and ids cost one pass instead of four).
func eachAttr(doc []byte, names []string, fn func(k int, value []byte)) {
	var resume [4]int // per name, where Attrs would search next
	if len(names) > len(resume) {
		panic("linkcheck: eachAttr takes at most 4 names")
	}
	for i := 0; ; {
		j := bytes.IndexByte(doc[i:], '=')
		if j < 0 {
			return
		}
		eq := i + j
		i = eq + 1
		if i == len(doc) || doc[i] != '"' {
			continue
		}
		i++
		for k, name := range names {
			start := eq - len(name)
			if start <= 0 || start < resume[k] || !isSpace(doc[start-1]) || string(doc[start:eq]) != name {
				continue
			}
			end := bytes.IndexByte(doc[i:], '"')
			if end < 0 {
				return // no quote closes it, nor any attribute after it
			}
			fn(k, doc[i:i+end])
			resume[k] = i + end + 1
			break // the name before this '=' is one name
		}
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

var entities = strings.NewReplacer("&amp;", "&", "&#38;", "&", "&quot;", `"`, "&#34;", `"`, "&#39;", "'", "&lt;", "<", "&gt;", ">", "&#43;", "+")

func unescape(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return entities.Replace(s)
}
