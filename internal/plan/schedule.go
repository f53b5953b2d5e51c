package plan

import "time"

// PhaseDates is when one phase runs, counted from the front matter's start:
// each phase begins the day after the one before it ends and lasts its
// duration's whole days (Duration.Days). OK is false when the plan has no
// valid start or the phase no duration, and for every phase after an
// open-ended one ("ongoing"): those never start, so any date would be
// made up (rule time/open-ended-phase says so).
type PhaseDates struct {
	Start, End time.Time
	OK         bool
}

// Schedule returns each phase's dates, in phase order.
func (p *Plan) Schedule() []PhaseDates {
	out := make([]PhaseDates, len(p.Phases))
	start, err := time.Parse(time.DateOnly, p.Front.Start)
	if err != nil {
		return out
	}
	day := 0
	for i, ph := range p.Phases {
		if i > 0 && p.Phases[i-1].Duration.OpenEnded {
			break
		}
		days := ph.Duration.Days()
		if days > 0 {
			out[i] = PhaseDates{Start: start.AddDate(0, 0, day), End: start.AddDate(0, 0, day+days-1), OK: true}
		}
		day += days
	}
	return out
}
