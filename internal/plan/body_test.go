package plan

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// percentRE is the reference for matchPercent, which replaced it for speed.
var percentRE = regexp.MustCompile(`(\d+(?:\.\d+)?)\s?%`)

func percentsByScanner(line string) []string {
	r := &reader{p: &Plan{Body: []byte(line), Source: []byte(line)}}
	r.indexLines()
	var out []string
	for i := 0; i < len(line); i++ {
		if !isDigitByte(line[i]) || (i > 0 && isDigitByte(line[i-1])) {
			continue
		}
		numEnd, end, ok := matchPercent(line, i)
		if !ok {
			continue
		}
		var v float64
		fmt.Sscan(line[i:numEnd], &v)
		out = append(out, fmt.Sprintf("%v@%d", v, r.pos(i).Col))
		i = end - 1
	}
	return out
}

// steps returns the rollout steps percentagesAt keeps from line.
func steps(line string) string {
	r := &reader{p: &Plan{Body: []byte(line), Source: []byte(line)}}
	r.indexLines()
	var ph Phase
	r.percentagesAt(&ph, line, 0)
	var out []string
	for _, pc := range ph.Percentages {
		out = append(out, fmt.Sprint(pc.Value))
	}
	return strings.Join(out, " ")
}

// TestGatesAreNotSteps: percentages that are thresholds are not rollout
// steps, wherever they are written.
func TestGatesAreNotSteps(t *testing.T) {
	tests := map[string]string{
		"Increase to 25% → 50% → 100%":                          "25 50 100",
		"Enable for 5% of users":                                "5",
		"Canary Release (2% of accounts)":                       "2",
		"Increase to 25% while error rate stays below 0.5%":     "25",
		"Hold until conversion lift reaches 95% confidence":     "",
		"Roll out to 10% if p95 latency is within 5% of before": "10",
		"Keep error rate <0.1% and CPU ≤ 60%":                   "",
		"Abort if errors increase by 2% or exceed 1%":           "",
		"Expand to 50% with a 99.9% uptime SLO":                 "50",
		"Mirror 100% of queries to the new cluster":             "",
		"Send 10% shadow traffic, then serve 5% of users":       "5",
	}
	for line, want := range tests {
		if got := steps(line); got != want {
			t.Errorf("steps(%q) = %q, want %q", line, got, want)
		}
	}
}

func percentsByRegexp(line string) []string {
	var out []string
	for _, m := range percentRE.FindAllStringSubmatchIndex(line, -1) {
		var v float64
		fmt.Sscan(line[m[2]:m[3]], &v)
		out = append(out, fmt.Sprintf("%v@%d", v, len([]rune(line[:m[2]]))+1))
	}
	return out
}

func TestPercentagesAt(t *testing.T) {
	tests := map[string]string{
		"Increase to 25% → 50% → 100%":   "25@13 50@19 100@25",
		"Roll out to 5 % of users":       "5@13",
		"1.5% then 2.25%":                "1.5@1 2.25@11",
		"1.2.3% v2.0% 99.%":              "2.3@3 2@9",
		"no percent here 42":             "",
		"x12345%":                        "12345@2",
		"tab\t7\t% and cr 8\r%":          "7@5 8@16",
		"[1-10]% and [X]% are not steps": "",
	}
	for line, want := range tests {
		got := strings.Join(percentsByScanner(line), " ")
		if got != want {
			t.Errorf("percentagesAt(%q) = %q, want %q", line, got, want)
		}
		if ref := strings.Join(percentsByRegexp(line), " "); got != ref {
			t.Errorf("percentagesAt(%q) = %q, regexp says %q", line, got, ref)
		}
	}
}

// FuzzPercentagesAt keeps the hand-written scanner equal to the regular
// expression it replaced.
func FuzzPercentagesAt(f *testing.F) {
	for _, s := range []string{"25% → 50%", "1.2.3%", "5 %", "x9.%", "0.5\t%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if !strings.Contains(line, "\n") {
			if got, want := percentsByScanner(line), percentsByRegexp(line); strings.Join(got, " ") != strings.Join(want, " ") {
				t.Fatalf("percentagesAt(%q) = %v, regexp says %v", line, got, want)
			}
		}
	})
}

