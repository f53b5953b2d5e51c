package site

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/genplans"
	"github.com/rolloutdocs/rolloutdocs/internal/pages"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/rules"
)

// Plans' full outputs (every page, every param) come back from the spill
// exactly: types, nil and empty slices and maps apart, float bits.
func TestSpillRoundTrip(t *testing.T) {
	var s spill
	var want []*planState
	for i := range 40 {
		path := fmt.Sprintf("content/plans/%s.md", genplans.Slug(i, 5))
		p, ds := plan.Parse(path, genplans.Plan(i, 5))
		out := pages.PlanPages(pages.Site{Title: "Plans", RepoURL: "https://git.example/"}, pages.PlanInput{Plan: p, Diagnostics: append(ds, rules.Check(p)...), SourcePath: path})
		st := &planState{file: path, rel: "x/" + path, out: out, sitemap: []byte(fmt.Sprintf("<url>%d</url>\n", i))}
		if i == 3 {
			st.out.Pages[0].Params["odd"] = map[string]any{
				"nil list": []any(nil), "empty list": []any{}, "nil map": map[string]any(nil), "empty map": map[string]any{},
				"nil strings": []string(nil), "strings": []string{"a", ""}, "float": 0.1 + 0.2, "neg": -7, "none": nil, "no": false,
			}
			st.out.Metrics = nil
		}
		if err := s.add(st); err != nil {
			t.Fatal(err)
		}
		want = append(want, st)
	}
	r := newSpillReader(s.buf)
	for i, w := range want {
		got := r.next()
		if got.file != w.file || got.rel != w.rel || string(got.sitemap) != string(w.sitemap) {
			t.Errorf("plan %d: file %q rel %q sitemap %q", i, got.file, got.rel, got.sitemap)
		}
		if !reflect.DeepEqual(got.out, w.out) {
			t.Fatalf("plan %d: output differs after the spill:\n got %#v\nwant %#v", i, got.out, w.out)
		}
	}
	if r.more() {
		t.Error("bytes left over")
	}
}

// A value the spill cannot encode is refused and leaves the spill as it
// was, so BuildTo keeps that plan as it is.
func TestSpillRefusesUnknownTypes(t *testing.T) {
	var s spill
	ok := &planState{file: "a.md", out: &pages.PlanOutput{Slug: "a", Pages: []pages.Page{{Path: "plans/a/", Params: map[string]any{"n": 1}}}}}
	if err := s.add(ok); err != nil {
		t.Fatal(err)
	}
	size := len(s.buf)
	bad := &planState{file: "b.md", out: &pages.PlanOutput{Slug: "b", Pages: []pages.Page{{Path: "plans/b/", Params: map[string]any{"n": int64(1)}}}}}
	if err := s.add(bad); !errors.Is(err, errUnspillable) {
		t.Errorf("add = %v, want errUnspillable", err)
	}
	if len(s.buf) != size {
		t.Errorf("a refused plan left %d bytes", len(s.buf)-size)
	}
	r := newSpillReader(s.buf)
	if got := r.next(); got.file != "a.md" || r.more() {
		t.Errorf("read back %q, more: %v", got.file, r.more())
	}
}
