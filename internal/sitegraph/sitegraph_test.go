package sitegraph

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// writeSite writes files (path -> content) under a temp dir and loads it.
func writeSite(t *testing.T, files map[string]string, opts ...Option) *Site {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Load(dir, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestPageURL(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"index.html", "/"},
		{"plans/dark-mode/index.html", "/plans/dark-mode/"},
		{"404.html", "/404.html"},
		{"plans/x.html", "/plans/x.html"},
	} {
		if got := PageURL(tc.file); got != tc.want {
			t.Errorf("PageURL(%q) = %q, want %q", tc.file, got, tc.want)
		}
	}
}

func TestResolve(t *testing.T) {
	s := &Site{}
	WithBaseURL("https://docs.example.com/")(s)
	for _, tc := range []struct {
		base, href, want string
		internal         bool
	}{
		{"/plans/a/", "../b/", "/plans/b/", true},
		{"/plans/a/", "phases/1-x/", "/plans/a/phases/1-x/", true},
		{"/plans/a/", "/metrics/", "/metrics/", true},
		{"/plans/a/", "/metrics", "/metrics/", true},
		{"/plans/a/", "/plans/b/index.html", "/plans/b/", true},
		{"/plans/a/", "#overview", "/plans/a/#overview", true},
		{"/plans/a/", "/style.css", "/style.css", true},
		{"/plans/a/", "https://docs.example.com/plans/b/", "/plans/b/", true},
		{"/plans/a/", "https://docs.example.com", "/", true},
		{"/plans/a/", "https://docs.example.community/x/", "", false},
		{"/plans/a/", "https://other.example.com/", "", false},
		{"/plans/a/", "mailto:a@example.com", "", false},
		{"/plans/a/", "//cdn.example.com/x.js", "", false},
		{"/plans/a/", "", "", false},
	} {
		got, ok := s.resolve(tc.base, tc.href)
		if ok != tc.internal || got != tc.want {
			t.Errorf("resolve(%q, %q) = %q, %v; want %q, %v", tc.base, tc.href, got, ok, tc.want, tc.internal)
		}
	}
}

func TestLoadReadsTitlesHeadingsIDsAndLinks(t *testing.T) {
	s := writeSite(t, map[string]string{
		"index.html": `<!doctype html><title> Portfolio
			 · Docs </title><h1>All <em>plans</em></h1>
			<a href="plans/a/">A</a><a href="plans/a/#tasks">A tasks</a><a href="https://example.org/">ext</a>
			<a href="plans/a/">again</a><link rel="stylesheet" href="/style.css"><script src="app.js"></script>`,
		"plans/a/index.html": `<title>A</title><h1>A</h1><h2 id="tasks">Tasks</h2><a name="old"></a><h1>second</h1>`,
		"style.css":          `body{}`,
	})
	if got, want := s.URLs(), []string{"/", "/plans/a/"}; !slices.Equal(got, want) {
		t.Fatalf("URLs = %v, want %v", got, want)
	}
	home := s.Pages["/"]
	if home.Title != "Portfolio · Docs" || home.H1 != "All plans" {
		t.Errorf("home title %q h1 %q", home.Title, home.H1)
	}
	if want := []string{"/plans/a/", "/plans/a/#tasks"}; !slices.Equal(home.Links, want) {
		t.Errorf("home links = %v, want %v", home.Links, want)
	}
	if want := []string{"/app.js", "/style.css"}; !slices.Equal(home.Assets, want) {
		t.Errorf("home assets = %v, want %v", home.Assets, want)
	}
	a := s.Pages["/plans/a/"]
	if a.H1 != "A" || !a.IDs["tasks"] || !a.IDs["old"] {
		t.Errorf("page a: h1 %q ids %v", a.H1, a.IDs)
	}
}

