package scaffold

import (
	"bytes"
	"errors"
	"flag"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/markdown"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var day = time.Date(2026, 5, 11, 9, 30, 0, 0, time.UTC)

func TestRenderGolden(t *testing.T) {
	for _, risk := range []string{"low", "medium", "high"} {
		t.Run(risk, func(t *testing.T) {
			got, err := Render(Options{Title: "Checkout Redesign", Risk: risk, Created: day})
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "checkout-redesign-"+risk+".md")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/scaffold -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("Render differs from %s (run with -update if the change is intended):\n%s", golden, got)
			}
		})
	}
}

// TestFreshPlanHasOnlyPlaceholderWarnings is the promise `new` makes: the
// plan passes check, and what is left to do is the placeholders.
func TestFreshPlanHasOnlyPlaceholderWarnings(t *testing.T) {
	for _, o := range []Options{
		{Title: "Checkout Redesign", Risk: "low"},
		{Title: "Checkout Redesign", Risk: "medium", Owner: "Dana Reyes", TeamSize: 6},
		{Title: "Checkout Redesign", Risk: "high"},
		{Title: "C# SDK: [beta] *launch* <now> & 100% | more", Risk: "HIGH", Owner: "O'Neil: the #1"},
	} {
		t.Run(o.Risk+"/"+o.Title, func(t *testing.T) {
			src, err := Render(o)
			if err != nil {
				t.Fatal(err)
			}
			p, ds := plan.Parse("plan.md", src)
			ds = append(ds, rules.Check(p)...)
			placeholders := 0
			for _, d := range ds {
				if (d.Rule != rules.RulePlaceholder && d.Rule != rules.RuleFreeForm) || d.Severity != diag.Warning {
					t.Errorf("unexpected diagnostic: %v", d)
					continue
				}
				placeholders++
			}
			if placeholders == 0 {
				t.Errorf("no placeholder warnings: the fresh plan should point at what is left to fill in")
			}
			if p.Front.Title != strings.TrimSpace(o.Title) {
				t.Errorf("title read back as %q, want %q", p.Front.Title, o.Title)
			}
			// The heading shows the title as typed: no emphasis, link or HTML.
			h1, err := markdown.RenderString("# " + EscapeMarkdown(strings.TrimSpace(o.Title)))
			if err != nil {
				t.Fatal(err)
			}
			if want := html.EscapeString(strings.TrimSpace(o.Title)) + "</h1>"; !strings.Contains(string(h1), want) {
				t.Errorf("heading renders as %s, want the title as text: %s", h1, want)
			}
			if o.Owner != "" && p.Front.Owner != o.Owner {
				t.Errorf("owner read back as %q, want %q", p.Front.Owner, o.Owner)
			}
		})
	}
}

