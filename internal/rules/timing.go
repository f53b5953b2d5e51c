package rules

import "github.com/rolloutdocs/rolloutdocs/internal/plan"

// checkTime compares the phases' durations with the front matter's
// timeline: over it is an error, under half of it a warning (the timeline
// is padded, or phases are missing). Ranges count at their upper end, as
// budgets do. A last phase that is open-ended ("ongoing") has no budget of
// its own: it runs for the rest of the timeline, so the phases cannot fall
// short of it.
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
	total, complete := 0.0, !p.Phases[len(p.Phases)-1].Duration.OpenEnded
	crossed := -1
	for i := range p.Phases {
		d := p.Phases[i].Duration
		if !d.Valid() {
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
