package plan

import (
	"slices"
	"testing"
)

func TestPhaseKinds(t *testing.T) {
	pct := func(vs ...float64) []Percentage {
		var out []Percentage
		for _, v := range vs {
			out = append(out, Percentage{Value: v})
		}
		return out
	}
	tests := []struct {
		name   string
		phases []Phase
		want   []PhaseKind
	}{
		{"template names",
			[]Phase{{Name: "Internal Testing"}, {Name: "Canary Release (5% of users)", Percentages: pct(5)}, {Name: "Gradual Rollout (25% → 50% → 100%)", Percentages: pct(25, 50, 100)}, {Name: "Full Launch", Percentages: pct(100)}},
			[]PhaseKind{PhaseInternal, PhaseCanary, PhaseRamp, PhaseLaunch}},
		{"names as people write them",
			[]Phase{{Name: "Shadow Billing"}, {Name: "Design Partner Canary (2% of enterprise workspaces)"}, {Name: "Majority Rollout (75% → 100%)"}, {Name: "General Availability"}},
			[]PhaseKind{PhaseInternal, PhaseCanary, PhaseRamp, PhaseLaunch}},
		{"canary of internal users is a canary; dark launch is internal",
			[]Phase{{Name: "Dark launch"}, {Name: "Canary Release (5% of internal users)"}, {Name: "Gradual rollout to all users"}},
			[]PhaseKind{PhaseInternal, PhaseCanary, PhaseRamp}},
		{"names that say nothing: read from the percentages",
			[]Phase{{Name: "Foundations"}, {Name: "First shards", Percentages: pct(2)}, {Name: "Remaining shards", Percentages: pct(75, 100)}, {Name: "Cleanup"}, {Name: "Everything", Percentages: pct(100)}},
			[]PhaseKind{PhaseInternal, PhaseCanary, PhaseRamp, PhaseRamp, PhaseLaunch}},
		{"no phases", nil, []PhaseKind{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Plan{Phases: tt.phases}
			if got := p.PhaseKinds(); !slices.Equal(got, tt.want) {
				t.Errorf("PhaseKinds() = %v, want %v", got, tt.want)
			}
		})
	}
}
