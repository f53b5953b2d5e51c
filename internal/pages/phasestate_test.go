package pages

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

func TestPhaseStateLabel(t *testing.T) {
	for _, tt := range []struct{ state, want string }{
		{"done", "Done"},
		// The same words as a plan whose status is in-progress.
		{"active", StatusLabel("in-progress")},
		{"todo", "Not started"},
		{"", "Not started"},
	} {
		if got := PhaseStateLabel(tt.state); got != tt.want {
			t.Errorf("PhaseStateLabel(%q) = %q, want %q", tt.state, got, tt.want)
		}
	}
}

// Every phase, on its plan's page and on its own, names its state in words
// the page can print, and the plan's timeline prints them.
func TestPhasesCarryTheirStateInWords(t *testing.T) {
	states := map[string]bool{}
	for _, p := range examplePages(t) {
		switch p.Layout {
		case LayoutPlan:
			for _, ph := range p.Params["phases"].([]any) {
				m := ph.(map[string]any)
				status, label := m["status"].(string), m["status_label"].(string)
				if label != PhaseStateLabel(status) {
					t.Errorf("%s phase %v: status %q labelled %q", p.Path, m["number"], status, label)
				}
				if !strings.Contains(p.Params["timeline_html"].(string), ">"+label+"<") {
					t.Errorf("%s: the timeline does not say %q for phase %v", p.Path, label, m["number"])
				}
				states[status] = true
			}
		case LayoutPhase:
			if got, want := p.Params["status_label"], PhaseStateLabel(p.Params["status"].(string)); got != want {
				t.Errorf("%s: status_label %q, want %q", p.Path, got, want)
			}
		}
	}
	for _, s := range []string{"done", "active", "todo"} {
		if !states[s] {
			t.Errorf("no phase of the example portfolio is %s; the test checks nothing for it", s)
		}
	}
}

// TestNoDatesAfterOpenEndedPhase: a phase after an open-ended one never
// starts, so its page and its row on the plan page carry no dates, as in
// plan.Schedule; the phases before it keep theirs.
func TestNoDatesAfterOpenEndedPhase(t *testing.T) {
	dir := t.TempDir()
	src := "---\ntitle: Search\nstatus: approved\nowner: ana\ncreated: 2026-03-01\nstart: 2026-03-02\nteam_size: 3\ntimeline: 4 weeks\nrisk_tolerance: low\n---\n" +
		"# Rollout Plan: Search\n\n## Overview\n\nNew ranking.\n\n## Rollout Strategy\n\n" +
		"### Phase 1: Internal Testing\n\n**Duration:** 5 days\n\n- [ ] Dogfood\n\n" +
		"### Phase 2: Canary Release (5% of users)\n\n**Duration:** ongoing\n\n- [ ] Watch\n\n" +
		"### Phase 3: Full Launch\n\n**Duration:** 1 week\n\n- [ ] Ship\n"
	path := filepath.Join(dir, "search.md")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	loaded := plan.LoadFile(path)
	out := PlanPages(Site{Title: "Rollouts"}, PlanInput{Plan: loaded.Plan, SourcePath: "content/plans/search.md"})
	var phases []any
	for _, p := range out.Pages {
		if p.Layout == LayoutPlan {
			phases = p.Params["phases"].([]any)
		}
	}
	if len(phases) != 3 {
		t.Fatalf("%d phases on the plan page, want 3", len(phases))
	}
	want := []string{"2026-03-02", "", ""}
	for i, ph := range phases {
		if got, _ := ph.(map[string]any)["start"].(string); got != want[i] {
			t.Errorf("phase %d starts %q, want %q", i+1, got, want[i])
		}
	}
}
