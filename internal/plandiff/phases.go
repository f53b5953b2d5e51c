package plandiff

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// phaseName is how a reason names a phase: "Phase 2 (Canary Release)",
// without the steps its heading may list ("(5% of users)"), which the step
// changes report.
func phaseName(p *plan.Phase) string {
	name := baseName(p.Name)
	if p.Number == 0 {
		return quote(name)
	}
	if name == "" || name == fmt.Sprintf("Phase %d", p.Number) {
		return fmt.Sprintf("Phase %d", p.Number)
	}
	return fmt.Sprintf("Phase %d (%s)", p.Number, name)
}

// stepsInName is a parenthesised part of a phase name that holds a
// percentage: "(5% of users)", "(25% → 50% → 100%)".
var stepsInName = regexp.MustCompile(`\s*[(\[][^()\[\]]*%[^()\[\]]*[)\]]`)

// baseName is a phase's name without the steps it lists, so "Canary
// (5%)" and "Canary (10%)" are one phase with another step.
func baseName(name string) string {
	return strings.TrimSpace(stepsInName.ReplaceAllString(name, ""))
}

// matchPhases pairs base and head phases: by name first, then the
// remaining ones by number. pair[i] is the head index of base phase i, or
// -1 for a removed phase.
func matchPhases(base, head []plan.Phase) (pair []int, headMatched []bool) {
	pair = make([]int, len(base))
	headMatched = make([]bool, len(head))
	for i := range pair {
		pair[i] = -1
	}
	for i := range base {
		for j := range head {
			if !headMatched[j] && norm(baseName(base[i].Name)) == norm(baseName(head[j].Name)) {
				pair[i], headMatched[j] = j, true
				break
			}
		}
	}
	for i := range base {
		if pair[i] >= 0 {
			continue
		}
		for j := range head {
			if !headMatched[j] && base[i].Number != 0 && base[i].Number == head[j].Number {
				pair[i], headMatched[j] = j, true
				break
			}
		}
	}
	return pair, headMatched
}

func (c *comparer) comparePhases() {
	base, head := c.base.Phases, c.head.Phases
	pair, headMatched := matchPhases(base, head)
	strategyLine := 0
	if c.head.Strategy != nil {
		strategyLine = c.head.Strategy.Pos.Line
	}
	for i := range base {
		if pair[i] < 0 {
			c.add(Change{Kind: "phase-removed", Risk: Riskier, Reason: phaseName(&base[i]) + " removed: one gate fewer before full exposure",
				Before: base[i].Heading, Line: strategyLine, Rollout: true})
		}
	}
	for j := range head {
		if !headMatched[j] {
			c.add(Change{Kind: "phase-added", Risk: Safer, Reason: phaseName(&head[j]) + " added: one more gate before full exposure",
				After: head[j].Heading, Line: head[j].Pos.Line, Rollout: true})
		}
	}
	// Reordered: the matched phases no longer come in the same order.
	last, reordered := -1, false
	var before, after []string
	for i := range base {
		if pair[i] < 0 {
			continue
		}
		if pair[i] < last {
			reordered = true
		}
		last = pair[i]
		before = append(before, base[i].Name)
	}
	if reordered {
		for j := range head {
			if headMatched[j] {
				after = append(after, head[j].Name)
			}
		}
		c.add(Change{Kind: "phases-reordered", Risk: Riskier, Reason: "phases reordered: users meet the steps in another order than was reviewed",
			Before: strings.Join(before, " → "), After: strings.Join(after, " → "), Line: strategyLine, Rollout: true})
	}
	first := firstStepPhase(head)
	for i := range base {
		if pair[i] >= 0 {
			c.comparePhase(&base[i], &head[pair[i]], pair[i] == first)
		}
	}
}

// firstStepPhase is the index of the first phase that names a rollout step
// (the canary, usually), or -1.
func firstStepPhase(phases []plan.Phase) int {
	for i := range phases {
		if len(steps(&phases[i])) > 0 {
			return i
		}
	}
	return -1
}

func (c *comparer) comparePhase(b, h *plan.Phase, first bool) {
	n := len(c.changes)
	name := phaseName(h)
	if norm(baseName(b.Name)) != norm(baseName(h.Name)) {
		c.add(Change{Kind: "phase-renamed", Risk: Neutral, Reason: phaseName(b) + " renamed to " + quote(baseName(h.Name)), Before: b.Heading, After: h.Heading, Line: h.Pos.Line})
	}
	c.compareSteps(b, h, name, first)
	c.compareDuration(b, h, name)
	c.compareTasks(b.ExitCriteria, h.ExitCriteria, "exit-criterion", "exit criterion", name, lineOr(h.ExitPos.Line, h.Pos.Line), true)
	c.compareTasks(b.Tasks, h.Tasks, "task", "task", name, lineOr(h.TasksPos.Line, h.Pos.Line), false)
	if len(c.changes) == n && b.Section != nil && h.Section != nil && sectionText(b.Section) != sectionText(h.Section) {
		c.add(Change{Kind: "prose", Risk: Neutral, Reason: "wording changed in " + name, Line: h.Pos.Line})
	}
}

