package e2e

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/site"
	"github.com/rolloutdocs/rolloutdocs/internal/testtool"
)

// allPages audits every page rather than a sample of each kind.
var allPages = flag.Bool("e2e.all", false, "run the accessibility audit on every page, not a sample of each kind")

// subPath is where the sites are served, to prove links honour the base
// URL's path.
const subPath = "/rollouts/"

// builtSite is a site written to a temporary directory.
type builtSite struct {
	Dir    string
	Source string // the source directory it was built from
	Result *site.Result
}

var (
	buildMu sync.Mutex
	builds  = map[string]*builtSite{}
	// tempSources are source directories made for a build, removed at exit.
	tempSources []string
)

// buildExample builds the repository's example portfolio (content/) with
// the real builder for baseURL, once per test binary and base URL.
func buildExample(t *testing.T, baseURL string) *builtSite {
	t.Helper()
	root, err := testtool.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	return buildOnce(t, "example "+baseURL, root, baseURL)
}

// historyRepoURL is the repo_url of the build with history: commits link
// under it.
const historyRepoURL = "https://git.example/org/plans/blob/main/"

// buildWithInvalidDraft builds the example portfolio plus
// testdata/invalid-draft.md, a plan that fails check and carries markup in
// its title and body, so the pages of an invalid plan are checked too. The
// source is a git repository whose commits (historyCommits) move
// dark-mode through four statuses and rename the draft, so the pages
// carry history from git as a published site's do.
func buildWithInvalidDraft(t *testing.T) *builtSite {
	t.Helper()
	return buildOnceFunc(t, "invalid", func() string {
		root, err := testtool.RepoRoot()
		if err != nil {
			t.Fatal(err)
		}
		src, err := os.MkdirTemp("", "rolloutdocs-e2e-source-")
		if err != nil {
			t.Fatal(err)
		}
		tempSources = append(tempSources, src)
		copyDir(t, filepath.Join(root, "content"), filepath.Join(src, "content"))
		historyCommits(t, src)
		return src
	}, subPath, site.Config{GitHistory: true, RepoURL: historyRepoURL})
}

// historySubject is a commit subject with markup, quotes, an ampersand and
// letters beyond ASCII, as people write them.
const historySubject = `Dark mode: "ready" for review & <b>sign-off</b> – Zoë`

