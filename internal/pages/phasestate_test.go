package pages

import (
	"strings"
	"testing"
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
