package hugoexport_test

// The theme test: the example portfolio, exported into a copy of
// testdata/hugosite and built by the real (pinned) Hugo, must give the pages
// `rolloutdocs build` gives: the same URLs, titles, top headings and
// internal links, the same portfolio.json and search.json, every page in the
// sitemap, and no broken link anywhere in the Hugo site, whose own pages
// must come through untouched.
//
// It needs hugo on PATH (.ci/run builds the version pinned in tools/hugo);
// without it the test skips locally and fails when CI=true.

import (
	"bytes"
	"context"
	"html"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rolloutdocs/rolloutdocs/internal/site"
	"github.com/rolloutdocs/rolloutdocs/internal/sitegraph"
	"github.com/rolloutdocs/rolloutdocs/internal/testtool"
)

// section is where the test site publishes the plans; siteURL is its
// baseURL (testdata/hugosite/hugo.toml).
const (
	section = "rollouts"
	siteURL = "https://docs.example.com/"
)

// needHugo returns the hugo on PATH, checking it is the pinned version.
func needHugo(t *testing.T, root string) string {
	t.Helper()
	bin, err := exec.LookPath("hugo")
	if err != nil {
		testtool.Missing(t, "hugo is not on PATH: build the pinned one with `cd tools/hugo && go build -o ../../.bin/hugo github.com/gohugoio/hugo` and put .bin on PATH")
	}
	want := pinnedHugo(t, root)
	out, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil {
		t.Fatalf("%s version: %v\n%s", bin, err, out)
	}
	if !bytes.Contains(out, []byte(want+" ")) {
		testtool.Missing(t, "%s is %s; the theme is tested with Hugo %s (tools/hugo/go.mod)", bin, bytes.TrimSpace(out), want)
	}
	return bin
}

