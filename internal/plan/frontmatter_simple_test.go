package plan_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/genplans"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// headerOf returns the YAML between a plan's --- lines, or nil.
func headerOf(src []byte) []byte {
	rest, ok := bytes.CutPrefix(src, []byte("---\n"))
	if !ok {
		return nil
	}
	if i := bytes.Index(rest, []byte("\n---\n")); i >= 0 {
		return rest[:i+1]
	}
	return nil
}

// simpleHeaders are headers the simple decoder should read itself, and
// headers it must leave to the YAML parser, written to probe its edges.
var simpleHeaders = []struct {
	yaml   string
	simple bool // the simple decoder takes it
}{
	{"title: Checkout Redesign\ncreated: 2026-05-11\nstatus: draft\nowner: Dana Reyes\nteam_size: 6\ntimeline: 6 weeks\nrisk_tolerance: medium\n", true},
	{"title: José Núñez’s “plan”\n", false},
	{"title: José Núñez’s plan\nowner: Zoë\n", true},
	{"title: Users' Test (beta) & more, 50% / R+D @ HQ = ~done; v1.2_x\n", true},
	{"title:   Spaced value\n", true},
	{"tags: [a, b, c d]\n", true},
	{"tags: [ a , b ]\n", true},
	{"tags: []\n", true},
	{"tags: [a,b]\n", true},
	{"tags:\n  - payments\n  - search\n", true},
	{"tags:\n- payments\n- search\nowner: X\n", true},
	{"tags:\n    - payments\n\n    - search\n", true},
	{"approvers:\n  - A\n  -\n", false},
	{"tags:\n  - a\n   - b\n", false},
	{"tags:\n", false},
	{"tags:\nowner: X\n", false},
	{"tags: payments\n", false},
	{"tags: [a, [b]]\n", false},
	{"tags: [a, null]\n", false},
	{"team_size: 12\n", true},
	{"team_size: 0\n", true},
	{"team_size: 012\n", false},
	{"team_size: 999999999\n", true},
	{"team_size: 9999999999\n", false},
	{"team_size: -1\n", false},
	{"team_size: many\n", false},
	{"team_size: \"4\"\n", false},
	{"title: 2026\nflag: 1.5\nowner: yes\nstrategy: no\n", true},
	{"title: 1e3\nowner: 0x1F\nflag: 1_000\n", true},
	{"title: null\n", false},
	{"title: ~\n", false},
	{"title:\n", false},
	{"title: \n", false},
	{"title: x \n", false},
	{"title: x # comment\n", false},
	{"# comment\ntitle: x\n", false},
	{"title: 'Quoted: title'\n", false},
	{"title: \"quoted\"\n", false},
	{"title: a: b\n", false},
	{"title: &a x\n", false},
	{"title: *a\n", false},
	{"title: x\ntitle: y\n", false},
	{"titel: x\n", false},
	{"title : x\n", false},
	{"title:x\n", false},
	{"title: x\n  continued\n", false},
	{"title: x\n\tstatus: draft\n", false},
	{"title: [PM Name]\n", false},
	{"owner: - x\n", false},
	{"title: -x\n", false},
	{"title: .inf\n", false},
	{"title: x\n...\n", false},
	{"title: |\n  x\n", false},
	{"title: a\u00a0b\n", false},
	{"title: ٣ apples\n", true},
}

func TestSimpleFrontMatterMatchesYAML(t *testing.T) {
	for _, tc := range simpleHeaders {
		simple := plan.DecodeHeaderSimply([]byte(tc.yaml))
		if simple.OK != tc.simple {
			t.Errorf("%q: simple decoder took it: %v, want %v", tc.yaml, simple.OK, tc.simple)
		}
		sameAsYAML(t, []byte(tc.yaml))
	}
	// Every header the project's tools write, and the example plans'.
	var corpus [][]byte
	for i := range 500 {
		corpus = append(corpus, headerOf(genplans.Plan(i, int64(1+i%3))))
	}
	for _, pattern := range []string{"../../content/plans/*.md", "../rules/testdata/*/*.md", "../rules/testdata/*/*/*.md"} {
		files, _ := filepath.Glob(pattern)
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			corpus = append(corpus, headerOf(bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))))
		}
	}
	taken := 0
	for _, h := range corpus {
		if h == nil {
			continue
		}
		if sameAsYAML(t, h) {
			taken++
		}
	}
	// Generated headers are all simple; if none is taken, the fast path
	// is dead and this test proves nothing.
	if taken < 500 {
		t.Errorf("the simple decoder took %d of %d headers; want at least the 500 generated ones", taken, len(corpus))
	}
}

// sameAsYAML checks that when the simple decoder takes a header, the YAML
// parser decodes it to the same values and positions, without problems.
// It reports whether the simple decoder took it.
func sameAsYAML(t *testing.T, yamlText []byte) bool {
	t.Helper()
	simple := plan.DecodeHeaderSimply(yamlText)
	if !simple.OK {
		if len(simple.Front.Title) > 0 || len(simple.Pos) > 0 || len(simple.Diags) > 0 {
			t.Errorf("%q: the simple decoder gave up but left %+v", yamlText, simple)
		}
		return false
	}
	viaYAML := plan.DecodeHeaderWithYAML(yamlText)
	if !viaYAML.OK || len(viaYAML.Diags) > 0 {
		t.Errorf("%q: the simple decoder took it, the YAML parser found problems: %v", yamlText, viaYAML.Diags)
		return true
	}
	if !reflect.DeepEqual(simple.Front, viaYAML.Front) {
		t.Errorf("%q: values differ:\nsimple %+v\nYAML   %+v", yamlText, simple.Front, viaYAML.Front)
	}
	if !reflect.DeepEqual(simple.Pos, viaYAML.Pos) {
		t.Errorf("%q: positions differ:\nsimple %v\nYAML   %v", yamlText, simple.Pos, viaYAML.Pos)
	}
	return true
}

// FuzzSimpleFrontMatter: whatever header the simple decoder takes, the
// YAML parser reads the same way.
//
//	go test ./internal/plan -run '^$' -fuzz FuzzSimpleFrontMatter -fuzztime 5m
func FuzzSimpleFrontMatter(f *testing.F) {
	for _, tc := range simpleHeaders {
		f.Add([]byte(tc.yaml))
	}
	for i := range 20 {
		f.Add(headerOf(genplans.Plan(i, 1)))
	}
	f.Fuzz(func(t *testing.T, yamlText []byte) {
		if bytes.IndexByte(yamlText, 0) >= 0 || strings.Contains(string(yamlText), "\r") {
			return // Parse refuses NUL bytes and removes CR before decoding
		}
		sameAsYAML(t, yamlText)
	})
}
