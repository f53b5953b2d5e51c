package rules

import (
	"strconv"
	"strings"

	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// Canary bounds: a first step outside them is unusual enough to flag.
const (
	canaryMin = 1.0
	canaryMax = 10.0
)

// checkRollout checks the rollout percentages: each in (0, 100], never
// going down from one phase to the next or along an arrow within a line,
// reaching 100%, and starting with a 1–10% canary.
func checkRollout(c *checker) {
	if !c.bodyParsed() || len(c.p.Phases) == 0 {
		return
	}
	phases := c.p.Phases
	reported := map[plan.Pos]bool{}
	highest, highestPhase := 0.0, -1
	prevMax, prevPhase := 0.0, -1
	for i := range phases {
		ph := &phases[i]
		lo, hi, loPos, any := 0.0, 0.0, plan.Pos{}, false
		for _, pc := range ph.Percentages {
			if pc.Value == 0 {
				// "Shadow writes (0% customer traffic)": no users yet, so no
				// step of the ramp.
				continue
			}
			if pc.Value < 0 || pc.Value > 100 {
				c.errorf(pc.Pos, RulePercentRange,
					"a rollout step is a share of users above 0% and at most 100%",
					"%s: rollout step %s is not between 0%% and 100%%", phaseName(ph), percent(pc.Value))
				continue
			}
			if !any || pc.Value < lo {
				lo, loPos = pc.Value, pc.Pos
			}
			if !any || pc.Value > hi {
				hi = pc.Value
			}
			any = true
		}
		checkArrowSteps(c, ph, reported)
		if !any {
			continue
		}
		if prevPhase >= 0 && lo < prevMax && !reported[loPos] {
			reported[loPos] = true
			c.errorf(loPos, RuleMonotonic,
				"order the phases so exposure only grows; to shrink exposure, roll back instead of planning it as a phase",
				"%s goes down to %s after %s reached %s; rollout percentages never go down",
				phaseName(ph), percent(lo), phaseName(&phases[prevPhase]), percent(prevMax))
		}
		prevMax, prevPhase = max(prevMax, hi), i
		if hi > highest {
			highest, highestPhase = hi, i
		}
	}
	last := &phases[len(phases)-1]
	if highest < 100 && !tasksReachAll(last) {
		msg := "the rollout never reaches 100% of users"
		if highestPhase >= 0 {
			msg += sprintf(": the highest step is %s in %s", percent(highest), phaseName(&phases[highestPhase]))
		}
		c.errorf(last.Pos, RuleReaches100,
			`end with a phase that reaches all users, such as "### Phase N: Full Launch" or a step "Increase to 100%"`, "%s", msg)
	}
	checkCanary(c)
}

// tasksReachAll reports whether a task of the (last) phase takes the
// rollout to every user in words: "Enable the flag for all users", "Ramp
// to 25%, 50%, then everyone". Only the last phase's tasks are read so:
// "Email all customers" in an earlier phase is no step.
func tasksReachAll(ph *plan.Phase) bool {
	for _, t := range ph.Tasks {
		if plan.NamesFullLaunch(plan.PlainText(t.Text)) {
			return true
		}
	}
	return false
}

// arrows join the steps of a ramp written on one line: 25% → 50% → 100%.
var arrows = []string{"→", "->", "⟶", "=>", "⇒", "➔", "➜", "⟹"}

// checkArrowSteps reports a step that goes down along an arrow on one
// line: "50% → 25%".
func checkArrowSteps(c *checker, ph *plan.Phase, reported map[plan.Pos]bool) {
	pcs := ph.Percentages
	for i := 1; i < len(pcs); i++ {
		a, b := pcs[i-1], pcs[i]
		if a.Implied || b.Implied || a.Pos.Line != b.Pos.Line || b.Value >= a.Value || reported[b.Pos] {
			continue
		}
		line := c.src.line(a.Pos.Line)
		from, to := byteOffset(line, a.Pos.Col), byteOffset(line, b.Pos.Col)
		if from >= to || !containsAny(line[from:to], arrows) {
			continue
		}
		reported[b.Pos] = true
		c.errorf(b.Pos, RuleMonotonic, "write the steps in the order they happen, each at least the one before",
			"%s: rollout step %s comes after %s; steps along an arrow never go down", phaseName(ph), percent(b.Value), percent(a.Value))
	}
}

// checkCanary warns when the first rollout step is outside 1–10%. The
// canary is the first step of the phase named "canary", else the lowest
// of the plan's first phase with steps — unless two or more phases without a
// share run before that one: those (a pilot cluster, design partners,
// "2 of 12 clusters") limited the exposure already, and were the canary.
func checkCanary(c *checker) {
	phases := c.p.Phases
	var first *plan.Percentage
	var firstPhase *plan.Phase
	named := false
	for i := range phases {
		if strings.Contains(strings.ToLower(phases[i].Name), "canary") {
			// A canary phase whose share is still a placeholder ("[1-10]%")
			// has no step yet; the next phase's is not the canary.
			named = true
			first, firstPhase = firstStep(&phases[i]), &phases[i]
			break
		}
	}
	if first == nil && !named {
		for i := range phases {
			if first = lowestStep(&phases[i]); first != nil {
				if i >= 2 {
					return
				}
				firstPhase = &phases[i]
				break
			}
		}
	}
	if first == nil || first.Value <= 0 || first.Value > 100 {
		return // no steps at all, or a bad one already reported
	}
	if first.Value >= 100 {
		c.warnf(first.Pos, RuleCanary,
			"add a canary phase that reaches 1–10% of users before the full rollout",
			"the rollout goes straight to 100%% in %s without a canary step", phaseName(firstPhase))
		return
	}
	if first.Value < canaryMin || first.Value > canaryMax {
		c.warnf(first.Pos, RuleCanary,
			"start with 1–10% of users: enough traffic to see problems, few people hit by them",
			"the canary step is %s in %s, outside the usual 1–10%%", percent(first.Value), phaseName(firstPhase))
	}
}

// firstStep is the phase's first share above 0%, or nil.
func firstStep(ph *plan.Phase) *plan.Percentage {
	for i := range ph.Percentages {
		if ph.Percentages[i].Value > 0 {
			return &ph.Percentages[i]
		}
	}
	return nil
}

// lowestStep is the phase's smallest share above 0%, or nil: the first
// step of its ramp, whether the heading sums it up ("(50%)") before the
// tasks name the way there ("25%, then 50%").
func lowestStep(ph *plan.Phase) *plan.Percentage {
	var low *plan.Percentage
	for i := range ph.Percentages {
		pc := &ph.Percentages[i]
		if pc.Value > 0 && (low == nil || pc.Value < low.Value) {
			low = pc
		}
	}
	return low
}

func percent(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) + "%" }

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
