// Package sitegraph reads a built static site — a directory of HTML pages and
// the files they use — into the facts two builds of the same plans must agree
// on: which pages exist, their titles and top headings, the anchors they
// define and the internal pages and anchors they link to. Compare diffs two
// such graphs; BrokenLinks finds internal links with no target.
//
// It knows nothing about how a site was built, so the same code judges
// `rolloutdocs build` and Hugo's output alike.
package sitegraph

import (
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Page is one HTML file of a site.
type Page struct {
	// URL is the page's site-absolute URL: "/plans/dark-mode/" for
	// plans/dark-mode/index.html, "/404.html" for 404.html.
	URL string
	// File is the page's path relative to the site's directory.
	File string
	// Title is the text of <title>, H1 that of the first <h1>, both with
	// white space collapsed.
	Title string
	H1    string
	// Text is the text of the page's <body>, white space collapsed: what a
	// reader reads, header and footer included.
	Text string
	// IDs are the element ids a link's #fragment may point at.
	IDs map[string]bool
	// Links are the internal targets of the page's <a href>s, resolved to
	// site-absolute URLs in the form of Page.URL, fragment kept; sorted,
	// without duplicates.
	Links []string
	// Assets are the internal targets of <link href>, <script src> and
	// <img src>: files the page needs to display.
	Assets []string
}

// Site is a built site's pages, by URL.
type Site struct {
	Dir   string
	Pages map[string]*Page
	// Files holds every file's site-absolute path ("/style.css"), pages
	// included, so links to non-HTML files can be checked.
	Files map[string]bool
	// hosts are the origins ("https://docs.example.com") whose absolute
	// URLs count as internal.
	hosts []string
	// root is the URL path the directory is served at ("/" or
	// "/rollouts/").
	root string
}

// Option configures Load.
type Option func(*Site)

// WithBaseURL makes absolute links to baseURL's origin internal, as they are
// for a Hugo site whose templates use .Permalink.
func WithBaseURL(baseURL string) Option {
	return func(s *Site) {
		if u, err := url.Parse(baseURL); err == nil && u.Host != "" {
			s.hosts = append(s.hosts, u.Scheme+"://"+u.Host)
		}
	}
}

// ServedAt says the directory is served under a path ("/rollouts/"), as a
// site built with that base URL is: page URLs and links then read as a
// browser sees them.
func ServedAt(root string) Option {
	return func(s *Site) {
		s.root = "/" + strings.Trim(root, "/") + "/"
		if s.root == "//" {
			s.root = "/"
		}
	}
}

// Load reads every file under dir. HTML files (*.html) become Pages.
func Load(dir string, opts ...Option) (*Site, error) {
	s := &Site{Dir: dir, Pages: map[string]*Page{}, Files: map[string]bool{}, root: "/"}
	for _, o := range opts {
		o(s)
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		s.Files[s.root+rel] = true
		if !strings.HasSuffix(rel, ".html") {
			return nil
		}
		page, err := s.readPage(p, rel)
		if err != nil {
			return fmt.Errorf("reading page %s: %w", p, err)
		}
		s.Pages[page.URL] = page
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("loading site %s: %w", dir, err)
	}
	return s, nil
}

// PageURL is the URL a file is served at: directories' index.html drops
// its name.
func PageURL(rel string) string {
	u := "/" + strings.TrimPrefix(filepath.ToSlash(rel), "/")
	if u == "/index.html" {
		return "/"
	}
	if strings.HasSuffix(u, "/index.html") {
		return strings.TrimSuffix(u, "index.html")
	}
	return u
}

func (s *Site) readPage(file, rel string) (*Page, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := html.Parse(f)
	if err != nil {
		return nil, err
	}
	page := &Page{URL: s.root + strings.TrimPrefix(PageURL(rel), "/"), File: rel, IDs: map[string]bool{}}
	links, assets := map[string]bool{}, map[string]bool{}
	var body *html.Node
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		if id := attr(n, "id"); id != "" {
			page.IDs[id] = true
		}
		switch n.DataAtom {
		case atom.Body:
			body = n
		case atom.Title:
			if page.Title == "" {
				page.Title = text(n)
			}
		case atom.H1:
			if page.H1 == "" {
				page.H1 = text(n)
			}
		case atom.A:
			if name := attr(n, "name"); name != "" {
				page.IDs[name] = true
			}
			if t, ok := s.resolve(page.URL, attr(n, "href")); ok {
				links[t] = true
			}
		case atom.Link:
			if t, ok := s.resolve(page.URL, attr(n, "href")); ok {
				assets[t] = true
			}
		case atom.Script, atom.Img:
			if t, ok := s.resolve(page.URL, attr(n, "src")); ok {
				assets[t] = true
			}
		}
	}
	if body != nil {
		page.Text = text(body)
	}
	page.Links = slices.Sorted(maps.Keys(links))
	page.Assets = slices.Sorted(maps.Keys(assets))
	return page, nil
}

