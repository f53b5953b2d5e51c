package plan

import (
	"fmt"
	"strings"
	"testing"
)

// TestReadings: every shape the parser reads otherwise than the template
// writes it leaves a reading at its place, the same on the check path and
// the pages path, and the template's own shape leaves none.
func TestReadings(t *testing.T) {
	// variantFront is 9 lines and "# T" and a blank line follow, so the
	// body's first line is line 12.
	tests := []struct {
		name, body string
		want       []string // "line:col text"
	}{
		{"template shape reads silently",
			"## Overview\n\nx\n\n## Rollout Strategy\n\n### Phase 1: Internal\n**Duration:** 2-3 days\n\n### Phase 2: Canary\n**Duration:** 1 week\n\n## Success Metrics\n\n| Metric | Baseline | Target | Method |\n|---|---|---|---|\n| a | 1 | 2 | m |\n\n## Rollback Triggers\n\n- a > 3\n",
			nil},
		{"section synonyms",
			"## Summary\n\nx\n\n## Halt Rules\n\n### Latency\n\n- p99 > 800ms\n",
			[]string{`12:1 read "Summary" as Overview`, `16:1 read "Halt Rules" as Rollback Triggers`, `18:1 read "Latency" as part of "Halt Rules"`}},
		{"column synonyms",
			"## KPIs\n\n| Metric | Current | SLO | Source |\n|---|---|---|---|\n| a | 1 | 2 | m |\n",
			[]string{`12:1 read "KPIs" as Success Metrics`, `14:11 read column "Current" as Baseline`, `14:21 read column "SLO" as Target`, `14:27 read column "Source" as Method`}},
		{"phase words and numerals",
			"## Stage 1: Staff\n\n## Phase II: Pilot\n\n## Phased Rollout\n\n### 3. Everyone\n",
			[]string{`12:1 read "Stage 1: Staff" as phase 1`, `14:1 read "Phase II: Pilot" as phase 2`, `18:1 read "3. Everyone" under "Phased Rollout" as phase 3`}},
		{"durations",
			"### Phase 1: A\n**Duration:** 24 hours\n\n### Phase 2: B\n- **Duration**: 2 week(s)\n\n### Phase 3: C\n**Duration:** 5 business days\n\n### Phase 4: D\n**Duration:** 30 minutes\n\n### Phase 5: E\n**Duration:** ongoing\n",
			[]string{
				`13:15 read duration "24 hours" of phase 1 as 1 day`,
				`16:17 read duration "2 week(s)" of phase 2 as 14 days`,
				`19:15 read duration "5 business days" of phase 3 as 7 days`,
				`22:15 read duration "30 minutes" of phase 4 as 0.02 days`,
				`25:15 read duration "ongoing" of phase 5 as open-ended: the phase has no end and takes no time from the timeline`,
			}},
		{"duration in the heading",
			"## Phase 1: Foundations (Weeks 1-3)\n",
			[]string{`12:1 read "Weeks 1-3" in the heading of "Phase 1: Foundations (Weeks 1-3)" as its duration (21 days)`}},
		{"steps in words",
			"### Phase 1: Half of users\n**Duration:** 1 week\n**Tasks:**\n- [ ] Ramp to fifty percent, then one hundred percent\n",
			[]string{
				`12:14 read "Half of users" in phase 1 as the rollout step 50%`,
				`15:15 read "fifty percent" in phase 1 as the rollout step 50%`,
				`15:35 read "one hundred percent" in phase 1 as the rollout step 100%`,
			}},
		{"labels swallowed by a list item and by the summary",
			"### Phase 1: Canary\n> Staff only\n**Duration:** 3 days\n**Tasks:**\n- [ ] Enable the flag\n**Exit Criteria:**\n- [ ] Errors flat\n",
			[]string{
				`14:1 read "**Duration:** 3 days" right under the summary quote as a label of phase 1, not as part of the quote`,
				`15:1 read "**Tasks:**" right under the summary quote as a label of phase 1, not as part of the quote`,
				`17:1 read "**Exit Criteria:**" right under a list item as a label of phase 1, not as part of the item`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(variantFront + "# T\n\n" + tt.body)
			full, _ := Parse("t.md", src)
			check, _ := ParseForCheck("t.md", src)
			want := strings.Join(tt.want, "\n")
			if got := readingLines(full); got != want {
				t.Errorf("Parse readings:\n%s\nwant:\n%s", got, want)
			}
			if got := readingLines(check); got != want {
				t.Errorf("ParseForCheck readings:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func readingLines(p *Plan) string {
	var lines []string
	for _, r := range p.Readings {
		lines = append(lines, fmt.Sprintf("%d:%d %s", r.Pos.Line, r.Pos.Col, r.Text))
	}
	return strings.Join(lines, "\n")
}
