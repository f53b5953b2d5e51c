package rules

import (
	"fmt"
	"slices"
	"time"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// RampWindow is when one canary or ramp phase of a high-risk plan runs:
// all the portfolio rule needs of a plan, small enough to keep for every
// file while `check` drops the parsed plans.
type RampWindow struct {
	Path, Slug, Title string
	Phase             string
	Kind              plan.PhaseKind
	Pos               plan.Pos
	Start, End        time.Time // both days included
}

// RampWindows returns the canary and ramp phases of p with their dates
// when p has risk_tolerance high and a start; nil otherwise.
func RampWindows(p *plan.Plan) []RampWindow {
	if p == nil || p.Front.RiskTolerance != "high" || p.Front.Start == "" {
		return nil
	}
	kinds := p.PhaseKinds()
	var out []RampWindow
	for i, d := range p.Schedule() {
		if !d.OK || (kinds[i] != plan.PhaseCanary && kinds[i] != plan.PhaseRamp) {
			continue
		}
		ph := p.Phases[i]
		out = append(out, RampWindow{
			Path: p.Path, Slug: p.Slug, Title: p.Title(),
			Phase: ph.Name, Kind: kinds[i], Pos: ph.Pos,
			Start: d.Start, End: d.End,
		})
	}
	return out
}

// HighRiskOverlaps is the portfolio/high-risk-overlap rule. It compares
// plans with each other, so it runs where the whole portfolio is known
// (CheckPortfolio, CheckFiles), not in Check. A canary or ramp phase of a
// high-risk plan that runs on the same days as one of another high-risk
// plan gets one warning at its heading: two risky rollouts at once make an
// incident hard to pin on either, and share the on-call's attention. The
// warning names the overlapping phase that starts first and counts the
// others, so a crowded portfolio gets one warning per phase, not one per
// pair (10,000 generated plans had 408,000 pairs).
func HighRiskOverlaps(windows []RampWindow) []diag.Diagnostic {
	ws := slices.Clone(windows)
	slices.SortStableFunc(ws, func(a, b RampWindow) int { return a.Start.Compare(b.Start) })
	first := make([]int, len(ws)) // the earliest-starting overlapping window of another plan, +1
	count := make([]int, len(ws))
	note := func(at, other int) {
		if first[at] == 0 {
			first[at] = other + 1
		}
		count[at]++
	}
	for i, a := range ws {
		for j := i + 1; j < len(ws); j++ {
			b := ws[j]
			if b.Start.After(a.End) {
				break // sorted by start: no later window reaches back to a
			}
			if a.Path == b.Path {
				continue // one plan's own phases follow each other
			}
			note(i, j)
			note(j, i)
		}
	}
	var ds []diag.Diagnostic
	for i, a := range ws {
		if first[i] == 0 {
			continue
		}
		b := ws[first[i]-1]
		from, to := a.Start, a.End
		if b.Start.After(from) {
			from = b.Start
		}
		if b.End.Before(to) {
			to = b.End
		}
		ds = append(ds, overlapDiag(a, b, from, to, count[i]-1))
	}
	return ds
}

// PortfolioRules returns the diagnostics of the rules that compare plans
// with each other, for a portfolio whose plans are all parsed.
func PortfolioRules(plans []*plan.Plan) []diag.Diagnostic {
	var ws []RampWindow
	for _, p := range plans {
		ws = append(ws, RampWindows(p)...)
	}
	return HighRiskOverlaps(ws)
}

func overlapDiag(at, other RampWindow, from, to time.Time, more int) diag.Diagnostic {
	also := ""
	if more > 0 {
		also = fmt.Sprintf(", and %d more canary or ramp %s of other high-risk plans", more, map[bool]string{true: "phase", false: "phases"}[more == 1])
	}
	return diag.Diagnostic{
		File: at.Path, Pos: at.Pos, Severity: diag.Warning, Rule: RuleHighRiskOverlap,
		Message: fmt.Sprintf("high-risk plans roll out at the same time: %s phase %q of %q (%s) overlaps %s phase %q of %q (%s, %s) on %s",
			plan.PhaseKindLabels[at.Kind], at.Phase, at.Title, dateRange(at.Start, at.End),
			plan.PhaseKindLabels[other.Kind], other.Phase, other.Title, other.Path, dateRange(other.Start, other.End),
			dateRange(from, to)) + also,
		Hint: "stagger the starts: move one plan's start so its canary and ramp phases begin after the other's end, or run them in sequence",
	}
}

func dateRange(from, to time.Time) string {
	if from.Equal(to) {
		return from.Format(time.DateOnly)
	}
	return from.Format(time.DateOnly) + " – " + to.Format(time.DateOnly)
}
