package browsertest

import (
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"strings"
	"sync"
	"testing"
)

// Site is a directory of built pages served over HTTP on 127.0.0.1, the way
// a static docs server hosts it: under a sub-path when one is given, with
// the site's 404.html for missing pages.
type Site struct {
	server *httptest.Server
	// Base is the address of the site's root, ending in "/", such as
	// http://127.0.0.1:41234/rollouts/.
	Base string

	mu       sync.Mutex
	notFound []string
}

// ServeDir starts serving dir at prefix ("/" or a sub-path such as
// "/rollouts/"). Requests outside prefix get a bare 404, so a page that
// links above its base URL is caught. Close stops the server.
func ServeDir(dir, prefix string) (*Site, error) {
	if fi, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("serving %s: %w", dir, err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("serving %s: not a directory", dir)
	}
	prefix = normalizePrefix(prefix)
	s := &Site{}
	s.server = httptest.NewServer(s.handler(os.DirFS(dir), prefix))
	s.Base = s.server.URL + prefix
	return s, nil
}

// Serve is ServeDir for tests; the server stops when the test ends.
func Serve(t testing.TB, dir, prefix string) *Site {
	t.Helper()
	s, err := ServeDir(dir, prefix)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// Close stops the server.
func (s *Site) Close() { s.server.Close() }

// URL returns the address of rel, a path relative to the site's root such
// as "plans/checkout-redesign/" ("" is the root).
func (s *Site) URL(rel string) string {
	return s.Base + strings.TrimPrefix(rel, "/")
}

// NotFound returns the paths requested so far that did not exist, in
// order: a page that loads a missing stylesheet, script or image shows up
// here even when the page itself loaded.
func (s *Site) NotFound() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.notFound...)
}

func (s *Site) recordNotFound(p string) {
	if p == "/favicon.ico" {
		return // the browser asks for it on its own; see isImplicitFavicon
	}
	s.mu.Lock()
	s.notFound = append(s.notFound, p)
	s.mu.Unlock()
}

func normalizePrefix(prefix string) string {
	prefix = "/" + strings.Trim(prefix, "/") + "/"
	if prefix == "//" {
		return "/"
	}
	return prefix
}

func (s *Site) handler(site fs.FS, prefix string) http.Handler {
	files := http.FileServerFS(site)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rel, ok := strings.CutPrefix(r.URL.Path, prefix)
		if !ok {
			s.recordNotFound(r.URL.Path)
			http.Error(w, "outside the site's base path "+prefix, http.StatusNotFound)
			return
		}
		if !exists(site, rel) {
			s.recordNotFound(r.URL.Path)
			serveNotFoundPage(w, site)
			return
		}
		r2 := r.Clone(r.Context())
		r2.URL.Path = "/" + rel
		r2.URL.RawPath = ""
		w.Header().Set("Cache-Control", "no-store")
		files.ServeHTTP(w, r2)
	})
}

// exists reports whether rel names a file, or a directory with an
// index.html, in site.
func exists(site fs.FS, rel string) bool {
	name := path.Clean("/" + rel)[1:]
	if name == "" {
		name = "."
	}
	fi, err := fs.Stat(site, name)
	if err != nil {
		return false
	}
	if fi.IsDir() {
		_, err := fs.Stat(site, path.Join(name, "index.html"))
		return err == nil
	}
	return true
}

// serveNotFoundPage answers 404 with the site's own 404.html, as static
// hosts do, or a plain message when the site has none.
func serveNotFoundPage(w http.ResponseWriter, site fs.FS) {
	body, err := fs.ReadFile(site, "404.html")
	if err != nil {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	w.Write(body)
}