func lineOr(line, fallback int) int {
	if line > 0 {
		return line
	}
	return fallback
}

// step is one distinct rollout percentage of a phase with where the head
// first writes it.
type step struct {
	value float64
	line  int
}

// steps are a phase's distinct written rollout steps in order (the 5 of a
// heading "(5% of users)" and of its task "Enable for 5%" are one step).
// The 100% a full-launch phase implies is left out: it is not written.
func steps(p *plan.Phase) []step {
	var out []step
	for _, pc := range p.Percentages {
		if pc.Implied {
			continue
		}
		dup := false
		for _, s := range out {
			if nearly(s.value, pc.Value) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, step{pc.Value, pc.Pos.Line})
		}
	}
	return out
}

func maxStep(ss []step) step {
	m := ss[0]
	for _, s := range ss[1:] {
		if s.value > m.value {
			m = s
		}
	}
	return m
}

func hasStep(ss []step, v float64) bool {
	for _, s := range ss {
		if nearly(s.value, v) {
			return true
		}
	}
	return false
}

func stepList(ss []step) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = percent(s.value)
	}
	return strings.Join(parts, " → ")
}

// compareSteps compares the exposure a phase reaches before its gate (its
// largest step) and the ramp steps on the way.
func (c *comparer) compareSteps(b, h *plan.Phase, name string, first bool) {
	bs, hs := steps(b), steps(h)
	if len(bs) == 0 || len(hs) == 0 {
		if len(bs) != len(hs) {
			c.add(Change{Kind: "steps", Risk: Neutral, Reason: "rollout steps of " + name + " changed from " + orNone(stepList(bs)) + " to " + orNone(stepList(hs)),
				Before: stepList(bs), After: stepList(hs), Line: h.Pos.Line, Rollout: true})
		}
		return
	}
	bm, hm := maxStep(bs), maxStep(hs)
	gate := "before its exit gate"
	label := "largest rollout step"
	if first {
		gate, label = "before the first gate", "canary"
	}
	switch {
	case hm.value > bm.value:
		why := "more users exposed " + gate
		if t := times(bm.value, hm.value); t != "" {
			why = t + " the users exposed " + gate
		}
		c.add(Change{Kind: "step-raised", Risk: Riskier, Reason: label + " raised from " + percent(bm.value) + " to " + percent(hm.value) + " in " + name + ": " + why,
			Before: percent(bm.value), After: percent(hm.value), Line: hm.line, Rollout: true})
	case hm.value < bm.value:
		c.add(Change{Kind: "step-lowered", Risk: Safer, Reason: label + " lowered from " + percent(bm.value) + " to " + percent(hm.value) + " in " + name + ": fewer users exposed " + gate,
			Before: percent(bm.value), After: percent(hm.value), Line: hm.line, Rollout: true})
	}
	for _, s := range bs {
		if nearly(s.value, bm.value) || hasStep(hs, s.value) {
			continue
		}
		c.add(Change{Kind: "step-skipped", Risk: Riskier, Reason: "ramp step " + percent(s.value) + " of " + name + " skipped: the ramp goes " + stepList(hs) + " (was " + stepList(bs) + ")",
			Before: stepList(bs), After: stepList(hs), Line: h.Pos.Line, Rollout: true})
	}
	for _, s := range hs {
		if nearly(s.value, hm.value) || hasStep(bs, s.value) {
			continue
		}
		c.add(Change{Kind: "step-added", Risk: Safer, Reason: "ramp step " + percent(s.value) + " added to " + name + ": the ramp goes " + stepList(hs) + " (was " + stepList(bs) + ")",
			Before: stepList(bs), After: stepList(hs), Line: s.line, Rollout: true})
	}
}

