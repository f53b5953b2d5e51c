package rules_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/rules"
)

// portfolioPlan is a plan with the given risk and start (none when "") and
// phases written as "Name:days".
func portfolioPlan(t *testing.T, slug, risk, start string, phases ...string) *plan.Plan {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %s\ncreated: 2026-01-05\nstatus: approved\nowner: Ana\nteam_size: 2\ntimeline: 8 weeks\nrisk_tolerance: %s\n", strings.ToUpper(slug), risk)
	if start != "" {
		fmt.Fprintf(&b, "start: %s\n", start)
	}
	b.WriteString("---\n\n# Rollout Plan\n\n## Rollout Strategy\n\n")
	for i, ph := range phases {
		name, days, _ := strings.Cut(ph, ":")
		fmt.Fprintf(&b, "### Phase %d: %s\n\n**Duration:** %s days\n\n**Exit Criteria:**\n- [ ] done\n\n", i+1, name, days)
	}
	p, _ := plan.Parse("content/plans/"+slug+".md", []byte(b.String()))
	return p
}

func TestHighRiskOverlap(t *testing.T) {
	std := []string{"Internal Testing:7", "Canary Release:7", "Gradual Rollout:14", "Full Launch:7"}
	tests := []struct {
		name  string
		plans func(t *testing.T) []*plan.Plan
		// want are "file:line message-fragment" for each diagnostic, sorted.
		want []string
	}{
		{"two high-risk canaries on the same week", func(t *testing.T) []*plan.Plan {
			return []*plan.Plan{
				portfolioPlan(t, "a", "high", "2026-03-02", std...),
				portfolioPlan(t, "b", "high", "2026-03-02", std...),
			}
		}, []string{
			`content/plans/a.md:23 canary phase "Canary Release" of "A" (2026-03-09 – 2026-03-15) overlaps canary phase "Canary Release" of "B" (content/plans/b.md, 2026-03-09 – 2026-03-15) on 2026-03-09 – 2026-03-15`,
			`content/plans/a.md:30 gradual rollout phase "Gradual Rollout" of "A" (2026-03-16 – 2026-03-29) overlaps gradual rollout phase "Gradual Rollout" of "B" (content/plans/b.md, 2026-03-16 – 2026-03-29) on 2026-03-16 – 2026-03-29`,
			`content/plans/b.md:23 canary phase "Canary Release" of "B" (2026-03-09 – 2026-03-15) overlaps canary phase "Canary Release" of "A" (content/plans/a.md, 2026-03-09 – 2026-03-15) on 2026-03-09 – 2026-03-15`,
			`content/plans/b.md:30 gradual rollout phase "Gradual Rollout" of "B" (2026-03-16 – 2026-03-29) overlaps gradual rollout phase "Gradual Rollout" of "A" (content/plans/a.md, 2026-03-16 – 2026-03-29) on 2026-03-16 – 2026-03-29`,
		}},
		{"one plan's ramp meets the other's canary on a single day", func(t *testing.T) []*plan.Plan {
			return []*plan.Plan{
				portfolioPlan(t, "a", "high", "2026-03-02", "Canary:7", "Ramp:7"),
				// b's canary starts on a's last ramp day
				portfolioPlan(t, "b", "high", "2026-03-15", "Canary:3", "Full Launch:2"),
			}
		}, []string{
			`content/plans/a.md:23 gradual rollout phase "Ramp" of "A" (2026-03-09 – 2026-03-15) overlaps canary phase "Canary" of "B" (content/plans/b.md, 2026-03-15 – 2026-03-17) on 2026-03-15`,
			`content/plans/b.md:16 canary phase "Canary" of "B" (2026-03-15 – 2026-03-17) overlaps gradual rollout phase "Ramp" of "A" (content/plans/a.md, 2026-03-09 – 2026-03-15) on 2026-03-15`,
		}},
		{"three at once: one warning per phase, naming the first and counting the rest", func(t *testing.T) []*plan.Plan {
			return []*plan.Plan{
				portfolioPlan(t, "a", "high", "2026-03-02", "Canary:7"),
				portfolioPlan(t, "b", "high", "2026-03-04", "Canary:7"),
				portfolioPlan(t, "c", "high", "2026-03-06", "Canary:7"),
			}
		}, []string{
			`content/plans/a.md:16 canary phase "Canary" of "A" (2026-03-02 – 2026-03-08) overlaps canary phase "Canary" of "B" (content/plans/b.md, 2026-03-04 – 2026-03-10) on 2026-03-04 – 2026-03-08, and 1 more canary or ramp phase of other high-risk plans`,
			`content/plans/b.md:16 canary phase "Canary" of "B" (2026-03-04 – 2026-03-10) overlaps canary phase "Canary" of "A" (content/plans/a.md, 2026-03-02 – 2026-03-08) on 2026-03-04 – 2026-03-08, and 1 more canary or ramp phase of other high-risk plans`,
			`content/plans/c.md:16 canary phase "Canary" of "C" (2026-03-06 – 2026-03-12) overlaps canary phase "Canary" of "A" (content/plans/a.md, 2026-03-02 – 2026-03-08) on 2026-03-06 – 2026-03-08, and 1 more canary or ramp phase of other high-risk plans`,
		}},
		{"staggered: b starts the day after a's ramp ends", func(t *testing.T) []*plan.Plan {
			return []*plan.Plan{
				portfolioPlan(t, "a", "high", "2026-03-02", "Canary:7", "Ramp:7"),
				portfolioPlan(t, "b", "high", "2026-03-16", "Canary:3", "Ramp:2"),
			}
		}, nil},
		{"internal testing and full launch do not count", func(t *testing.T) []*plan.Plan {
			return []*plan.Plan{
				portfolioPlan(t, "a", "high", "2026-03-02", "Internal Testing:7", "Canary:7", "Full Launch:30"),
				portfolioPlan(t, "b", "high", "2026-03-16", "Internal Testing:20", "Canary:3"),
			}
		}, nil},
		{"medium and low risk plans overlap freely", func(t *testing.T) []*plan.Plan {
			return []*plan.Plan{
				portfolioPlan(t, "a", "high", "2026-03-02", std...),
				portfolioPlan(t, "b", "medium", "2026-03-02", std...),
				portfolioPlan(t, "c", "low", "2026-03-02", std...),
			}
		}, nil},
		{"a plan without start has no dates", func(t *testing.T) []*plan.Plan {
			return []*plan.Plan{
				portfolioPlan(t, "a", "high", "2026-03-02", std...),
				portfolioPlan(t, "b", "high", "", std...),
			}
		}, nil},
		{"a phase without a duration has no dates", func(t *testing.T) []*plan.Plan {
			a := portfolioPlan(t, "a", "high", "2026-03-02", "Canary:7")
			b := portfolioPlan(t, "b", "high", "2026-03-02", "Canary:7")
			b.Phases[0].Duration = plan.Duration{}
			return []*plan.Plan{a, b}
		}, nil},
		{"one plan alone never overlaps itself", func(t *testing.T) []*plan.Plan {
			return []*plan.Plan{portfolioPlan(t, "a", "high", "2026-03-02", "Canary:7", "Ramp:7", "Ramp again:7")}
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := rules.PortfolioRules(tt.plans(t))
			diag.Sort(ds)
			var got []string
			for _, d := range ds {
				if d.Rule != rules.RuleHighRiskOverlap || d.Severity != diag.Warning {
					t.Errorf("unexpected diagnostic %v", d)
				}
				if !strings.Contains(d.Hint, "stagger") {
					t.Errorf("hint %q does not say to stagger the starts", d.Hint)
				}
				msg := strings.TrimPrefix(d.Message, "high-risk plans roll out at the same time: ")
				got = append(got, fmt.Sprintf("%s:%d %s", d.File, d.Pos.Line, msg))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestHighRiskOverlapInCheckFiles runs the rule the way `rolloutdocs check`
// does: CheckFiles drops each parsed plan but keeps its ramp windows.
func TestHighRiskOverlapInCheckFiles(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for _, slug := range []string{"a", "b"} {
		p := portfolioPlan(t, slug, "high", "2026-03-02", "Canary:7", "Ramp:7")
		path := dir + "/" + slug + ".md"
		writeFile(t, path, p.Source)
		files = append(files, path)
	}
	got := 0
	for _, d := range rules.CheckFiles(files, false).Diagnostics {
		if d.Rule == rules.RuleHighRiskOverlap {
			got++
		}
	}
	// canary×canary, canary×ramp (no: a's canary ends before b's ramp), ramp×ramp: 2 pairs, each in both files
	if got != 4 {
		t.Errorf("CheckFiles reported %d %s diagnostics, want 4", got, rules.RuleHighRiskOverlap)
	}
	pf := plan.LoadFiles(files)
	if n := countRule(rules.CheckPortfolio(pf), rules.RuleHighRiskOverlap); n != got {
		t.Errorf("CheckPortfolio reported %d, CheckFiles %d", n, got)
	}
}

func countRule(ds []diag.Diagnostic, rule string) int {
	n := 0
	for _, d := range ds {
		if d.Rule == rule {
			n++
		}
	}
	return n
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