// pinnedHugo reads the Hugo version tools/hugo/go.mod pins.
func pinnedHugo(t *testing.T, root string) string {
	t.Helper()
	gomod, err := os.ReadFile(filepath.Join(root, "tools", "hugo", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*github\.com/gohugoio/hugo (v\S+)`).FindSubmatch(gomod)
	if m == nil {
		t.Fatal("tools/hugo/go.mod does not pin github.com/gohugoio/hugo")
	}
	return string(m[1])
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := testtool.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// copyDir copies the test site so the export and Hugo's output stay out of
// the repository.
func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			if rel == "public" || rel == filepath.Join("data", "rolloutdocs") {
				return filepath.SkipDir // left over from trying the site by hand
			}
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// buildExample builds the portfolio in source (a directory holding
// content/plans) the way `rolloutdocs build --base-url /rollouts/` and
// `rolloutdocs export` do.
func buildExample(t *testing.T, source string) (*site.Builder, *site.Result) {
	t.Helper()
	b, err := site.New(site.Config{Source: source, BaseURL: "/" + section + "/"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if res.Plans == 0 {
		t.Fatalf("the portfolio in %s has no plans", source)
	}
	return b, res
}

func writeFiles(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// runHugo builds the site in dir with the module replaced by this checkout,
// and fails on any error or warning Hugo prints.
func runHugo(t *testing.T, bin, root, dir string) string {
	t.Helper()
	public := filepath.Join(dir, "public")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--source", dir, "--destination", public, "--logLevel", "warn")
	cmd.Env = append(os.Environ(),
		// The test site names the checkout relative to its own folder; its
		// copy is elsewhere, so name the checkout absolutely.
		"HUGO_MODULE_REPLACEMENTS=github.com/rolloutdocs/rolloutdocs -> "+root,
		"HUGO_CACHEDIR="+t.TempDir(),
		"HUGO_ENVIRONMENT=production",
	)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("hugo failed: %v\n%s", err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, "WARN") || strings.Contains(line, "ERROR") {
			t.Errorf("hugo: %s", line)
		}
	}
	return public
}

func TestHugoPublishesTheSamePagesAsBuild(t *testing.T) {
	root := repoRoot(t)
	compareWithHugo(t, root, root, 20)
}

// TestHugoPublishesNonASCIINamesAtTheSameURLs: plans whose file names,
// titles, phases and metrics are written in French, Russian and Japanese
// (with a space, a curly apostrophe and an emoji-only metric name) get the
// same pages, links and percent-encoded sitemap entries from Hugo as from
// `rolloutdocs build`.
func TestHugoPublishesNonASCIINamesAtTheSameURLs(t *testing.T) {
	root := repoRoot(t)
	compareWithHugo(t, root, filepath.Join("testdata", "intl"), 30)
}

// compareWithHugo builds the portfolio in source with `rolloutdocs build`
// and, exported, with Hugo into a copy of testdata/hugosite, and compares
// the two sites; the build must make at least minPages pages.
func compareWithHugo(t *testing.T, root, source string, minPages int) {
	hugo := needHugo(t, root)

	// The Hugo side: export into a copy of the test site, run hugo.
	hugoSite := filepath.Join(t.TempDir(), "site")
	copyDir(t, filepath.Join(root, "testdata", "hugosite"), hugoSite)
	streamExport(t, source, hugoSite)
	public := runHugo(t, hugo, root, hugoSite)

	// The rolloutdocs side: the same plans built for /rollouts/.
	_, res := buildExample(t, source)
	buildDir := filepath.Join(t.TempDir(), "build")
	writeFiles(t, buildDir, res.Files)

	built, err := sitegraph.Load(buildDir, sitegraph.ServedAt("/"+section+"/"))
	if err != nil {
		t.Fatal(err)
	}
	hugoOut, err := sitegraph.Load(public, sitegraph.WithBaseURL(siteURL))
	if err != nil {
		t.Fatal(err)
	}

	prefix := "/" + section + "/"
	rolloutdocsPage := func(u string) bool {
		// The 404 page is the Hugo site's own business.
		return strings.HasPrefix(u, prefix) && u != prefix+"404.html"
	}
	if n := len(slices.DeleteFunc(built.URLs(), func(u string) bool { return !rolloutdocsPage(u) })); n < minPages {
		t.Fatalf("rolloutdocs build made only %d pages of the portfolio in %s", n, source)
	}

	t.Run("same pages, titles, headings and links", func(t *testing.T) {
		for _, d := range sitegraph.Compare(built, hugoOut, sitegraph.Scope{Page: rolloutdocsPage}) {
			t.Errorf("A = rolloutdocs build, B = Hugo: %s", d)
		}
	})

	t.Run("no broken links in the Hugo site", func(t *testing.T) {
		for _, bl := range hugoOut.BrokenLinks() {
			t.Errorf("broken link: %s", bl)
		}
	})

	t.Run("same portfolio.json, search.json, calendar.ics and feed.xml", func(t *testing.T) {
		for _, name := range []string{"portfolio.json", "search.json", "calendar.ics", "feed.xml"} {
			got, err := os.ReadFile(filepath.Join(public, section, name))
			if err != nil {
				t.Errorf("Hugo did not publish %s%s: %v", prefix, name, err)
				continue
			}
			if !bytes.Equal(got, res.Files[name]) {
				t.Errorf("%s%s differs from rolloutdocs build's (%d bytes, want %d)", prefix, name, len(got), len(res.Files[name]))
			}
		}
	})

	t.Run("every page in Hugo's sitemap", func(t *testing.T) {
		// Hugo writes the site's sitemap (with lastmod and the site's own
		// pages); the rolloutdocs pages in it must be those of build's.
		want := sitemapPaths(t, res.Files["sitemap.xml"], "")
		hugoMap, err := os.ReadFile(filepath.Join(public, "sitemap.xml"))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range sitemapPaths(t, hugoMap, strings.TrimSuffix(siteURL, "/")) {
			if strings.HasPrefix(p, prefix) {
				got = append(got, p)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("rolloutdocs pages in Hugo's sitemap:\n%v\nwant (build's sitemap):\n%v", got, want)
		}
	})

	t.Run("the site keeps its own pages and nothing else leaks in", func(t *testing.T) {
		for _, u := range []string{"/", "/on-call/"} {
			p := hugoOut.Pages[u]
			if p == nil {
				t.Errorf("the site's own page %s is missing", u)
				continue
			}
			data, _ := os.ReadFile(filepath.Join(public, filepath.FromSlash(p.File)))
			if !bytes.Contains(data, []byte(`class="site-own"`)) {
				t.Errorf("the site's own page %s is not rendered by the site's own layouts:\n%s", u, data)
			}
		}
		for _, u := range hugoOut.URLs() {
			if strings.HasPrefix(u, prefix) {
				continue
			}
			data, _ := os.ReadFile(filepath.Join(public, filepath.FromSlash(hugoOut.Pages[u].File)))
			if bytes.Contains(data, []byte(`content="rolloutdocs"`)) {
				t.Errorf("%s, outside %s, is rendered by the rolloutdocs layouts", u, prefix)
			}
			if strings.HasPrefix(u, "/plans/") {
				t.Errorf("%s: the module's own content/ leaked into the site", u)
			}
		}
	})
}

var locRE = regexp.MustCompile(`<loc>([^<]*)</loc>`)

// sitemapPaths returns the sorted URL paths of a sitemap's <loc>s, with
// origin cut off the front.
func sitemapPaths(t *testing.T, xml []byte, origin string) []string {
	t.Helper()
	var paths []string
	for _, m := range locRE.FindAllSubmatch(xml, -1) {
		paths = append(paths, strings.TrimPrefix(html.UnescapeString(string(m[1])), origin))
	}
	slices.Sort(paths)
	return paths
}
