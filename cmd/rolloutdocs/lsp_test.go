package main

import (
	"context"
	"encoding/json"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/rolloutdocs/rolloutdocs/internal/lsp"
	"github.com/rolloutdocs/rolloutdocs/internal/lsp/lsptest"
)

// TestLSPDiagnosticsMatchCheck opens plans in the language server and
// compares what it publishes with `check --format json` on the same files:
// the same rule ids, messages (hint on the next line), severities and
// positions, with columns turned from runes into UTF-16 units.
func TestLSPDiagnosticsMatchCheck(t *testing.T) {
	dir := t.TempDir()
	files, _ := filepath.Glob("../../content/plans/*.md")
	files = append(files, "../../internal/plan/testdata/broken-plan.md")
	rulesFixtures, _ := filepath.Glob(fixtures + "*/*/*.md")
	files = append(files, rulesFixtures...)
	// A plan whose lines hold astral characters before the problems, so a
	// rune column and a UTF-16 column differ.
	emoji := filepath.Join(dir, "émoji-plan.md")
	src, err := os.ReadFile("../../internal/plan/testdata/broken-plan.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(src), "status: launchd", "status: 🚀launchd", 1)
	text = strings.Replace(text, "Aggressive rollout", "🚀🚀 Aggressive rollout", 1)
	if err := os.WriteFile(emoji, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	files = append(files, emoji)
	for i, f := range files {
		abs, err := filepath.Abs(f)
		if err != nil {
			t.Fatal(err)
		}
		files[i] = abs
	}

	// One check per file: the rules fixtures share names (valid.md), and
	// a portfolio of them would add duplicate-slug errors the server,
	// seeing one file at a time without a workspace, rightly does not.
	var want []struct {
		File, Severity, Rule, Message, Hint string
		Line, Col                           int
	}
	for _, f := range files {
		code, out, errOut := runCmd(t, "check", "--format", "json", f)
		if code == exitUsage {
			t.Fatalf("check: %s", errOut)
		}
		var one []struct {
			File, Severity, Rule, Message, Hint string
			Line, Col                           int
		}
		if err := json.Unmarshal([]byte(out), &one); err != nil {
			t.Fatalf("check --format json: %v\n%s", err, out)
		}
		want = append(want, one...)
	}
	if len(want) < 20 {
		t.Fatalf("only %d diagnostics from check: the fixtures moved?", len(want))
	}

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	serverEnd, clientEnd := net.Pipe()
	go lsp.NewServer(lsp.Options{}).Serve(ctx, serverEnd)
	c := lsptest.Dial(ctx, clientEnd)
	defer c.Close()
	if _, err := c.Initialize(ctx, ""); err != nil {
		t.Fatal(err)
	}
	got := map[string][]lsptest.Diagnostic{}
	for _, f := range files {
		got[f] = nil
	}
	texts := map[string][]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		uri := protocol.DocumentUri((&url.URL{Scheme: "file", Path: f}).String())
		if err := c.Open(ctx, uri, 1, string(b)); err != nil {
			t.Fatal(err)
		}
		ds, err := c.Diagnostics(ctx, uri, 1)
		if err != nil {
			t.Fatal(err)
		}
		got[f] = ds
		texts[f] = strings.Split(strings.ReplaceAll(strings.TrimPrefix(string(b), "\ufeff"), "\r\n", "\n"), "\n")
	}

	byFile := map[string]int{}
	for _, w := range want {
		i := byFile[w.File]
		byFile[w.File]++
		ds := got[w.File]
		if i >= len(ds) {
			t.Errorf("%s:%d:%d %s: not published by the server", w.File, w.Line, w.Col, w.Rule)
			continue
		}
		d := ds[i]
		msg := w.Message
		if w.Hint != "" {
			msg += "\n" + w.Hint
		}
		sev := map[string]int{"error": 1, "warning": 2}[w.Severity]
		line, col := max(w.Line-1, 0), 0
		if w.Line > 0 {
			runes := []rune(texts[w.File][line])
			col = len(utf16.Encode(runes[:min(max(w.Col-1, 0), len(runes))]))
		}
		if d.Code != w.Rule || d.Message != msg || d.Severity != sev ||
			int(d.Range.Start.Line) != line || int(d.Range.Start.Character) != col || d.Source != "rolloutdocs" {
			t.Errorf("%s diagnostic %d:\n got %s sev %d at %d:%d %q\nwant %s sev %d at %d:%d %q",
				filepath.Base(w.File), i, d.Code, d.Severity, d.Range.Start.Line, d.Range.Start.Character, d.Message,
				w.Rule, sev, line, col, msg)
		}
	}
	for f, ds := range got {
		if len(ds) != byFile[f] {
			t.Errorf("%s: server published %d diagnostics, check printed %d", filepath.Base(f), len(ds), byFile[f])
		}
	}
	if n := len(got[emoji]); n == 0 || byFile[emoji] == 0 {
		t.Errorf("the emoji plan has no diagnostics to compare (%d)", n)
	}
}
