package plan

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// A plan whose tree was dropped parses back from its Source into the same
// model it was, tree included: what a long-lived builder relies on to
// render a plan again.
func TestDropSyntaxThenParseSourceGivesTheSamePlan(t *testing.T) {
	files, err := filepath.Glob("../../content/plans/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("example plans: %v (%d files)", err, len(files))
	}
	cases := map[string][]byte{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		cases[filepath.Base(f)] = src
	}
	// Source has no BOM and no CR; the model is the same all the same.
	cases["bom-and-crlf"] = append([]byte("\xef\xbb\xbf"), crlf(cases[filepath.Base(files[0])])...)
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			path := "content/plans/" + name
			p, ds := Parse(path, src)
			want, wantDiags := Parse(path, src)
			if !p.DropSyntax() {
				t.Fatal("DropSyntax found no tree")
			}
			if p.Doc != nil || (p.Overview != nil && p.Overview.Blocks != nil) {
				t.Fatal("the tree is still there")
			}
			for _, ph := range p.Phases {
				if ph.Notes != nil || (ph.Section != nil && ph.Section.Blocks != nil) {
					t.Fatalf("phase %d keeps its tree", ph.Number)
				}
			}
			again, againDiags := Parse(p.Path, p.Source)
			if !reflect.DeepEqual(again, want) {
				t.Error("parsing Source again made a different plan")
			}
			if !reflect.DeepEqual(againDiags, wantDiags) || !reflect.DeepEqual(ds, wantDiags) {
				t.Errorf("parsing Source again made different diagnostics:\n%v\nwant\n%v", againDiags, wantDiags)
			}
			if p.DropSyntax() {
				t.Error("DropSyntax found a tree the second time")
			}
		})
	}
}

func crlf(b []byte) []byte {
	var out []byte
	for _, c := range b {
		if c == '\n' {
			out = append(out, '\r')
		}
		out = append(out, c)
	}
	return out
}
