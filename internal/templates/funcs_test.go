package templates

import (
	"reflect"
	"testing"
)

// relURL and absURL follow Hugo's rules (helpers/url.go): paths without a
// leading slash are relative to the base URL's path.
func TestURLs(t *testing.T) {
	tests := []struct {
		base, in, rel, abs string
	}{
		{"https://docs.example/rollouts/", "plans/x/", "/rollouts/plans/x/", "https://docs.example/rollouts/plans/x/"},
		{"https://docs.example/rollouts/", "", "/rollouts/", "https://docs.example/rollouts/"},
		{"https://docs.example/rollouts/", "/style.css", "/style.css", "https://docs.example/style.css"},
		{"https://docs.example/rollouts/", "https://other.example/x", "https://other.example/x", "https://other.example/x"},
		{"https://docs.example/rollouts/", "https://docs.example/rollouts/a/", "/rollouts/a/", "https://docs.example/rollouts/a/"},
		{"https://docs.example", "plans/x/", "/plans/x/", "https://docs.example/plans/x/"},
		{"/", "plans/x/", "/plans/x/", "/plans/x/"},
		{"", "", "/", "/"},
		{"/sub", "a", "/sub/a", "/sub/a"},
	}
	for _, tt := range tests {
		s := NewSite("t", tt.base, nil)
		if got := s.relURL(tt.in); got != tt.rel {
			t.Errorf("base %q relURL(%q) = %q, want %q", tt.base, tt.in, got, tt.rel)
		}
		if got := s.absURL(tt.in); got != tt.abs {
			t.Errorf("base %q absURL(%q) = %q, want %q", tt.base, tt.in, got, tt.abs)
		}
	}
}

func TestWhereAndSort(t *testing.T) {
	pages := []*Page{
		{Title: "B", Params: map[string]any{"rollout_page": "plan", "status": "draft", "n": 2}},
		{Title: "A", Params: map[string]any{"rollout_page": "plan", "status": "launched", "n": 10}},
		{Title: "x", Params: map[string]any{"rollout_page": "phase"}},
		{Title: "C", Params: map[string]any{"rollout_page": "plan", "status": "draft", "n": 1.5}},
	}
	got, err := where(pages, "Params.rollout_page", "plan")
	if err != nil {
		t.Fatal(err)
	}
	plans := got.([]*Page)
	if len(plans) != 3 {
		t.Fatalf("where kept %d pages", len(plans))
	}
	titles := func(v any) []string {
		var out []string
		for _, p := range v.([]*Page) {
			out = append(out, p.Title)
		}
		return out
	}
	byTitle, _ := sortBy(plans, "Title")
	if want := []string{"A", "B", "C"}; !reflect.DeepEqual(titles(byTitle), want) {
		t.Errorf("sort Title = %v", titles(byTitle))
	}
	byN, _ := sortBy(plans, "Params.n", "desc")
	if want := []string{"A", "B", "C"}; !reflect.DeepEqual(titles(byN), want) {
		t.Errorf("sort Params.n desc = %v (numbers must compare as numbers)", titles(byN))
	}
	drafts, _ := where(plans, "Params.status", "!=", "launched")
	if want := []string{"B", "C"}; !reflect.DeepEqual(titles(drafts), want) {
		t.Errorf("where != = %v", titles(drafts))
	}
	in, _ := where(plans, "Params.status", "in", []any{"launched", "paused"})
	if want := []string{"A"}; !reflect.DeepEqual(titles(in), want) {
		t.Errorf("where in = %v", titles(in))
	}
	// Maps, as params hold them, and numbers of either kind.
	rows := []any{map[string]any{"n": 1.0, "k": "a"}, map[string]any{"n": 2, "k": "b"}}
	one, _ := where(rows, "n", 1)
	if len(one.([]any)) != 1 {
		t.Errorf("where on maps with 1 == 1.0: %v", one)
	}
	if _, err := where(rows, "n", "like", 1); err == nil {
		t.Error("an unknown operator must fail")
	}
}

func TestSmallFuncs(t *testing.T) {
	if s, err := dateFormat("Jan 2, 2006", "2026-02-02"); err != nil || s != "Feb 2, 2026" {
		t.Errorf("dateFormat = %q, %v", s, err)
	}
	if _, err := dateFormat("Jan 2", ""); err == nil {
		t.Error("dateFormat of an empty date must fail, as Hugo's does")
	}
	if got := defaultValue("—", ""); got != "—" {
		t.Errorf("default of empty = %v", got)
	}
	if got := defaultValue("—", 0); got != "—" {
		t.Errorf("default of 0 = %v", got)
	}
	if got := defaultValue("—", "x"); got != "x" {
		t.Errorf("default of x = %v", got)
	}
	if got, _ := delimit([]any{"a", "b", "c"}, ", ", " and "); got != "a, b and c" {
		t.Errorf("delimit = %q", got)
	}
	if !in([]any{"a", 2}, 2.0) || in([]any{"a"}, "b") || !in("abc", "b") {
		t.Error("in")
	}
	if got, _ := first(2, []any{1, 2, 3}); !reflect.DeepEqual(got, []any{1, 2}) {
		t.Errorf("first = %v", got)
	}
	if got, _ := arith(2, 3, '+'); got != 5 {
		t.Errorf("add = %v", got)
	}
	if got, _ := arith(2, 0.5, '*'); got != 1.0 {
		t.Errorf("mul = %v", got)
	}
	if _, err := dict("a"); err == nil {
		t.Error("dict with an odd count must fail")
	}
}

func TestBasePath(t *testing.T) {
	for in, want := range map[string]string{
		"https://docs.example/rollouts/": "/rollouts/", "https://docs.example": "/", "/": "/", "/a/b": "/a/b/", "": "/",
	} {
		if got := BasePath(in); got != want {
			t.Errorf("BasePath(%q) = %q, want %q", in, got, want)
		}
	}
}

// where remembers each page's value for the last key it filtered on; a
// query on another key must read that key, not the remembered one.
func TestWhereAlternatingKeys(t *testing.T) {
	pages := []*Page{
		{Title: "a", Params: map[string]any{"rollout_page": "plan", "status": "draft"}},
		{Title: "b", Params: map[string]any{"rollout_page": "phase", "status": "plan"}},
	}
	for _, q := range []struct {
		key, value string
		want       string
	}{
		{"Params.rollout_page", "plan", "a"},
		{"Params.status", "plan", "b"},
		{"Params.rollout_page", "plan", "a"},
		{"Params.rollout_page", "phase", "b"},
		{"Params.status", "draft", "a"},
	} {
		got, err := where(pages, q.key, q.value)
		if err != nil {
			t.Fatal(err)
		}
		kept := got.([]*Page)
		if len(kept) != 1 || kept[0].Title != q.want {
			t.Errorf("where %s %q kept %v, want page %s", q.key, q.value, kept, q.want)
		}
	}
}