// historyCommits makes src a git repository whose history ends at the
// files as they are, plus the invalid draft as plans/payments-retry.md:
// dark-mode is committed as draft, then in-review (historySubject), then
// approved, then launched as its file says; the draft is committed as
// draft-payments-retry.md and renamed. postgres-16-migration has no start.
func historyCommits(t *testing.T, src string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		testtool.Missing(t, "git is not installed: apt-get install git")
	}
	plans := filepath.Join(src, "content", "plans")
	dm := filepath.Join(plans, "dark-mode.md")
	orig, err := os.ReadFile(dm)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(orig), "\nstatus: launched\n") {
		t.Fatal("content/plans/dark-mode.md no longer says status: launched; update historyCommits")
	}
	status := func(s string) {
		data := strings.Replace(string(orig), "\nstatus: launched\n", "\nstatus: "+s+"\n", 1)
		if err := os.WriteFile(dm, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	day := 0
	git := func(who string, args ...string) {
		t.Helper()
		date := fmt.Sprintf("2026-03-%02dT09:30:00+01:00", day+1)
		cmd := exec.Command("git", append([]string{"-C", src, "-c", "user.name=" + who, "-c", "user.email=team@example.com"}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date,
			"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	commit := func(who, subject string) {
		t.Helper()
		git(who, "add", "-A")
		git(who, "commit", "-q", "-m", subject)
		day++
	}
	git("", "init", "-q", "-b", "main")
	status("draft")
	copyFile(t, "testdata/invalid-draft.md", filepath.Join(plans, "draft-payments-retry.md"))
	commit("Ann Lee", "Add the portfolio")
	status("in-review")
	commit("Zoë Ünal", historySubject)
	git("", "mv", filepath.Join(plans, "draft-payments-retry.md"), filepath.Join(plans, "payments-retry.md"))
	commit("Bo Chan", "Payments retry: rename the draft")
	status("approved")
	commit("Cy & Dee O'Neil", "Approve dark mode")
	status("launched")
	commit("Ann Lee", "Dark mode is launched")
}

func buildOnce(t *testing.T, key, source, baseURL string) *builtSite {
	t.Helper()
	return buildOnceFunc(t, key, func() string { return source }, baseURL, site.Config{})
}

// buildOnceFunc builds the source that source makes for baseURL, once
// per key, with the settings of cfg besides Source and BaseURL.
func buildOnceFunc(t *testing.T, key string, source func() string, baseURL string, cfg site.Config) *builtSite {
	t.Helper()
	buildMu.Lock()
	defer buildMu.Unlock()
	if s, ok := builds[key]; ok {
		return s
	}
	src := source()
	cfg.Source, cfg.BaseURL = src, baseURL
	b, err := site.New(cfg)
	if err != nil {
		t.Fatalf("configuring the build of %s: %v", src, err)
	}
	res, err := b.Build()
	if err != nil {
		t.Fatalf("building %s: %v", src, err)
	}
	// Not t.TempDir: the site outlives the first test that asks for it.
	dir, err := os.MkdirTemp("", "rolloutdocs-e2e-site-")
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range res.Files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := &builtSite{Dir: dir, Source: src, Result: res}
	builds[key] = s
	return s
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	for _, s := range builds {
		os.RemoveAll(s.Dir)
	}
	for _, dir := range tempSources {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// Page kinds, named as in layouts/README.md.
const (
	kindHome            = "home"
	kindPlan            = "plan"
	kindPhase           = "phase"
	kindMetric          = "metric"
	kindMetricsIndex    = "metrics"
	kindPortfolioMetric = "portfolio-metric"
	kindCalendar        = "calendar"
	kind404             = "404"
)

var allKinds = []string{kindHome, kindPlan, kindPhase, kindMetric, kindMetricsIndex, kindPortfolioMetric, kindCalendar, kind404}

var kindPatterns = []struct {
	kind string
	re   *regexp.Regexp
}{
	{kindHome, regexp.MustCompile(`^index\.html$`)},
	{kind404, regexp.MustCompile(`^404\.html$`)},
	{kindMetricsIndex, regexp.MustCompile(`^metrics/index\.html$`)},
	{kindCalendar, regexp.MustCompile(`^calendar/index\.html$`)},
	{kindPortfolioMetric, regexp.MustCompile(`^metrics/[^/]+/index\.html$`)},
	{kindPlan, regexp.MustCompile(`^plans/[^/]+/index\.html$`)},
	{kindPhase, regexp.MustCompile(`^plans/[^/]+/phases/[^/]+/index\.html$`)},
	{kindMetric, regexp.MustCompile(`^plans/[^/]+/metrics/[^/]+/index\.html$`)},
}

// pageKind returns the kind of the page at a site path, or "" for a file
// that is not one of the known pages.
func pageKind(file string) string {
	for _, k := range kindPatterns {
		if k.re.MatchString(file) {
			return k.kind
		}
	}
	return ""
}

// pagesByKind groups the site's HTML pages by kind, each list sorted.
func pagesByKind(t *testing.T, files map[string][]byte) map[string][]string {
	t.Helper()
	byKind := map[string][]string{}
	for name := range files {
		if path.Ext(name) != ".html" {
			continue
		}
		k := pageKind(name)
		if k == "" {
			t.Errorf("page %s is of no known kind; teach pageKind about it", name)
			continue
		}
		byKind[k] = append(byKind[k], name)
	}
	for _, k := range allKinds {
		if len(byKind[k]) == 0 {
			t.Errorf("the site has no %s page", k)
		}
		slices.Sort(byKind[k])
	}
	return byKind
}

// urlPath is the site-relative URL of a page file: "plans/x/index.html"
// is served as "plans/x/".
func urlPath(file string) string {
	if file == "index.html" {
		return ""
	}
	return strings.TrimSuffix(file, "index.html")
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		copyFile(t, p, filepath.Join(to, rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