func TestPhasesFollowTheStrategy(t *testing.T) {
	tests := []struct {
		risk         string
		strategy     string
		names        []string
		durations    []string
		canary       float64
		percentages  []float64 // every step in file order
		timelineDays int
	}{
		{"low", "conservative", []string{"Internal Testing", "Canary Release", "Gradual Rollout", "Full Launch"},
			[]string{"1 week", "1 week", "2 weeks", "1 week"}, 1, []float64{1, 1, 10, 25, 50, 75, 100, 100}, 35},
		{"medium", "standard", []string{"Internal Testing", "Canary Release", "Gradual Rollout", "Full Launch"},
			[]string{"3 days", "3 days", "10 days", "1 week"}, 5, []float64{5, 5, 10, 25, 50, 75, 100, 100}, 28},
		{"high", "aggressive", []string{"Canary Release", "Gradual Rollout", "Full Launch"},
			[]string{"3 days", "5 days", "1 week"}, 10, []float64{10, 10, 25, 50, 100, 100}, 21},
	}
	for _, tt := range tests {
		t.Run(tt.risk, func(t *testing.T) {
			src, err := Render(Options{Title: "X Feature", Risk: tt.risk, Created: day})
			if err != nil {
				t.Fatal(err)
			}
			p, _ := plan.Parse("x.md", src)
			if p.Front.Strategy != tt.strategy || p.StrategyLine.Strategy != tt.strategy || p.StrategyLine.Phases != len(tt.names) {
				t.Errorf("strategy %q, line %+v; want %s with %d phases", p.Front.Strategy, p.StrategyLine, tt.strategy, len(tt.names))
			}
			if len(p.Phases) != len(tt.names) {
				t.Fatalf("%d phases, want %d", len(p.Phases), len(tt.names))
			}
			var pcts []float64
			total := 0
			for i, ph := range p.Phases {
				if ph.Number != i+1 || ph.Name != tt.names[i] || ph.Duration.Text != tt.durations[i] {
					t.Errorf("phase %d = %d %q %q; want %d %q %q", i, ph.Number, ph.Name, ph.Duration.Text, i+1, tt.names[i], tt.durations[i])
				}
				total += ph.Duration.Days()
				for _, pc := range ph.Percentages {
					pcts = append(pcts, pc.Value)
				}
			}
			if !equalFloats(pcts, tt.percentages) {
				t.Errorf("percentages %v, want %v", pcts, tt.percentages)
			}
			timeline, ok := plan.ParseDuration(p.Front.Timeline)
			if !ok || timeline.Days() != tt.timelineDays || timeline.Days() < total || timeline.Days()-total >= 7 {
				t.Errorf("timeline %q for %d days of phases; want %d days, the phases rounded up to weeks", p.Front.Timeline, total, tt.timelineDays)
			}
			if p.Front.Created != "2026-05-11" || p.Front.Status != "draft" || p.Front.RiskTolerance != tt.risk {
				t.Errorf("front matter %+v", p.Front)
			}
		})
	}
}

func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestRenderRejectsBadOptions(t *testing.T) {
	tests := []struct {
		name string
		o    Options
		want string
	}{
		{"empty title", Options{Title: "  ", Risk: "low"}, "title is empty"},
		{"title with a newline", Options{Title: "A\n## Phase 9", Risk: "low"}, "line break"},
		{"unknown risk", Options{Title: "A", Risk: "extreme"}, `"extreme" is not a risk tolerance`},
		{"negative team", Options{Title: "A", Risk: "low", TeamSize: -2}, "at least 1"},
		{"owner with a tab", Options{Title: "A", Risk: "low", Owner: "a\tb"}, "control character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Render(tt.o)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestCreateNeverOverwrites(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content", "plans")
	o := Options{Title: "Checkout Redesign", Risk: "medium", Created: day}
	path, err := Create(dir, "", o)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "checkout-redesign.md"); path != want {
		t.Errorf("path %s, want %s", path, want)
	}
	if err := os.WriteFile(path, []byte("edited by hand"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Create(dir, "", o)
	if !errors.Is(err, ErrExists) {
		t.Fatalf("second Create: %v, want ErrExists", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "edited by hand" {
		t.Errorf("existing plan was changed: %q", got)
	}
	if _, err := Create(dir, "checkout-v2", o); err != nil {
		t.Errorf("Create with another slug: %v", err)
	}
}

func TestCreateSlugs(t *testing.T) {
	dir := t.TempDir()
	for title, want := range map[string]string{"決済の刷新": "決済の刷新.md", "Amélioration de l'activation": "amelioration-de-l-activation.md", "Конверсия оплаты": "конверсия-оплаты.md"} {
		if path, err := Create(dir, "", Options{Title: title, Risk: "low"}); err != nil || filepath.Base(path) != want {
			t.Errorf("Create(%q): %s, %v; want %s", title, path, err, want)
		}
	}
	if _, err := Create(dir, "", Options{Title: "🚀 !!", Risk: "low"}); err == nil || !strings.Contains(err.Error(), "--slug") {
		t.Errorf("title without letters or digits: %v, want a hint to pass --slug", err)
	}
	if _, err := Create(dir, "Bad Slug", Options{Title: "A", Risk: "low"}); err == nil || !strings.Contains(err.Error(), `"bad-slug"`) {
		t.Errorf("bad slug: %v, want a suggestion", err)
	}
	path, err := Create(dir, "kessai", Options{Title: "決済の刷新", Risk: "low"})
	if err != nil || filepath.Base(path) != "kessai.md" {
		t.Errorf("Create with --slug: %s, %v", path, err)
	}
}
