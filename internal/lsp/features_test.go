package lsp

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/lsp/lsptest"
)

const examplePlan = "../../content/plans/checkout-redesign.md"

// openExample opens the example plan (optionally edited) over the pipe
// and waits for its diagnostics.
func openExample(t *testing.T, edit func(string) string) (context.Context, *lsptest.Client, protocol.DocumentUri, string) {
	t.Helper()
	ctx, c := connect(t, "", Options{})
	text := readFile(t, examplePlan)
	if edit != nil {
		text = edit(text)
	}
	uri := protocol.DocumentUri("file:///plans/checkout-redesign.md")
	if err := c.Open(ctx, uri, 1, text); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Diagnostics(ctx, uri, 1); err != nil {
		t.Fatal(err)
	}
	return ctx, c, uri, text
}

// at returns the LSP position of the first occurrence of needle in text
// plus offset runes (all ASCII here, so runes are UTF-16 units).
func at(t *testing.T, text, needle string, offset int) protocol.Position {
	t.Helper()
	i := strings.Index(text, needle)
	if i < 0 {
		t.Fatalf("fixture moved: no %q", needle)
	}
	line := strings.Count(text[:i], "\n")
	col := i - (strings.LastIndex(text[:i], "\n") + 1)
	return protocol.Position{Line: uint32(line), Character: uint32(col + offset)}
}

func tdpp(uri protocol.DocumentUri, pos protocol.Position) protocol.TextDocumentPositionParams {
	return protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}, Position: pos}
}

type completionItem struct {
	Label    string             `json:"label"`
	TextEdit *protocol.TextEdit `json:"textEdit"`
}

func complete(t *testing.T, ctx context.Context, c *lsptest.Client, uri protocol.DocumentUri, pos protocol.Position) []completionItem {
	t.Helper()
	var items []completionItem
	if err := c.Call(ctx, "textDocument/completion", protocol.CompletionParams{TextDocumentPositionParams: tdpp(uri, pos)}, &items); err != nil {
		t.Fatal(err)
	}
	return items
}

func labels(items []completionItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Label)
	}
	return out
}

func TestCompletion(t *testing.T) {
	ctx, c, uri, text := openExample(t, func(s string) string {
		s = strings.Replace(s, "flag: checkout_v2\n", "fl\n", 1)
		return strings.Replace(s, "- Payment failure rate exceeds 2.5%", "- Pay", 1)
	})
	tests := []struct {
		name    string
		pos     protocol.Position
		want    []string
		notWant []string
	}{
		{"a key being typed: the keys not written yet", at(t, text, "fl\n", 2), []string{"flag"}, []string{"title", "status"}},
		{"status values in lifecycle order", at(t, text, "status: launched", 8), []string{"draft", "in-review", "approved", "in-progress", "paused", "launched", "rolled-back", "cancelled"}, nil},
		{"risk values", at(t, text, "risk_tolerance: low", 16), []string{"low", "medium", "high"}, nil},
		{"strategy values", at(t, text, "strategy: conservative", 10), []string{"conservative", "standard", "aggressive"}, nil},
		{"metric names in a trigger", at(t, text, "- Pay", 5), []string{"Checkout conversion rate", "Payment failure rate", "Error rate", "Latency (p95)", "Support tickets"}, nil},
		{"metric names in an exit criterion", at(t, text, "- [x] No regression in checkout p95", 6), []string{"Payment failure rate", "Latency (p95)"}, nil},
		{"nothing in the overview", at(t, text, "The current checkout", 4), nil, []string{"Payment failure rate", "draft", "flag"}},
	}
	for _, tt := range tests {
		got := labels(complete(t, ctx, c, uri, tt.pos))
		if tt.want != nil && !isSubsequence(tt.want, got) {
			t.Errorf("%s: got %q, want %q among them in order", tt.name, got, tt.want)
		}
		for _, w := range tt.notWant {
			if slices.Contains(got, w) {
				t.Errorf("%s: %q offered: %q", tt.name, w, got)
			}
		}
	}
	// A value replaces what was typed of it.
	items := complete(t, ctx, c, uri, at(t, text, "status: launched", 11))
	if len(items) == 0 || items[0].TextEdit == nil || items[0].TextEdit.Range.Start.Character != 8 || items[0].TextEdit.Range.End.Character != 11 {
		t.Errorf("status completion edit = %+v, want to replace columns 8..11", items)
	}
}

func isSubsequence(want, got []string) bool {
	i := 0
	for _, g := range got {
		if i < len(want) && g == want[i] {
			i++
		}
	}
	return i == len(want)
}

func hover(t *testing.T, ctx context.Context, c *lsptest.Client, uri protocol.DocumentUri, pos protocol.Position) string {
	t.Helper()
	var h *struct {
		Contents protocol.MarkupContent `json:"contents"`
	}
	if err := c.Call(ctx, "textDocument/hover", protocol.HoverParams{TextDocumentPositionParams: tdpp(uri, pos)}, &h); err != nil {
		t.Fatal(err)
	}
	if h == nil {
		return ""
	}
	return h.Contents.Value
}

