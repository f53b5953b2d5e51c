package linkcheck

import (
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

func TestCheck(t *testing.T) {
	files := map[string][]byte{
		"index.html": []byte(`<a href="#main">skip</a><main id="main"><a href="/docs/plans/a/">A</a>
<a href="/docs/plans/a/#phases">phases</a> <a href="plans/a/">relative</a> <a href="https://example.org/x">ext</a>
<a href="mailto:x@example.org">mail</a> <a href="/docs/plans/missing/">missing</a> <a href="/docs/plans/a/#nope">bad anchor</a>
<a href="/other/">outside</a> <a href="/docs/plans/a">no slash</a> <img src="/docs/style/logo.svg" alt=""> <a data-href="/nowhere/">data</a>
<link rel="stylesheet" href="/docs/style.css"></main>`),
		"plans/a/index.html": []byte(`<h2 id="phases">Phases</h2><a href="../../">home</a><a href="../../?q=x">home with query</a><a href="phases/1-x/">down</a><a href="#phases">here</a>`),
		"style.css":          []byte(`body{}`),
	}
	got := Check(files, "/docs/")
	want := []Broken{
		{Page: "index.html", Link: "/docs/plans/a", Reason: "missing trailing slash (the page is /docs/plans/a/)"},
		{Page: "index.html", Link: "/docs/plans/a/#nope", Reason: `no element with id "nope" on plans/a/index.html`},
		{Page: "index.html", Link: "/docs/plans/missing/", Reason: "no such page or file in the site"},
		{Page: "index.html", Link: "/docs/style/logo.svg", Reason: "no such page or file in the site"},
		{Page: "index.html", Link: "/other/", Reason: "points outside the site's base path /docs/"},
		{Page: "plans/a/index.html", Link: "phases/1-x/", Reason: "no such page or file in the site"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Check =\n%v\nwant\n%v", got, want)
	}
}

func TestCheckAtRoot(t *testing.T) {
	files := map[string][]byte{
		"index.html":         []byte(`<a href="/plans/a/">A</a> <a href="/plans/a/index.html">A file</a>`),
		"plans/a/index.html": []byte(`<a href="/">home</a>`),
	}
	if got := Check(files, "/"); len(got) != 0 {
		t.Errorf("Check = %v, want none", got)
	}
	if got := Check(files, "/sub/"); len(got) != 3 {
		t.Errorf("served under /sub/, root links must break: %v", got)
	}
}

func TestAttrs(t *testing.T) {
	doc := []byte(`<a href="/a?x=1&amp;y=2" data-href="no">x</a><p id="one">href="text"</p><div
id="two">`)
	if got := Attrs(doc, "href"); !reflect.DeepEqual(got, []string{"/a?x=1&y=2"}) {
		t.Errorf("href = %q", got)
	}
	if got := Attrs(doc, "id"); !reflect.DeepEqual(got, []string{"one", "two"}) {
		t.Errorf("id = %q", got)
	}
}

// eachAttr, one pass for several names, finds for each name exactly what
// Attrs finds, even in HTML no template writes (unclosed quotes, names
// inside values, attributes at the very start).
func FuzzEachAttr(f *testing.F) {
	f.Add([]byte(`<a href="/a?x=1&amp;y=2" data-href="no">x</a><p id="one">href="text"</p><div
id="two"><img src="/i.png" name="n">`))
	f.Add([]byte(`href="x" <a title="a href=" href="b"> <a src="x id="y"`))
	f.Add([]byte(` id="unclosed`))
	for _, name := range []string{"plan.html", "phase.html", "metric.html"} {
		doc, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(doc)
	}
	names := []string{"href", "src", "id", "name"}
	f.Fuzz(func(t *testing.T, doc []byte) {
		got := make([][]string, len(names))
		eachAttr(doc, names, func(k int, v []byte) { got[k] = append(got[k], unescape(string(v))) })
		for k, name := range names {
			if want := Attrs(doc, name); !slices.Equal(got[k], want) {
				t.Errorf("%s: eachAttr found %q, Attrs %q", name, got[k], want)
			}
		}
	})
}

// BenchmarkAddPage checks the links of one generated plan's pages (the
// plan page, a phase page and a metric page, as the build writes them):
// the link check's share of a build.
//
//	go test ./internal/linkcheck -run '^$' -bench AddPage -benchmem
func BenchmarkAddPage(b *testing.B) {
	pages := map[string][]byte{}
	for name, page := range map[string]string{
		"plan.html":   "plans/activity-feed-beta/index.html",
		"phase.html":  "plans/activity-feed-beta/phases/2-canary/index.html",
		"metric.html": "plans/activity-feed-beta/metrics/error-rate/index.html",
	} {
		doc, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			b.Fatal(err)
		}
		pages[page] = doc
	}
	order := slices.Sorted(maps.Keys(pages))
	b.ReportAllocs()
	for b.Loop() {
		c := NewChecker("/")
		for _, p := range order {
			c.AddPage(p, pages[p])
		}
	}
}
