package plan_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/rules"
)

// FuzzParse feeds arbitrary bytes to the parser and the rules: neither may
// panic, and every diagnostic must name the file, a rule, a message and a
// position inside the file; and ParseForCheck must read it as Parse does.
// The seed corpus is in testdata/fuzz/FuzzParse
// (the template, the example plans and the bad inputs); run it longer with
//
//	go test ./internal/plan -run '^$' -fuzz FuzzParse -fuzztime 5m
func FuzzParse(f *testing.F) {
	examples, _ := filepath.Glob("../../content/plans/*.md")
	for _, path := range examples {
		if src, err := os.ReadFile(path); err == nil {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		p, ds := plan.Parse("fuzz.md", src)
		if p == nil {
			t.Fatal("Parse returned a nil plan")
		}
		lines := bytes.Count(src, []byte("\n")) + 1
		check := func(stage string, ds []diag.Diagnostic) {
			for _, d := range ds {
				if d.File != "fuzz.md" || d.Rule == "" || d.Message == "" {
					t.Fatalf("%s: incomplete diagnostic %+v", stage, d)
				}
				if d.Pos.Line < 0 || d.Pos.Line > lines || d.Pos.Col < 0 || (d.Pos.Line > 0 && d.Pos.Col == 0) {
					t.Fatalf("%s: position %v outside a %d-line file: %v", stage, d.Pos, lines, d)
				}
				if d.Severity != diag.Error && d.Severity != diag.Warning {
					t.Fatalf("%s: bad severity in %v", stage, d)
				}
			}
		}
		check("parse", ds)
		check("rules", rules.Check(p))
		if diff := forCheckDifference(src); diff != "" {
			t.Fatal(diff)
		}
	})
}