// resolve turns an href found on the page at base into a site-absolute
// URL; ok is false for external links, mailto: and the like, and empty
// hrefs.
func (s *Site) resolve(base, href string) (string, bool) {
	href = strings.TrimSpace(href)
	if href == "" {
		return "", false
	}
	for _, h := range s.hosts {
		if rest, ok := strings.CutPrefix(href, h); ok && (rest == "" || strings.HasPrefix(rest, "/")) {
			href = "/" + strings.TrimPrefix(rest, "/")
		}
	}
	u, err := url.Parse(href)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" {
		return "", false
	}
	b, _ := url.Parse(base)
	r := b.ResolveReference(u)
	p := r.Path
	if p == "" {
		p = "/"
	}
	// A directory URL without its slash or with its index.html named is
	// the same page; keep one spelling.
	if strings.HasSuffix(p, "/index.html") {
		p = strings.TrimSuffix(p, "index.html")
	} else if !strings.HasSuffix(p, "/") && path.Ext(p) == "" {
		p += "/"
	}
	if r.Fragment != "" {
		p += "#" + r.Fragment
	}
	return p, true
}

// BrokenLink is a link whose target page, file or anchor does not exist.
type BrokenLink struct {
	From, To string
	Why      string
}

func (b BrokenLink) String() string { return fmt.Sprintf("%s -> %s: %s", b.From, b.To, b.Why) }

// BrokenLinks lists every internal link or asset on every page whose target
// is missing, sorted by page then target.
func (s *Site) BrokenLinks() []BrokenLink {
	var broken []BrokenLink
	for _, u := range s.URLs() {
		p := s.Pages[u]
		for _, t := range append(slices.Clone(p.Links), p.Assets...) {
			if why := s.missing(t); why != "" {
				broken = append(broken, BrokenLink{From: u, To: t, Why: why})
			}
		}
	}
	return broken
}

func (s *Site) missing(target string) string {
	pathPart, frag, _ := strings.Cut(target, "#")
	if q := strings.IndexByte(pathPart, '?'); q >= 0 {
		pathPart = pathPart[:q]
	}
	unescaped, err := url.PathUnescape(pathPart)
	if err == nil {
		pathPart = unescaped
	}
	if page, ok := s.Pages[pathPart]; ok {
		if frag != "" && !page.IDs[frag] {
			return fmt.Sprintf("page has no element with id %q", frag)
		}
		return ""
	}
	if s.Files[pathPart] {
		return ""
	}
	return "no such page or file"
}

// URLs returns the site's page URLs, sorted.
func (s *Site) URLs() []string {
	return slices.Sorted(maps.Keys(s.Pages))
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == name {
			return a.Val
		}
	}
	return ""
}

// text is the node's text content with white space collapsed; script and
// style contents are not text.
func text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode && (d.Parent == nil || (d.Parent.DataAtom != atom.Script && d.Parent.DataAtom != atom.Style)) {
			b.WriteString(d.Data)
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