func TestIsFullLaunch(t *testing.T) {
	tests := map[string]bool{
		"Full Launch": true, "Feature available to all users": true, "General Availability (GA)": true,
		"GA": true, "Launch to everyone": true, "Full-launch": true, "All customers": true,
		"Full Launch (All users)": true, "Everywhere (All regions)": true, "100% of traffic (all traffic)": true,
		"All tenants": true, "Roll out to all clusters": true,
		"Internal Testing": false, "Gradual Rollout": false, "Legacy cleanup": false, "Fully launched soon": false,
		"Allow users to opt in": false, "Users in all": false,
	}
	for s, want := range tests {
		if got := isFullLaunch(s); got != want {
			t.Errorf("isFullLaunch(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestStripCheckbox(t *testing.T) {
	tests := map[string]string{
		"[ ] Deploy":   "Deploy",
		"[x] Deploy":   "Deploy",
		"[X]\tDeploy":  "Deploy",
		"[x]Deploy":    "Deploy",
		"[y] Deploy":   "[y] Deploy",
		"Deploy [ ] x": "Deploy [ ] x",
		"[ ]":          "",
	}
	for in, want := range tests {
		if got := stripCheckbox(in); got != want {
			t.Errorf("stripCheckbox(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMayBeLabel(t *testing.T) {
	for _, line := range []string{"**Duration:** 5 days", "__Tasks:__", "Exit Criteria:", "  **exit criteria**", "DURATION: 1w"} {
		if !mayBeLabel(line) || !isLabel(line) {
			t.Errorf("%q should be a label (prefilter %v)", line, mayBeLabel(line))
		}
	}
	for _, line := range []string{"Deploy to staging", "Enable the flag", "Test in production", "- item"} {
		if mayBeLabel(line) && isLabel(line) {
			t.Errorf("%q should not be a label", line)
		}
	}
}

// TestBody checks what the parser reads from a plan body: phases with
// their steps (from heading, summary and tasks, not exit criteria), an
// implied 100% for a launch phase, durations, the metrics table in any
// column order with extra columns, triggers and the strategy line.
func TestBody(t *testing.T) {
	src := `---
title: T
---
# Rollout Plan: T

## Rollout Strategy

Conservative rollout with three phases.

### Phase 1: Canary (2% of users)
> Roll out to 2% of users

**Duration:** 2-3 days

**Tasks:**
- [x] Enable for 2% of users
- [ ] Watch

**Exit Criteria:**
- [ ] CPU below 60%

### Phase 2 – Ramp
> Increase to 25% → 50%

**Duration:** 1 week

**Tasks:**
- Increase to 25%, then 50%

**Exit Criteria:**
1. [x] Held for 48h

### Phase 3: General Availability
**Duration:** 10d

**Exit Criteria:**
- [ ] Done

## Success Metrics

| Target | Metric | Owner | Baseline | Method |
|---|---|---|---|---|
| <150ms | **Latency (p95)** | SRE | 120ms | APM |

## Rollback Triggers

- [ ] P95 latency exceeds 1 second
- Error rate increases by more than 0.5%
`
	p, ds := Parse("t.md", []byte(src))
	for _, d := range ds {
		if !strings.HasPrefix(d.Rule, "front-matter/") {
			t.Errorf("unexpected diagnostic %v", d)
		}
	}
	if got := fmt.Sprintf("%s %d", p.StrategyLine.Strategy, p.StrategyLine.Phases); got != "conservative 3" {
		t.Errorf("strategy line %q", got)
	}
	var got []string
	for _, ph := range p.Phases {
		var steps []string
		for _, pc := range ph.Percentages {
			steps = append(steps, fmt.Sprintf("%v", pc.Value))
		}
		got = append(got, fmt.Sprintf("%d %s [%s] %v-%v tasks=%d exit=%d", ph.Number, ph.Name, strings.Join(steps, " "),
			ph.Duration.Min, ph.Duration.Max, len(ph.Tasks), len(ph.ExitCriteria)))
	}
	want := []string{
		"1 Canary (2% of users) [2 2 2] 2-3 tasks=2 exit=1",
		"2 Ramp [25 50 25 50] 7-7 tasks=1 exit=1",
		"3 General Availability [100] 10-10 tasks=0 exit=1",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("phases:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !p.Phases[2].Percentages[0].Implied {
		t.Error("the launch phase's 100% should be implied")
	}
	if !p.Phases[1].ExitCriteria[0].Done || p.Phases[0].ExitCriteria[0].Done {
		t.Error("exit criteria checkboxes misread")
	}
	if len(p.Metrics.Rows) != 1 {
		t.Fatalf("metrics rows: %d", len(p.Metrics.Rows))
	}
	m := p.Metrics.Rows[0]
	if m.Name != "Latency (p95)" || m.Target != "<150ms" || m.Baseline != "120ms" || m.Method != "APM" || len(m.Cells) != 5 {
		t.Errorf("metric row %+v", m)
	}
	if len(p.Triggers) != 2 || p.Triggers[0].Text != "P95 latency exceeds 1 second" || p.Triggers[0].Pos.Col != 3 {
		t.Errorf("triggers %+v", p.Triggers)
	}
}

func TestHeadingUnescapesPunctuation(t *testing.T) {
	src := "---\ntitle: x\n---\n# Rollout Plan: C\\# SDK\n\n## Overview\n\nText.\n"
	p, _ := Parse("content/plans/x.md", []byte(src))
	if p.Heading != "C# SDK" {
		t.Fatalf("Heading = %q, want %q", p.Heading, "C# SDK")
	}
}

func TestHeadingTypographyIsText(t *testing.T) {
	src := "---\ntitle: x\n---\n## Rollout Strategy\n\n### Phase 1: Dogfood \"Beta\" -- Users' Test\n\n**Duration:** 2 days\n"
	p, _ := Parse("content/plans/x.md", []byte(src))
	if len(p.Phases) != 1 {
		t.Fatalf("got %d phases, want 1", len(p.Phases))
	}
	want := "Dogfood \u201cBeta\u201d \u2013 Users\u2019 Test"
	if got := p.Phases[0].Name; got != want {
		t.Errorf("phase name = %q, want %q", got, want)
	}
	if got := p.Phases[0].Slug; got != "1-dogfood-beta-users-test" {
		t.Errorf("phase slug = %q, want 1-dogfood-beta-users-test", got)
	}
}
