package lsp

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
)

// FuzzAnalyze feeds arbitrary text through document -> diagnostics: the
// server must never hit an internal error, and every diagnostic's range
// must lie inside the document, start before it ends, and use UTF-16
// columns no longer than its line. Run it longer with
//
//	go test ./internal/lsp -run '^$' -fuzz FuzzAnalyze -fuzztime 5m
func FuzzAnalyze(f *testing.F) {
	examples, _ := filepath.Glob("../../content/plans/*.md")
	examples = append(examples, "../plan/testdata/broken-plan.md")
	for _, path := range examples {
		if src, err := os.ReadFile(path); err == nil {
			f.Add(string(src))
		}
	}
	f.Add("---\nstatus: 😀\n---\n# 😀\n## Rollback Triggers\n- 😀 > 5%\n")
	f.Add("\ufeff---\r\ntitle: x\r\n---\r\n")
	f.Fuzz(func(t *testing.T, text string) {
		a := analyze("fuzz.md", text, nil)
		for _, d := range a.diags {
			if d.Rule == RuleInternal {
				t.Fatalf("internal error: %s", d.Message)
			}
			if !utf8.ValidString(text) {
				continue // editors only send UTF-8; columns of invalid bytes are the parser's guess
			}
			r := a.lines.rangeOf(d)
			if int(r.End.Line) >= len(a.lines) || before(r.End, r.Start) {
				t.Fatalf("%s at %v: range %v outside %d lines or reversed", d.Rule, d.Pos, r, len(a.lines))
			}
			for _, p := range []struct{ line, char uint32 }{{r.Start.Line, r.Start.Character}, {r.End.Line, r.End.Character}} {
				if int(p.char) > utf16Len(a.lines.line(int(p.line))) {
					t.Fatalf("%s: column %d past the end of line %d", d.Rule, p.char, p.line)
				}
			}
		}
		_ = toLSPDiagnostics(&a)
		// The features read the same model at any position.
		if a.plan != nil {
			a.symbols()
			for line := 1; line <= min(len(a.lines), 40); line++ {
				for _, col := range []int{1, 3, 1000} {
					pos := diag.Pos{Line: line, Col: col}
					a.complete(pos)
					a.hoverAt(pos)
				}
			}
		}
	})
}
