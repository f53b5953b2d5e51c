package lsp

import (
	"testing"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
)

func TestPositionsRoundTrip(t *testing.T) {
	ls := splitLines("\ufeffab\r\né😀x\n")
	tests := []struct {
		pos diag.Pos
		lsp protocol.Position
	}{
		{diag.Pos{Line: 1, Col: 1}, protocol.Position{Line: 0, Character: 0}},
		{diag.Pos{Line: 1, Col: 3}, protocol.Position{Line: 0, Character: 2}}, // the BOM and \r count for nothing
		{diag.Pos{Line: 2, Col: 2}, protocol.Position{Line: 1, Character: 1}}, // é is one unit
		{diag.Pos{Line: 2, Col: 3}, protocol.Position{Line: 1, Character: 3}}, // 😀 is two
		{diag.Pos{Line: 2, Col: 4}, protocol.Position{Line: 1, Character: 4}},
		{diag.Pos{Line: 3, Col: 1}, protocol.Position{Line: 2, Character: 0}},
	}
	for _, tt := range tests {
		if got := ls.toLSP(tt.pos); got != tt.lsp {
			t.Errorf("toLSP(%v) = %v, want %v", tt.pos, got, tt.lsp)
		}
		if got := ls.fromLSP(tt.lsp); got != tt.pos {
			t.Errorf("fromLSP(%v) = %v, want %v", tt.lsp, got, tt.pos)
		}
	}
	// Out of range on either side is clamped, never a panic.
	if got := ls.toLSP(diag.Pos{Line: 99, Col: 99}); got.Line != 2 {
		t.Errorf("toLSP past the end = %v", got)
	}
	if got := ls.fromLSP(protocol.Position{Line: 99, Character: 99}); got.Line != 3 {
		t.Errorf("fromLSP past the end = %v", got)
	}
	if got := ls.toLSP(diag.Pos{}); got != (protocol.Position{}) {
		t.Errorf("the whole file starts at %v", got)
	}
}

func TestRangeOfADiagnostic(t *testing.T) {
	ls := splitLines("status: launchd   \nx")
	r := ls.rangeOf(diag.Diagnostic{Pos: diag.Pos{Line: 1, Col: 9}})
	if r.Start.Character != 8 || r.End.Character != 15 {
		t.Errorf("the word at 1:9 spans %v, want 8..15", r)
	}
	r = ls.rangeOf(diag.Diagnostic{Pos: diag.Pos{Line: 1, Col: 1}, End: diag.Pos{Line: 1, Col: 7}})
	if r.Start.Character != 0 || r.End.Character != 6 {
		t.Errorf("an explicit end: %v", r)
	}
	r = ls.rangeOf(diag.Diagnostic{})
	if r.Start != (protocol.Position{}) || r.End.Character != 18 {
		t.Errorf("the whole file underlines the first line: %v", r)
	}
}

func TestApplyRangedChange(t *testing.T) {
	text := "a😀b\ncd\n"
	got := applyChange(text, protocol.TextDocumentContentChangeEvent{
		Range: &protocol.Range{Start: protocol.Position{Line: 0, Character: 3}, End: protocol.Position{Line: 1, Character: 1}},
		Text:  "X",
	})
	if got != "a😀Xd\n" {
		t.Errorf("applyChange = %q", got)
	}
}
