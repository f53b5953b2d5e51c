package plandiff

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// FuzzCompare compares pairs of arbitrary plans: nothing panics, every
// change has a kind, a known risk and a reason, and every format writes.
func FuzzCompare(f *testing.F) {
	base, err := os.ReadFile("testdata/base.md")
	if err != nil {
		f.Fatal(err)
	}
	examples, _ := filepath.Glob("../../content/plans/*.md")
	f.Add(base, base)
	f.Add(base, []byte(""))
	f.Add([]byte("---\ntitle: [\n---\n"), base)
	f.Add(base, bytes.ReplaceAll(base, []byte("%"), []byte("0%")))
	for _, e := range examples {
		if b, err := os.ReadFile(e); err == nil {
			f.Add(base, b)
		}
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		pa, da := plan.Parse("a.md", a)
		pb, db := plan.Parse("a.md", b)
		d := Compare(pa, pb, append(da, db...))
		for _, c := range d.Changes {
			if c.Kind == "" || c.Reason == "" || (c.Risk != Riskier && c.Risk != Safer && c.Risk != Neutral) {
				t.Fatalf("bad change %+v", c)
			}
		}
		r := &Report{Base: "a", Head: "b", Plans: Diff([]FilePair{{Base: &Version{"a.md", a}, Head: &Version{"a.md", b}}})}
		var out bytes.Buffer
		for _, w := range []func() error{
			func() error { return WriteText(&out, r, Options{Color: true}) },
			func() error { return WriteMarkdown(&out, r, Options{BaseURL: "https://x"}) },
			func() error { return WriteJSON(&out, r) },
			func() error { return WriteGitHub(&out, r) },
		} {
			if err := w(); err != nil {
				t.Fatal(err)
			}
		}
	})
}
