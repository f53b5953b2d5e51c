package rules_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/rules"
)

// lastPhasePlan is a sound three-phase plan whose last phase is given by
// heading, duration and exit (the exit criteria block, or "").
func lastPhasePlan(timeline, heading, tasks, duration, exit string) string {
	return fmt.Sprintf(`---
title: Last phase
created: 2026-03-01
status: draft
owner: Ana Lee
team_size: 3
timeline: %s
risk_tolerance: medium
---

# Rollout Plan: Last phase

## Overview

A feature.

## Rollout Strategy

Standard rollout with 3 phases.

### Phase 1: Internal Testing

**Duration:** 1 week

**Tasks:**
- [ ] Deploy to staging

**Exit Criteria:**
- [ ] No P0 bugs

### Phase 2: Canary (5%% of users)

**Duration:** 1 week

**Tasks:**
- [ ] Enable for 5%% of users

**Exit Criteria:**
- [ ] Error rate < 0.5%%

### %s

**Duration:** %s

**Tasks:**
%s
%s
## Success Metrics

| Metric | Baseline | Target | Method |
|--------|----------|--------|--------|
| Error rate | 0.2%% | < 0.5%% | Datadog |

## Rollback Triggers

- Error rate above 1%% for 10 minutes
`, timeline, heading, duration, tasks, exit)
}

// TestLastPhaseShapes: an open-ended last phase needs no exit criteria and
// does not leave the timeline "under-used"; a last phase named for all
// users, regions, traffic... reaches 100%. The rules that must and must not
// fire are listed per case.
func TestLastPhaseShapes(t *testing.T) {
	const exit = "\n**Exit Criteria:**\n- [ ] Retrospective done\n"
	const enable = "- [ ] Enable for everyone who is left"
	tests := []struct {
		name                          string
		timeline, heading, tasks, dur string
		exit                          string
		want, notWant                 []string
	}{
		{"ongoing full launch, no exit criteria", "4 weeks", "Phase 3: Full Launch", enable, "ongoing", "",
			nil, []string{rules.RuleExitCriteria, rules.RuleUnderTimeline, rules.RulePhaseDuration}},
		{"permanent, long timeline", "12 weeks", "Phase 3: Full Launch (All users)", enable, "Permanent", "",
			nil, []string{rules.RuleExitCriteria, rules.RuleUnderTimeline, rules.RuleReaches100}},
		{"ongoing with exit criteria", "12 weeks", "Phase 3: General Availability", enable, "ongoing", exit,
			nil, []string{rules.RuleExitCriteria, rules.RuleUnderTimeline}},
		{"finite last phase still needs exit criteria", "4 weeks", "Phase 3: Full Launch", enable, "1 week", "",
			[]string{rules.RuleExitCriteria}, nil},
		{"finite phases far under the timeline", "12 weeks", "Phase 3: Full Launch", enable, "1 week", exit,
			[]string{rules.RuleUnderTimeline}, nil},
		{"ongoing does not hide an overrun", "1 week", "Phase 3: Full Launch", enable, "ongoing", "",
			[]string{rules.RuleOverTimeline}, []string{rules.RuleUnderTimeline}},
		{"all regions", "4 weeks", "Phase 3: Everywhere (All regions)", enable, "1 week", exit,
			nil, []string{rules.RuleReaches100}},
		{"all traffic", "4 weeks", "Phase 3: Cutover (all traffic)", enable, "1 week", exit,
			nil, []string{rules.RuleReaches100}},
		{"100% of traffic", "4 weeks", "Phase 3: Cutover (100% of traffic)", enable, "1 week", exit,
			nil, []string{rules.RuleReaches100}},
		{"all tenants", "4 weeks", "Phase 3: All tenants", enable, "1 week", exit,
			nil, []string{rules.RuleReaches100}},
		{"all customers, steps on the way", "4 weeks", "Phase 3: Launch (All customers)", "- [ ] Ramp 25% → 50% → all", "1 week", exit,
			nil, []string{rules.RuleReaches100, rules.RuleMonotonic}},
		{"a last phase that stops short", "4 weeks", "Phase 3: Wider beta", "- [ ] Ramp to 50% of users", "1 week", exit,
			[]string{rules.RuleReaches100}, nil},
		{"permanent with a note", "4 weeks", "Phase 3: GA", enable, "Permanent (monitoring continues)", "",
			nil, []string{rules.RuleExitCriteria, rules.RulePhaseDuration, rules.RuleUnderTimeline}},
		{"a last task for all users", "4 weeks", "Phase 3: Rollout", "- [ ] Enable the flag for all users", "1 week", exit,
			nil, []string{rules.RuleReaches100}},
		{"a last ramp that ends with everyone", "4 weeks", "Phase 3: Rollout", "- [ ] Ramp to 25%, 50%, and finally everyone", "1 week", exit,
			nil, []string{rules.RuleReaches100, rules.RuleMonotonic}},
		{"all users, but the ramp goes down", "4 weeks", "Phase 3: Launch (All users)", "- [ ] Enable for 2% of users", "1 week", exit,
			[]string{rules.RuleMonotonic}, []string{rules.RuleReaches100}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := lastPhasePlan(tt.timeline, tt.heading, tt.tasks, tt.dur, tt.exit)
			p, pds := plan.Parse("last.md", []byte(src))
			ds := append(pds, rules.Check(p)...)
			got := map[string]bool{}
			for _, d := range ds {
				got[d.Rule] = true
			}
			for _, r := range tt.want {
				if !got[r] {
					t.Errorf("want %s, got:\n%s", r, text(t, ds))
				}
			}
			for _, r := range tt.notWant {
				if got[r] {
					t.Errorf("want no %s, got:\n%s", r, text(t, ds))
				}
			}
			if strings.Contains(tt.name, "no exit criteria") && len(ds) > 0 {
				t.Errorf("a sound plan with an ongoing last phase has diagnostics:\n%s", text(t, ds))
			}
		})
	}
}

