package rules_test

import (
	"fmt"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/rules"
)

// metricPlan is a sound plan with one exit criterion and one trigger to
// judge; its table has Error rate (< 0.5%) and Crash-free sessions.
func metricPlan(criterion, trigger string) string {
	return fmt.Sprintf(`---
title: Metrics
created: 2026-03-01
status: draft
owner: Ana Lee
team_size: 3
timeline: 2 weeks
risk_tolerance: medium
---

# Metrics

## Rollout Strategy

### Phase 1: Canary (5%% of users)

**Duration:** 1 week

**Tasks:**
- [ ] Enable for 5%% of users

**Exit Criteria:**
- [ ] %s

### Phase 2: Full Launch

**Duration:** 1 week

**Tasks:**
- [ ] Enable for 100%% of users

**Exit Criteria:**
- [ ] Retrospective done

## Success Metrics

| Metric | Baseline | Target | Method |
|--------|----------|--------|--------|
| Error rate | 0.2%% | < 0.5%% | Datadog |
| Crash-free sessions | 99.8%% | ≥ 99.7%% | Crashlytics |

## Rollback Triggers

- %s
`, criterion, trigger)
}

// TestMetricNaming: exit criteria and triggers whose threshold bounds
// something other than a metric (how long, how many users, which things)
// are not asked to name a table row; ones that bound a metric still are,
// and a trigger on a table metric is still checked against its target.
func TestMetricNaming(t *testing.T) {
	const okCriterion, okTrigger = "Error rate < 0.5%", "Error rate above 1% for 10 minutes"
	tests := []struct {
		name, criterion, trigger string
		want, notWant            []string
	}{
		{"quantified statement", "Every account with a rise above 20% contacted by its account manager", okTrigger,
			nil, []string{rules.RuleCriterionMetric}},
		{"each", "Each region with more than 5% of traffic reviewed by its owner", okTrigger,
			nil, []string{rules.RuleCriterionMetric}},
		{"unknown metric in a criterion", "Checkout abandonment < 2%", okTrigger,
			[]string{rules.RuleCriterionMetric}, nil},
		{"outage duration", okCriterion, "Relay unavailable for more than 1 minute",
			nil, []string{rules.RuleUnknownMetric}},
		{"blast radius in users", okCriterion, "A crash in the signup flow affecting more than 100 users",
			nil, []string{rules.RuleUnknownMetric}},
		{"blast radius in percent of users", okCriterion, "More than 1% of users hit a blank page",
			nil, []string{rules.RuleUnknownMetric}},
		{"unknown metric in a trigger", okCriterion, "Bounce rate above 5% on a send",
			[]string{rules.RuleUnknownMetric}, nil},
		{"a count that is a metric", okCriterion, "More than 50 support tickets per hour",
			[]string{rules.RuleUnknownMetric}, nil},
		{"userland is not users", okCriterion, "Queue depth above 100 userland jobs",
			[]string{rules.RuleUnknownMetric}, nil},
		{"a table metric in percent of requests is still checked", okCriterion, "Error rate above 0.3% of requests",
			[]string{rules.RuleInsideTarget}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, pds := plan.Parse("metrics.md", []byte(metricPlan(tt.criterion, tt.trigger)))
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
