package linkcheck

import (
	"reflect"
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