// rampPlan is a sound plan whose phases are given as heading and one task
// each, a week apiece.
func rampPlan(phases ...[2]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: Ramp\ncreated: 2026-03-01\nstatus: draft\nowner: Ana Lee\nteam_size: 3\ntimeline: %d weeks\nrisk_tolerance: medium\n---\n\n# Ramp\n\n## Overview\n\nA feature.\n\n## Rollout Strategy\n\n", len(phases))
	for i, ph := range phases {
		fmt.Fprintf(&b, "### Phase %d: %s\n\n**Duration:** 1 week\n\n**Tasks:**\n- [ ] %s\n\n**Exit Criteria:**\n- [ ] Error rate < 0.5%%\n\n", i+1, ph[0], ph[1])
	}
	b.WriteString("## Success Metrics\n\n| Metric | Baseline | Target | Method |\n|---|---|---|---|\n| Error rate | 0.2% | < 0.5% | Datadog |\n\n## Rollback Triggers\n\n- Error rate above 1% for 10 minutes\n")
	return b.String()
}

// TestRampShapes: steps that are no exposure (0% for a shadow phase,
// mirrored traffic) are not part of the ramp, and the canary is judged on
// the step that opens the ramp.
func TestRampShapes(t *testing.T) {
	internal := [2]string{"Internal Testing", "Deploy to staging"}
	full := [2]string{"Full Launch", "Enable for everyone"}
	tests := []struct {
		name          string
		phases        [][2]string
		want, notWant []string
	}{
		{"a shadow phase at 0%", [][2]string{{"Shadow writes (0% customer traffic)", "Double-write"}, {"Canary (5% traffic)", "Route 5% of writes"}, full},
			nil, []string{rules.RulePercentRange, rules.RuleMonotonic, rules.RuleCanary}},
		{"mirrored traffic is not a step", [][2]string{internal, {"Shadow traffic", "Mirror 100% of queries to the new cluster"}, {"Canary", "Serve 5% of queries"}, full},
			nil, []string{rules.RuleMonotonic}},
		{"served traffic going down still is", [][2]string{internal, {"Beta", "Serve 100% of queries from the new cluster"}, {"Canary", "Serve 5% of queries"}, full},
			[]string{rules.RuleMonotonic}, nil},
		{"heading sums up, tasks ramp: the ramp's first step counts", [][2]string{internal, {"Wider (20%)", "Enable for 5%, then 20% of users"}, full},
			nil, []string{rules.RuleCanary}},
		{"pilot stages before the first share were the canary", [][2]string{{"Pilot cluster", "Upgrade dev"}, {"Internal clusters (2 of 12)", "Upgrade tools"}, {"Customer clusters (50%)", "Upgrade half the clusters: 25%, then 50%"}, full},
			nil, []string{rules.RuleCanary}},
		{"all users in an earlier phase's task is no step", [][2]string{{"Internal Testing", "Email all customers about the change"}, {"Canary", "Enable for 5% of users"}, {"Wider", "Enable for 50% of users"}},
			[]string{rules.RuleReaches100}, []string{rules.RuleMonotonic}},
		{"one internal phase, then a big first step", [][2]string{internal, {"Rollout", "Enable for 50% of users"}, full},
			[]string{rules.RuleCanary}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, pds := plan.Parse("ramp.md", []byte(rampPlan(tt.phases...)))
			ds := append(pds, rules.Check(p)...)
			got := map[string]bool{}
			for _, d := range ds {
				got[d.Rule] = true
			}
			for _, r := range tt.want {
				if !got[r] {
					t.Errorf("want %s, got:\n%s", r, text(t, ds))
				}
			}
			for _, r := range tt.notWant {
				if got[r] {
					t.Errorf("want no %s, got:\n%s", r, text(t, ds))
				}
			}
		})
	}
}

