package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/genplans"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/rules"
)

// benchPlan is a plan the size of the template, filled in; genPlan varies
// its values so the portfolio is not one file repeated.
const benchPlan = `---
title: %[1]s
created: 2026-%02[2]d-%02[3]d
status: %[4]s
owner: %[5]s
team_size: %[6]d
timeline: %[7]d weeks
risk_tolerance: %[8]s
strategy: %[9]s
flag: %[10]s
tags: [bench, %[11]s]
---

# Rollout Plan: %[1]s

## Overview

%[1]s lets %[11]s teams do in one step what takes five today. This paragraph
stands in for the usual two of background, with a [link](https://example.com/%[10]s).

## Rollout Strategy

%[12]s rollout with 4 phases.

### Phase 1: Internal Testing
> Deploy to internal team members and dogfood the feature

**Duration:** %[13]d days

**Tasks:**
- [x] Deploy to staging environment
- [x] Internal team testing with real workflows
- [ ] Fix critical issues found during testing

**Exit Criteria:**
- [x] No P0 or P1 bugs remaining
- [ ] Rollback procedure tested

### Phase 2: Canary Release (%[14]d%% of users)
> Roll out to %[14]d%% of users

**Duration:** %[15]s

**Tasks:**
- [ ] Enable the ` + "`%[10]s`" + ` flag for %[14]d%% of users
- [ ] Monitor error rates, latency, and key metrics

**Exit Criteria:**
- [ ] Error rate within acceptable threshold
- [ ] Replica CPU below 60%%

### Phase 3: Gradual Rollout (25%% → 50%% → 100%%)
> Increase to 25%%, then 50%%, then 100%% of users

**Duration:** %[16]d days

**Tasks:**
- [ ] Increase to 25%% → 50%% → 100%%
- [ ] Pause and investigate any anomalies

**Exit Criteria:**
- [ ] All rollout percentages completed without issues

### Phase 4: Full Launch
> Feature available to all users

**Duration:** 1 week

**Tasks:**
- [ ] Remove the feature flag
- [ ] Send launch announcement

**Exit Criteria:**
- [ ] Documentation published

## Success Metrics

| Metric | Baseline | Target | Method |
|--------|----------|--------|--------|
| Error rate | 0.%[17]d%% | <0.1%% increase | Monitoring |
| Latency (p95) | %[18]dms | <%[19]dms | APM |
| User adoption | 0%% | >= %[20]d%% | Analytics |
| Support tickets | %[21]d/week | <20%% increase | Support |

## Rollback Triggers

Immediately halt and rollback if:
- Error rate increases by more than 0.5%%
- P95 latency exceeds %[22]s
- Support tickets increase by more than 50%% week over week
- Any data corruption detected
`

var (
	benchStatuses = plan.Statuses
	benchRisks    = []string{"low", "medium", "high"}
	benchOwners   = []string{"Dana Reyes", "Sam Lee", "Priya Raman", "Jonas Lindqvist", "Mei Lin Chen"}
	benchAreas    = []string{"payments", "search", "mobile", "billing", "growth", "platform"}
)

// genPlan returns plan number i of a generated portfolio. Most plans are
// clean; the values drift so some break rules (a canary above 10%, a
// trigger inside its target, phases over the timeline).
func genPlan(i int) []byte {
	risk := benchRisks[i%3]
	strategy := plan.StrategyForRisk[risk]
	if i%7 == 0 {
		strategy = plan.StrategyForRisk[benchRisks[(i+1)%3]]
	}
	latency := 150 + i%200
	return fmt.Appendf(nil, benchPlan,
		fmt.Sprintf("Feature %d", i), 1+i%12, 1+i%28, benchStatuses[i%len(benchStatuses)],
		benchOwners[i%len(benchOwners)], 1+i%12, 4+i%5, risk, strategy,
		fmt.Sprintf("feature_%d", i), benchAreas[i%len(benchAreas)], strings.ToUpper(strategy[:1])+strategy[1:],
		3+i%5, 1+i%12, []string{"3 days", "1 week", "2-3 days", "5 business days"}[i%4], 7+i%7,
		i%10, latency, latency+50+i%100, 10+i%30, 10+i%90,
		[]string{"1 second", "2s", fmt.Sprintf("%dms", latency+20)}[i%3])
}