func TestHover(t *testing.T) {
	ctx, c, uri, text := openExample(t, nil)
	tests := []struct {
		name string
		pos  protocol.Position
		want []string
	}{
		{"a metric named in a trigger", at(t, text, "- Payment failure rate exceeds", 4),
			[]string{"**Payment failure rate**", "Baseline: 1.8%", "Target: <1.5%", "Method: Stripe dashboard", "Watched by:", "Payment failure rate exceeds 2.5% (line 131)"}},
		{"a metric in a criterion by its name", at(t, text, "- [x] Payment failure rate no worse", 8), []string{"**Payment failure rate**", "Target: <1.5%"}},
		{"a trigger worded apart from the name watches its metric", at(t, text, "- P95 latency increases", 3), []string{"**Latency (p95)**", "P95 latency increases by more than 50%"}},
		{"a phase heading", at(t, text, "### Phase 2: Canary", 6),
			[]string{"**Phase 2: Canary Release (1% of users)**", "Duration: 1 week (7 days)", "Dates: 2026-02-07 to 2026-02-13", "Progress: 9 of 9"}},
		{"plain prose", at(t, text, "The current checkout", 4), nil},
	}
	for _, tt := range tests {
		got := hover(t, ctx, c, uri, tt.pos)
		if tt.want == nil && got != "" {
			t.Errorf("%s: hover %q, want none", tt.name, got)
		}
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: hover lacks %q:\n%s", tt.name, w, got)
			}
		}
	}
}

func TestDocumentSymbols(t *testing.T) {
	ctx, c, uri, _ := openExample(t, nil)
	var syms []protocol.DocumentSymbol
	if err := c.Call(ctx, "textDocument/documentSymbol", protocol.DocumentSymbolParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}}, &syms); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range syms {
		names = append(names, s.Name)
	}
	want := []string{"Phase 1: Internal Testing", "Phase 2: Canary Release (1% of users)", "Phase 3: Ramp (10% → 25% → 50%)", "Phase 4: Majority Rollout (75% → 100%)", "Phase 5: Full Launch", "Success Metrics", "Rollback Triggers"}
	if !slices.Equal(names, want) {
		t.Fatalf("symbols %q, want %q", names, want)
	}
	if syms[1].Range.Start.Line != 50 || syms[1].Range.End.Line != 67 {
		t.Errorf("phase 2 spans lines %d..%d, want 50..67 (its heading to the line before phase 3)", syms[1].Range.Start.Line, syms[1].Range.End.Line)
	}
	if len(syms[5].Children) != 5 || syms[5].Children[1].Name != "Payment failure rate" || syms[5].Children[1].Range.Start.Line != 121 {
		t.Errorf("metric children: %+v", syms[5].Children)
	}
	if len(syms[6].Children) != 5 || syms[6].Children[0].Name != "Checkout conversion rate drops below 3.0% for 24 hours" {
		t.Errorf("trigger children: %+v", syms[6].Children)
	}
}

func TestDefinition(t *testing.T) {
	ctx, c, uri, text := openExample(t, nil)
	var loc *protocol.Location
	if err := c.Call(ctx, "textDocument/definition", protocol.DefinitionParams{TextDocumentPositionParams: tdpp(uri, at(t, text, "- Error rate increases", 3))}, &loc); err != nil {
		t.Fatal(err)
	}
	if loc == nil || loc.URI != uri || loc.Range.Start.Line != 122 {
		t.Fatalf("definition of Error rate = %+v, want line 123 (0-based 122) of the table", loc)
	}
	loc = nil
	if err := c.Call(ctx, "textDocument/definition", protocol.DefinitionParams{TextDocumentPositionParams: tdpp(uri, at(t, text, "The current checkout", 2))}, &loc); err != nil {
		t.Fatal(err)
	}
	if loc != nil {
		t.Errorf("prose has a definition: %+v", loc)
	}
}

// TestQuickFixes turns a diagnostic's Fix into a code action whose edit
// is in LSP positions (UTF-16, 0-based), for a cursor on the diagnostic.
func TestQuickFixes(t *testing.T) {
	text := "---\nstatus: 🚀Launchd\n---\n"
	a := analyze("x.md", text, nil)
	a.diags = []diag.Diagnostic{{
		File: "x.md", Pos: diag.Pos{Line: 2, Col: 9}, Severity: diag.Error, Rule: "front-matter/enum", Message: "m",
		Fix: &diag.Fix{Title: "Write launched", Edits: []diag.Edit{{Start: diag.Pos{Line: 2, Col: 10}, End: diag.Pos{Line: 2, Col: 17}, NewText: "launched"}}},
	}, {File: "x.md", Pos: diag.Pos{Line: 1, Col: 1}, Severity: diag.Warning, Rule: "other", Message: "no fix"}}
	uri := protocol.DocumentUri("file:///x.md")
	cursor := protocol.Range{Start: protocol.Position{Line: 1, Character: 12}, End: protocol.Position{Line: 1, Character: 12}}
	actions := quickFixes(&a, uri, cursor)
	if len(actions) != 1 {
		t.Fatalf("%d actions, want 1", len(actions))
	}
	b, _ := json.Marshal(actions[0])
	got := string(b)
	for _, w := range []string{`"title":"Write launched"`, `"kind":"quickfix"`, `"range":{"start":{"line":1,"character":10},"end":{"line":1,"character":17}}`, `"newText":"launched"`} {
		if !strings.Contains(got, w) {
			t.Errorf("action lacks %s:\n%s", w, got)
		}
	}
	if n := len(quickFixes(&a, uri, protocol.Range{Start: protocol.Position{Line: 2}, End: protocol.Position{Line: 2}})); n != 0 {
		t.Errorf("a cursor on another line gets %d actions", n)
	}
}
