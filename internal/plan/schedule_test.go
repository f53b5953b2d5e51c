package plan_test

import (
	"testing"
	"time"

	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

func TestSchedule(t *testing.T) {
	d := func(text string) plan.Duration { v, _ := plan.ParseDuration(text); return v }
	p := &plan.Plan{Front: plan.FrontMatter{Start: "2026-02-02"}, Phases: []plan.Phase{
		{Duration: d("5 days")}, {}, {Duration: d("1-2 weeks")},
	}}
	got := p.Schedule()
	day := func(s string) time.Time { v, _ := time.Parse(time.DateOnly, s); return v }
	want := []plan.PhaseDates{
		{Start: day("2026-02-02"), End: day("2026-02-06"), OK: true},
		{},
		{Start: day("2026-02-07"), End: day("2026-02-20"), OK: true},
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("phase %d: %v, want %v", i+1, got[i], want[i])
		}
	}
	// After an open-ended phase nothing has dates; the open-ended one
	// itself has none either (no days).
	p.Phases = []plan.Phase{{Duration: d("5 days")}, {Duration: d("ongoing")}, {Duration: d("1 week")}}
	got = p.Schedule()
	if !got[0].OK || got[1].OK || got[2].OK {
		t.Errorf("phases after an open-ended one are dated: %+v", got)
	}
	p.Front.Start = "soon"
	for i, pd := range p.Schedule() {
		if pd.OK {
			t.Errorf("phase %d has dates without a valid start: %v", i+1, pd)
		}
	}
}
