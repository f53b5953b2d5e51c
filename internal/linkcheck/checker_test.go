package linkcheck

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
)

// checkerSite is TestCheck's site plus the cases only a page-by-page check
// can get wrong: a link to a page added later, a file that a later
// directory index turns into a "missing trailing slash", and anchors on
// pages added before and after the link.
func checkerSite() map[string][]byte {
	files := map[string][]byte{
		"index.html": []byte(`<a href="#main">skip</a><main id="main"><a href="/docs/plans/a/">A</a>
<a href="/docs/plans/a/#phases">phases</a> <a href="plans/a/">relative</a> <a href="https://example.org/x">ext</a>
<a href="mailto:x@example.org">mail</a> <a href="/docs/plans/missing/">missing</a> <a href="/docs/plans/a/#nope">bad anchor</a>
<a href="/other/">outside</a> <a href="/docs/plans/a">no slash</a> <img src="/docs/style/logo.svg" alt=""> <a data-href="/nowhere/">data</a>
<link rel="stylesheet" href="/docs/style.css"></main>`),
		"plans/a/index.html": []byte(`<h2 id="phases">Phases</h2><a href="../../">home</a><a href="../../?q=x">home with query</a><a href="phases/1-x/">down</a><a href="#phases">here</a><a href="#gone">gone</a>`),
		"plans/z/index.html": []byte(`<a href="/docs/plans/a/#phases">back</a><a href="/docs/notes">notes</a><a href="/docs/plans/a/#nope">bad</a><a name="top"></a><a href="#top">top</a>`),
		"notes":              []byte(`a file without an extension`),
		"notes/index.html":   []byte(`<a href="/docs/">home</a>`),
		"style.css":          []byte(`body{}`),
	}
	return files
}

// Whatever order the files arrive in, from however many goroutines, the
// Checker finds exactly what a check of the whole site finds.
func TestCheckerMatchesCheckInAnyOrder(t *testing.T) {
	files := checkerSite()
	want := Check(files, "/docs/")
	if len(want) < 8 {
		t.Fatalf("the site should have broken links to find; Check found %v", want)
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for seed := range uint64(20) {
		order := slices.Clone(names)
		rand.New(rand.NewPCG(seed, 1)).Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		c := NewChecker("/docs")
		var wg sync.WaitGroup
		for _, n := range order {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if strings.HasSuffix(n, ".html") {
					c.AddPage(n, files[n])
				} else {
					c.AddFile(n)
				}
			}()
			if seed%2 == 0 {
				wg.Wait() // half the runs add one file at a time
			}
		}
		wg.Wait()
		got := c.Broken(func(name string) ([]byte, error) { return files[name], nil })
		if !reflect.DeepEqual(got, want) {
			t.Errorf("order %v:\ngot  %v\nwant %v", order, got, want)
		}
	}
}

func TestCheckerReportsUnreadableAnchorTarget(t *testing.T) {
	c := NewChecker("/")
	c.AddPage("a/index.html", []byte(`<a href="/b/#x">b</a>`))
	c.AddFile("b/index.html")
	got := c.Broken(func(name string) ([]byte, error) { return nil, fmt.Errorf("gone") })
	if len(got) != 1 || !strings.Contains(got[0].Reason, "cannot read b/index.html") {
		t.Errorf("Broken = %v", got)
	}
}

func TestResolveFastAgreesWithResolve(t *testing.T) {
	for _, link := range []string{
		"/plans/a/", "/plans/a/index.html", "#overview", "#a.b_c-1", "/a/./b/", "/a/../b/", "//host/x", "/a b/",
		"/a/?q=1", "/a/#x", "#", "#%41", "/a//b/", "/a/.", "/a/..", "/~u/", "plans/a/", "../x/",
	} {
		for _, pageURL := range []string{"/", "/docs/plans/a/", "/docs/404.html"} {
			t1, f1, ok1 := resolveFast(pageURL, link)
			t2, f2, ok2 := resolve(pageURL, link)
			if t1 != t2 || f1 != f2 || ok1 != ok2 {
				t.Errorf("resolveFast(%q, %q) = %q %q %v; resolve = %q %q %v", pageURL, link, t1, f1, ok1, t2, f2, ok2)
			}
		}
	}
}

// A broken link written twice on a page is reported twice, as a reader
// meets it twice; the pages written later settle links to them.
func TestCheckerCountsRepeatedLinks(t *testing.T) {
	c := NewChecker("/")
	c.AddPage("a/index.html", []byte(`<a href="/gone/">1</a><a href="/b/">b</a><a href="/gone/">2</a><a href="/b/">b again</a>`))
	c.AddPage("c/index.html", []byte(`<a href="/gone/">3</a>`))
	c.AddPage("b/index.html", nil)
	got := c.Broken(func(string) ([]byte, error) { return nil, nil })
	want := []Broken{
		{Page: "a/index.html", Link: "/gone/", Reason: "no such page or file in the site"},
		{Page: "a/index.html", Link: "/gone/", Reason: "no such page or file in the site"},
		{Page: "c/index.html", Link: "/gone/", Reason: "no such page or file in the site"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Broken =\n%v\nwant\n%v", got, want)
	}
}
