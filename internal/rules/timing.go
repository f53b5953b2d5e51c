package rules

import "github.com/rolloutdocs/rolloutdocs/internal/plan"

// checkTime compares the phases' durations with the front matter's
// timeline: over it is an error, under half of it a warning (the timeline
// is padded, or phases are missing). Ranges count at their upper end, as
// budgets do. An open-ended phase ("ongoing") has no budget of its own: as
// the last phase it runs for the rest of the timeline, so the phases cannot
// fall short of it; anywhere else the sum means nothing either
// (time/open-ended-phase says why).
func checkTime(c *checker) {
	p := c.p
	if !c.bodyParsed() || len(p.Phases) == 0 {
		return
	}
	timeline, ok := plan.ParseDuration(p.Front.Timeline)
	if !ok || !plan.IsTimespan(p.Front.Timeline) {
		return // missing or malformed: front-matter rules report it
	}
	pos := p.FrontPos["timeline"]
	total, complete := 0.0, true
	crossed := -1
	for i := range p.Phases {
		d := p.Phases[i].Duration
		if !d.Valid() || d.OpenEnded {
			complete = false
			continue
		}
		total += d.Max
		if crossed < 0 && total > timeline.Max+1e-9 {
			crossed = i
		}
	}
	switch {
	case crossed >= 0:
		c.errorf(pos, RuleOverTimeline,
			sprintf("the budget runs out in %s: shorten phases or raise `timeline` to at least %s", phaseName(&p.Phases[crossed]), days(total)),
			"phase durations add up to %s, over the timeline of %s (%s)", days(total), p.Front.Timeline, days(timeline.Max))
	case complete && total*2 < timeline.Max:
		c.warnf(pos, RuleUnderTimeline,
			"shorten `timeline` to what the phases need, or give the phases the time they will really take",
			"phase durations add up to %s, under half of the timeline of %s (%s)", days(total), p.Front.Timeline, days(timeline.Max))
	}
}

// checkOpenEndedPhases reports an open-ended phase ("**Duration:** ongoing")
// that is not the last: the phases after it wait for it to end, so they can
// never start, and the plan's length cannot be added up. The last phase may
// have no end (the launched feature, running).
func checkOpenEndedPhases(c *checker) {
	if !c.bodyParsed() {
		return
	}
	phases := c.p.Phases
	for i := range phases[:max(len(phases)-1, 0)] {
		ph := &phases[i]
		if !ph.Duration.OpenEnded {
			continue
		}
		after := len(phases) - 1 - i
		blocked := sprintf("the phase after it, %s, can never start", phaseName(&phases[i+1]))
		if after > 1 {
			blocked = sprintf("the %d phases after it (from %s on) can never start", after, phaseName(&phases[i+1]))
		}
		c.warnf(ph.Duration.Pos, RuleOpenEndedPhase,
			"give it a duration as N days, N weeks or N-M days, or move it last if it really has no end",
			"%s has no end (%q) but is not the last phase: %s, and the timeline cannot be added up",
			phaseName(ph), ph.Duration.Text, blocked)
	}
}
