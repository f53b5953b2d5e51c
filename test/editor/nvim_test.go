package editor

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/rules"
	"github.com/rolloutdocs/rolloutdocs/internal/testtool"
)

// nvimResult is what testdata/nvim-client.lua writes.
type nvimResult struct {
	Errors      []string `json:"errors"`
	Diagnostics []struct {
		Line, Col, EndLine, EndCol int
		Severity                   int
		Code, Message, Source      string
	} `json:"diagnostics"`
	Fix struct {
		Offered           bool
		Title, Kind, Text string
		DiagnosticsBefore int `json:"diagnostics_before"`
		DiagnosticsAfter  int `json:"diagnostics_after"`
	} `json:"fix"`
	CompletionStatus  []string `json:"completion_status"`
	CompletionTrigger []string `json:"completion_trigger"`
	Hover             string   `json:"hover"`
	DefinitionLine    *int     `json:"definition_line"`
	Symbols           []struct {
		Name     string
		Line     int
		Children []string
	} `json:"symbols"`
}

// buildBinary builds rolloutdocs from the repository into a temporary
// directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	root, err := testtool.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "rolloutdocs")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/rolloutdocs")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// authorsPlan is the example plan as an author mid-edit has it: a status
// in the wrong case, a team size with its unit, and a trigger being typed.
func authorsPlan(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile("../../content/plans/checkout-redesign.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	for _, r := range [][2]string{
		{"status: launched", "status: Launched"},
		{"team_size: 7", "team_size: 7 people"},
		{"- Payment failure rate exceeds 2.5%\n", "- Payment failure rate exceeds 2.5%\n- Pay\n"},
	} {
		if !strings.Contains(text, r[0]) {
			t.Fatalf("example plan changed: no %q", r[0])
		}
		text = strings.Replace(text, r[0], r[1], 1)
	}
	return text
}