// BenchmarkCheck10k measures `rolloutdocs check` over portfolios of 10,000
// plans on disk: finding the files, then reading, parsing and checking each
// once, in parallel (CheckFiles, with the command's garbage-collector
// setting). The target is under 1.5 s per run on 2 cores. Two portfolios:
// "genplans" is the one bench/run.sh times (internal/genplans, seed 1:
// realistic and clean), "rule-breaking" is genPlan's, whose values drift
// into some 14,000 diagnostics. The portfolio sub-benchmarks take the path
// that keeps every parsed plan (plan.LoadFiles then CheckPortfolio, default
// GC), as the site builder does. cpu-s/op is the CPU time a run used, which
// stays meaningful on a shared machine where wall time does not.
//
//	go test ./internal/rules -run '^$' -bench Check10k -benchtime 5x
//	go test ./internal/rules -run '^$' -bench Check10k/genplans/files -benchtime 5x -cpuprofile cpu.out
func BenchmarkCheck10k(b *testing.B) {
	const n = 10_000
	genplansDir := b.TempDir()
	if _, err := genplans.Write(genplansDir, n, 1); err != nil {
		b.Fatal(err)
	}
	ruleBreakingDir := b.TempDir()
	for i := range n {
		sub := filepath.Join(ruleBreakingDir, benchAreas[i%len(benchAreas)])
		if i < len(benchAreas) {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				b.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("feature-%05d.md", i)), genPlan(i), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	for _, portfolio := range []struct{ name, dir string }{
		{"genplans", genplansDir},
		{"rule-breaking", ruleBreakingDir},
	} {
		find := func(b *testing.B) []string {
			files, err := plan.FindFiles(portfolio.dir)
			if err != nil || len(files) != n {
				b.Fatalf("found %d plans: %v", len(files), err)
			}
			return files
		}
		run := func(b *testing.B, check func([]string) int) {
			b.ReportAllocs()
			start := cpuTime()
			var problems int
			for b.Loop() {
				problems = check(find(b))
			}
			b.ReportMetric((cpuTime()-start).Seconds()/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(problems), "diagnostics")
		}
		b.Run(portfolio.name+"/files", func(b *testing.B) {
			// As `rolloutdocs check` runs it.
			defer debug.SetGCPercent(debug.SetGCPercent(rules.BatchGCPercent))
			run(b, func(files []string) int { return len(rules.CheckFiles(files, false).Diagnostics) })
		})
		b.Run(portfolio.name+"/portfolio", func(b *testing.B) {
			run(b, func(files []string) int { return len(rules.CheckPortfolio(plan.LoadFiles(files))) })
		})
	}
}

// TestGeneratedPlansAreRealistic keeps the benchmark honest: generated
// plans parse fully and most are clean, so it measures real plans.
func TestGeneratedPlansAreRealistic(t *testing.T) {
	clean := 0
	for i := range 200 {
		p, parseDiags := plan.Parse(fmt.Sprintf("g%d.md", i), genPlan(i))
		if len(parseDiags) > 0 {
			t.Fatalf("plan %d does not parse cleanly: %v\n%s", i, parseDiags, genPlan(i))
		}
		if len(p.Phases) != 4 || len(p.Metrics.Rows) != 4 || len(p.Triggers) != 4 {
			t.Fatalf("plan %d: %d phases, %d metrics, %d triggers", i, len(p.Phases), len(p.Metrics.Rows), len(p.Triggers))
		}
		ds := rules.Check(p)
		if len(ds) == 0 {
			clean++
		}
		for _, d := range ds {
			t.Logf("%v", d)
		}
	}
	if clean < 50 || clean == 200 {
		t.Errorf("%d of 200 generated plans are clean; want a mix", clean)
	}
}