// durationsPlan is a sound plan with one phase per duration, numbered in
// order, each with a task and an exit criterion; the last one is named for
// all users, so the rollout reaches 100%.
func durationsPlan(timeline string, durations ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: Durations\ncreated: 2026-03-01\nstatus: draft\nowner: Ana Lee\nteam_size: 3\ntimeline: %s\nrisk_tolerance: medium\n---\n\n# Durations\n\n## Overview\n\nA feature.\n\n## Rollout Strategy\n\n", timeline)
	for i, d := range durations {
		name, task := "Canary (5% of users)", "Enable for 5% of users"
		if i == len(durations)-1 {
			name, task = "Full Launch", "Enable for all users"
		}
		fmt.Fprintf(&b, "### Phase %d: %s\n\n**Duration:** %s\n\n**Tasks:**\n- [ ] %s\n\n**Exit Criteria:**\n- [ ] Error rate < 0.5%%\n\n", i+1, name, d, task)
	}
	b.WriteString("## Success Metrics\n\n| Metric | Baseline | Target | Method |\n|---|---|---|---|\n| Error rate | 0.2% | < 0.5% | Datadog |\n\n## Rollback Triggers\n\n- Error rate above 1% for 10 minutes\n")
	return b.String()
}

// TestOpenEndedPhaseNotLast: a phase with no end ("ongoing") that is not the
// last one is a warning at its duration, as the phases after it can never
// start; the last phase may have no end. The sum of the other phases is no
// measure of the timeline then, so it is not "under" it, though finite
// phases that already overrun it still do.
func TestOpenEndedPhaseNotLast(t *testing.T) {
	tests := []struct {
		name      string
		timeline  string
		durations []string
		// openAt are the phases (1-based) warned about; want and notWant
		// other rules that must and must not fire.
		openAt        []int
		want, notWant []string
	}{
		{"ongoing first of three", "4 weeks", []string{"ongoing", "1 week", "1 week"}, []int{1}, nil, nil},
		{"until further notice in the middle", "4 weeks", []string{"1 week", "Until further notice.", "1 week"}, []int{2}, nil, nil},
		{"permanent with a note, one phase after it", "4 weeks", []string{"1 week", "Permanent (monitoring continues)", "1 week"}, []int{2}, nil, nil},
		{"every phase ongoing: all but the last", "4 weeks", []string{"ongoing", "indefinite", "ongoing"}, []int{1, 2}, nil, nil},
		{"ongoing last phase", "4 weeks", []string{"1 week", "1 week", "ongoing"}, nil, nil, nil},
		{"one phase, ongoing (and no canary)", "4 weeks", []string{"no end date"}, nil, []string{rules.RuleCanary}, nil},
		{"finite phases are not under a timeline they cannot be added up to", "12 weeks", []string{"1 week", "ongoing", "1 week"}, []int{2},
			nil, []string{rules.RuleUnderTimeline}},
		{"finite phases still overrun", "1 week", []string{"2 weeks", "ongoing", "1 week"}, []int{2},
			[]string{rules.RuleOverTimeline}, nil},
		{"the same finite phases, none open-ended, are under it", "12 weeks", []string{"1 week", "1 week", "1 week"}, nil,
			[]string{rules.RuleUnderTimeline}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := durationsPlan(tt.timeline, tt.durations...)
			p, pds := plan.Parse("durations.md", []byte(src))
			ds := append(pds, rules.Check(p)...)
			var gotAt []int
			got := map[string]bool{}
			for _, d := range ds {
				got[d.Rule] = true
				if d.Rule != rules.RuleOpenEndedPhase {
					continue
				}
				if d.Severity != diag.Warning {
					t.Errorf("%s is a %s, want a warning", d.Rule, d.Severity)
				}
				// It points at the duration's text, after "**Duration:** ".
				if line := strings.Split(src, "\n")[d.Pos.Line-1]; !strings.HasPrefix(line, "**Duration:** ") || d.Pos.Col != len("**Duration:** ")+1 {
					t.Errorf("warning at %d:%d, on %q; want the duration", d.Pos.Line, d.Pos.Col, line)
				}
				for i := range p.Phases {
					if p.Phases[i].Duration.Pos == d.Pos {
						gotAt = append(gotAt, i+1)
					}
				}
				if !strings.Contains(d.Hint, "N days, N weeks or N-M days") || !strings.Contains(d.Hint, "move it last") {
					t.Errorf("hint %q names neither the form nor moving the phase last", d.Hint)
				}
			}
			if !slices.Equal(gotAt, tt.openAt) {
				t.Errorf("open-ended warnings for phases %v, want %v:\n%s", gotAt, tt.openAt, text(t, ds))
			}
			for _, r := range tt.want {
				if !got[r] {
					t.Errorf("want %s, got:\n%s", r, text(t, ds))
				}
			}
			for _, r := range tt.notWant {
				if got[r] {
					t.Errorf("want no %s, got:\n%s", r, text(t, ds))
				}
			}
			if len(tt.want) == 0 && len(ds) > len(tt.openAt) {
				t.Errorf("want only the open-ended warnings, got:\n%s", text(t, ds))
			}
		})
	}
}
