package serve

import (
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/site"
)

// The index files the site builder makes on request are served, and after
// a save they hold the saved plan.
func TestServesIndexFilesMadeOnRequest(t *testing.T) {
	src := copyDemo(t)
	b, err := site.New(site.Config{Source: src, BaseURL: "/", IndexesOnRequest: true})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(Options{Builder: SiteBuilder(b), Log: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	get := func(path string) (int, string, string) {
		t.Helper()
		resp, err := hs.Client().Get(hs.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, resp.Header.Get("Content-Type"), string(body)
	}
	for _, c := range []struct{ path, ctype, start string }{
		{"/portfolio.json", "application/json", `{"site":`},
		{"/search.json", "application/json", `[`},
		{"/sitemap.xml", "xml", `<?xml`},
	} {
		status, ctype, body := get(c.path)
		if status != 200 || !strings.Contains(ctype, c.ctype) || !strings.HasPrefix(body, c.start) {
			t.Errorf("GET %s: %d %q %.40q", c.path, status, ctype, body)
		}
	}

	p := filepath.Join(src, "content", "plans", "dark-mode.md")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, src, "content/plans/dark-mode.md", mustReplace(t, string(data), "title: Dark Mode", "title: Dark Mode Everywhere"))
	srv.Rebuild([]string{p}, false)
	for _, path := range []string{"/portfolio.json", "/search.json"} {
		if _, _, body := get(path); !strings.Contains(body, "Dark Mode Everywhere") {
			t.Errorf("GET %s after the save lacks the new title", path)
		}
	}
}