func TestBrokenLinks(t *testing.T) {
	s := writeSite(t, map[string]string{
		"index.html": `<a href="/a/">ok</a><a href="/a/#here">ok anchor</a><a href="/a/#gone">bad anchor</a>
			<a href="/nowhere/">bad page</a><a href="/data.json">file</a><img src="/missing.png">`,
		"a/index.html": `<p id="here">x</p><a href="../">up</a>`,
		"data.json":    `{}`,
	})
	var got []string
	for _, b := range s.BrokenLinks() {
		got = append(got, b.From+" -> "+b.To)
	}
	want := []string{"/ -> /a/#gone", "/ -> /nowhere/", "/ -> /missing.png"}
	if !slices.Equal(got, want) {
		t.Errorf("BrokenLinks = %v, want %v", got, want)
	}
}

func TestCompare(t *testing.T) {
	a := writeSite(t, map[string]string{
		"index.html":         `<title>Home</title><h1>Home</h1><a href="/p/">p</a><a href="/q/">next</a>`,
		"p/index.html":       `<title>P</title><h1>P</h1><a href="/">home</a>`,
		"only-a/index.html":  `<title>A only</title>`,
		"ignored/index.html": `<title>ignored</title>`,
	})
	b := writeSite(t, map[string]string{
		"index.html":        `<title>Home</title><h1>Home</h1><a href="/p/">p</a><a href="/r/">next</a>`,
		"p/index.html":      `<title>P!</title><h1>P</h1><a href="/">home</a> and more`,
		"only-b/index.html": `<title>B only</title>`,
	})
	diffs := Compare(a, b, Scope{Page: func(u string) bool { return !strings.HasPrefix(u, "/ignored/") }})
	var got []string
	for _, d := range diffs {
		got = append(got, d.URL+" "+d.What+" | "+d.A+" | "+d.B)
	}
	want := []string{
		"/ links | only here: /q/ | only here: /r/",
		"/only-a/ missing | only-a/index.html | (no page)",
		"/only-b/ missing | (no page) | only-b/index.html",
		"/p/ title | P | P!",
		"/p/ text | P home | P home and more",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Compare =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// A link filter hides the targets it leaves out.
	if d := Compare(a, b, Scope{Page: func(u string) bool { return u == "/" }, Link: func(t string) bool { return t == "/p/" }}); len(d) != 0 {
		t.Errorf("with link filter: %v, want no differences", d)
	}
}

func TestText(t *testing.T) {
	s := writeSite(t, map[string]string{
		"a/index.html": `<title>not body</title><body><header>Site</header><main><h1>A</h1>
			<p>Some   <em>text</em>,</p><script>var x = 1</script><p>more.</p></main><footer>Foot</footer></body>`,
		"b/index.html": `<p>No body tag</p><style>p{}</style>`,
	})
	for url, want := range map[string]string{"/a/": "Site A Some text , more. Foot", "/b/": "No body tag"} {
		if got := s.Pages[url].Text; got != want {
			t.Errorf("%s: Text = %q, want %q", url, got, want)
		}
	}
}

func TestFirstDifference(t *testing.T) {
	long := strings.Repeat("word ", 30)
	a, b := firstDifference(long+"é one", long+"é two")
	if !strings.HasPrefix(a, "…") || !strings.HasSuffix(a, "é one") || !strings.HasSuffix(b, "é two") {
		t.Errorf("firstDifference = %q, %q", a, b)
	}
}

func TestServedAt(t *testing.T) {
	s := writeSite(t, map[string]string{
		"index.html":         `<a href="/rollouts/plans/a/">a</a><link rel="stylesheet" href="/rollouts/style.css">`,
		"plans/a/index.html": `<a href="../../">up</a><a href="/elsewhere/">out</a>`,
		"style.css":          `body{}`,
	}, ServedAt("/rollouts/"))
	if got, want := s.URLs(), []string{"/rollouts/", "/rollouts/plans/a/"}; !slices.Equal(got, want) {
		t.Fatalf("URLs = %v, want %v", got, want)
	}
	if got, want := s.Pages["/rollouts/plans/a/"].Links, []string{"/elsewhere/", "/rollouts/"}; !slices.Equal(got, want) {
		t.Errorf("links = %v, want %v", got, want)
	}
	var broken []string
	for _, b := range s.BrokenLinks() {
		broken = append(broken, b.To)
	}
	if want := []string{"/elsewhere/"}; !slices.Equal(broken, want) {
		t.Errorf("broken = %v, want %v", broken, want)
	}
}