func (c *comparer) compareDuration(b, h *plan.Phase, name string) {
	bd, hd := b.Duration, h.Duration
	if strings.TrimSpace(bd.Text) == strings.TrimSpace(hd.Text) {
		return
	}
	line := lineOr(hd.Pos.Line, h.Pos.Line)
	ch := Change{Kind: "duration", Risk: Neutral, Before: strings.TrimSpace(bd.Text), After: strings.TrimSpace(hd.Text), Line: line, Rollout: true}
	switch {
	case bd.IsZero():
		ch.Risk, ch.Reason = Safer, name+" now lasts "+ch.After
	case hd.IsZero():
		ch.Risk, ch.Reason = Riskier, name+" no longer says how long it lasts (was "+ch.Before+"): nothing holds the next step back"
	case bd.Valid() && hd.Valid() && hd.Max < bd.Max:
		ch.Risk, ch.Reason = Riskier, name+" cut from "+ch.Before+" to "+ch.After+": less time to see a regression before the next step"
	case bd.Valid() && hd.Valid() && hd.Max > bd.Max:
		ch.Risk, ch.Reason = Safer, name+" extended from "+ch.Before+" to "+ch.After+": more time to see a regression before the next step"
	default:
		ch.Reason = "duration of " + name + " changed from " + orNone(ch.Before) + " to " + orNone(ch.After)
	}
	c.add(ch)
}

// compareTasks compares two checklists (exit criteria, or tasks): items
// matched by their text, then the rest paired when they share most words
// (a rewording), then what is left is added or removed. Exit criteria are
// gates: removing one is riskier; tasks are work, and neutral.
func (c *comparer) compareTasks(base, head []plan.Task, kind, noun, phase string, listLine int, gates bool) {
	matchedB := make([]bool, len(base))
	matchedH := make([]bool, len(head))
	for i := range base {
		for j := range head {
			if !matchedH[j] && norm(base[i].Text) == norm(head[j].Text) {
				matchedB[i], matchedH[j] = true, true
				if base[i].Done != head[j].Done {
					if head[j].Done {
						c.add(Change{Kind: kind + "-ticked", Risk: Neutral, Reason: noun + " of " + phase + " marked met: " + quote(plan.PlainText(head[j].Text)), Before: "[ ]", After: "[x]", Line: head[j].Pos.Line})
					} else {
						c.add(Change{Kind: kind + "-unticked", Risk: Neutral, Reason: noun + " of " + phase + " marked not met again: " + quote(plan.PlainText(head[j].Text)), Before: "[x]", After: "[ ]", Line: head[j].Pos.Line})
					}
				}
				break
			}
		}
	}
	for i := range base {
		if matchedB[i] {
			continue
		}
		best, bestScore := -1, 0.5
		for j := range head {
			if matchedH[j] {
				continue
			}
			if s := similarity(base[i].Text, head[j].Text); s >= bestScore {
				best, bestScore = j, s
			}
		}
		if best < 0 {
			continue
		}
		matchedB[i], matchedH[best] = true, true
		bt, ht := plan.PlainText(base[i].Text), plan.PlainText(head[best].Text)
		ch := Change{Kind: kind + "-reworded", Risk: Neutral, Reason: noun + " of " + phase + " reworded", Before: bt, After: ht, Line: head[best].Pos.Line, Rollout: gates}
		if gates {
			if loose, what, ok := regionChange(bt, ht, nil); ok {
				if loose {
					ch.Risk, ch.Reason = Riskier, noun+" of "+phase+" loosened from "+what+": the gate lets a worse result through"
				} else {
					ch.Risk, ch.Reason = Safer, noun+" of "+phase+" tightened from "+what
				}
			}
		}
		c.add(ch)
	}
	for i := range base {
		if !matchedB[i] {
			ch := Change{Kind: kind + "-removed", Risk: Neutral, Reason: noun + " removed from " + phase + ": " + quote(plan.PlainText(base[i].Text)), Before: plan.PlainText(base[i].Text), Line: listLine, Rollout: gates}
			if gates {
				ch.Risk, ch.Reason = Riskier, ch.Reason+": one check fewer before the next step"
			}
			c.add(ch)
		}
	}
	for j := range head {
		if !matchedH[j] {
			ch := Change{Kind: kind + "-added", Risk: Neutral, Reason: noun + " added to " + phase + ": " + quote(plan.PlainText(head[j].Text)), After: plan.PlainText(head[j].Text), Line: head[j].Pos.Line, Rollout: gates}
			if gates {
				ch.Risk = Safer
			}
			c.add(ch)
		}
	}
}

// similarity is the share of words two texts have in common (Jaccard).
func similarity(a, b string) float64 {
	wa, wb := strings.Fields(norm(a)), strings.Fields(norm(b))
	if len(wa) == 0 || len(wb) == 0 {
		return 0
	}
	set := map[string]int{}
	for _, w := range wa {
		set[w] |= 1
	}
	for _, w := range wb {
		set[w] |= 2
	}
	both := 0
	for _, v := range set {
		if v == 3 {
			both++
		}
	}
	return float64(both) / float64(len(set))
}

// sectionText is a section's text as compared for prose changes: its
// Markdown with spacing normalised, so re-wrapping a paragraph is no change.
func sectionText(s *plan.Section) string {
	return strings.Join(strings.Fields(s.Markdown), " ")
}