// TestNeovimClient runs Neovim's built-in LSP client against the real
// binary and checks every feature an author meets: check's diagnostics,
// a quick fix applied, completion, hover, definition and the outline.
func TestNeovimClient(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		testtool.Missing(t, "nvim not found: apt-get install neovim")
		return
	}
	bin := buildBinary(t)
	root := t.TempDir()
	planPath := filepath.Join(root, "content", "plans", "checkout-redesign.md")
	if err := os.MkdirAll(filepath.Dir(planPath), 0o755); err != nil {
		t.Fatal(err)
	}
	text := authorsPlan(t)
	if err := os.WriteFile(planPath, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs("testdata/nvim-client.lua")
	if err != nil {
		t.Fatal(err)
	}
	outPath := filepath.Join(t.TempDir(), "result.json")

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "--clean", "-n", "-c", "luafile "+script)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "ROLLOUTDOCS="+bin, "PLAN="+planPath, "ROOT="+root, "OUT="+outPath,
		"XDG_STATE_HOME="+t.TempDir(), "XDG_DATA_HOME="+t.TempDir(), "XDG_CONFIG_HOME="+t.TempDir())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nvim: %v\n%s", err, out)
	}
	b, err := os.ReadFile(outPath)
	defer func() {
		if t.Failed() {
			t.Logf("what Neovim saw: %s", b)
		}
	}()
	if err != nil {
		t.Fatalf("nvim wrote no result: %v", err)
	}
	var got nvimResult
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("result: %v\n%s", err, b)
	}
	for _, e := range got.Errors {
		t.Errorf("client: %s", e)
	}

	t.Run("diagnostics", func(t *testing.T) {
		// What `check` reports for the same text, turned into what Neovim
		// shows (0-based lines, UTF-16 columns; the hint on the next line).
		p, ds := plan.ParseForCheck("content/plans/checkout-redesign.md", []byte(text))
		ds = append(ds, rules.Check(p)...)
		diag.Sort(ds)
		lines := strings.Split(text, "\n")
		if len(ds) < 2 || len(got.Diagnostics) != len(ds) {
			t.Fatalf("Neovim has %d diagnostics, check %d:\n%+v", len(got.Diagnostics), len(ds), got.Diagnostics)
		}
		for i, d := range ds {
			g := got.Diagnostics[i]
			msg := d.Message
			if d.Hint != "" {
				msg += "\n" + d.Hint
			}
			col := len(utf16.Encode([]rune(lines[d.Pos.Line-1])[:d.Pos.Col-1]))
			sev := map[diag.Severity]int{diag.Error: 1, diag.Warning: 2}[d.Severity]
			if g.Line != d.Pos.Line-1 || g.Col != col || g.Message != msg || g.Severity != sev || g.Source != "rolloutdocs" {
				t.Errorf("diagnostic %d: Neovim %d:%d sev %d %q, check %d:%d sev %d %q", i, g.Line, g.Col, g.Severity, g.Message, d.Pos.Line-1, col, sev, msg)
			}
			if g.Code != "" && g.Code != d.Rule {
				t.Errorf("diagnostic %d: code %q, want %q", i, g.Code, d.Rule)
			}
		}
	})

	t.Run("quick fix", func(t *testing.T) {
		p, ds := plan.ParseForCheck("x.md", []byte(text))
		ds = append(ds, rules.Check(p)...)
		diag.Sort(ds)
		var fixable *diag.Diagnostic
		for i := range ds {
			if ds[i].Fix != nil {
				fixable = &ds[i]
				break
			}
		}
		if fixable == nil {
			if got.Fix.Offered {
				t.Fatalf("Neovim was offered %q although no diagnostic has a Fix", got.Fix.Title)
			}
			t.Fatal("no diagnostic has a Fix, though the plan has `status: Launched` and `team_size: 7 people`")
		}
		if !got.Fix.Offered || got.Fix.Kind != "quickfix" || got.Fix.Title != fixable.Fix.Title {
			t.Fatalf("fix offered %v %q (%s), want %q", got.Fix.Offered, got.Fix.Title, got.Fix.Kind, fixable.Fix.Title)
		}
		if got.Fix.Text == text || got.Fix.DiagnosticsAfter >= got.Fix.DiagnosticsBefore {
			t.Errorf("applying %q: text changed %v, diagnostics %d -> %d", got.Fix.Title, got.Fix.Text != text, got.Fix.DiagnosticsBefore, got.Fix.DiagnosticsAfter)
		}
		for _, e := range fixable.Fix.Edits {
			if !strings.Contains(got.Fix.Text, e.NewText) {
				t.Errorf("the fixed text lacks %q", e.NewText)
			}
		}
	})

	t.Run("completion", func(t *testing.T) {
		if !slices.Equal(got.CompletionStatus, plan.Statuses) {
			t.Errorf("status completion %q, want %q", got.CompletionStatus, plan.Statuses)
		}
		for _, m := range []string{"Checkout conversion rate", "Payment failure rate", "Error rate", "Latency (p95)", "Support tickets"} {
			if !slices.Contains(got.CompletionTrigger, m) {
				t.Errorf("trigger completion %q lacks %q", got.CompletionTrigger, m)
			}
		}
	})

	t.Run("hover and definition", func(t *testing.T) {
		for _, w := range []string{"**Payment failure rate**", "Baseline: 1.8%", "Target: <1.5%", "Method: Stripe dashboard", "Payment failure rate exceeds 2.5%"} {
			if !strings.Contains(got.Hover, w) {
				t.Errorf("hover lacks %q:\n%s", w, got.Hover)
			}
		}
		if got.DefinitionLine == nil || *got.DefinitionLine != 121 {
			t.Errorf("definition on line %v, want 121 (the table row)", got.DefinitionLine)
		}
	})

	t.Run("symbols", func(t *testing.T) {
		var names []string
		for _, s := range got.Symbols {
			names = append(names, s.Name)
		}
		want := []string{"Phase 1: Internal Testing", "Phase 2: Canary Release (1% of users)", "Phase 3: Ramp (10% → 25% → 50%)", "Phase 4: Majority Rollout (75% → 100%)", "Phase 5: Full Launch", "Success Metrics", "Rollback Triggers"}
		if !slices.Equal(names, want) {
			t.Fatalf("symbols %q, want %q", names, want)
		}
		if len(got.Symbols[5].Children) != 5 || len(got.Symbols[6].Children) != 6 {
			t.Errorf("children: metrics %q, triggers %q", got.Symbols[5].Children, got.Symbols[6].Children)
		}
	})
}
