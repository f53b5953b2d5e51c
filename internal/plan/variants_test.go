package plan

import (
	"fmt"
	"strings"
	"testing"
)

const variantFront = "---\ntitle: T\ncreated: 2026-03-01\nstatus: draft\nowner: O\nteam_size: 2\ntimeline: 10 weeks\nrisk_tolerance: low\n---\n"

// phaseSummary is one line per phase: number, name, duration's days,
// tasks and exit criteria, for the variant table below.
func phaseSummary(p *Plan) string {
	var b strings.Builder
	for _, ph := range p.Phases {
		fmt.Fprintf(&b, "%d %q d=%s/%.4g open=%v", ph.Number, ph.Name, ph.Duration.Text, ph.Duration.Max, ph.Duration.OpenEnded)
		for _, t := range ph.Tasks {
			fmt.Fprintf(&b, " T[%s]", t.Text)
		}
		for _, t := range ph.ExitCriteria {
			fmt.Fprintf(&b, " X[%s]", t.Text)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// TestPhaseVariants: the phase shapes people write (issue 11), read the
// same on the check path and the pages path.
func TestPhaseVariants(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"tight labels", "### Phase 2: Canary (5% of users)\n**Duration:** 2 days\n**Tasks:**\n- [ ] Enable the flag\n**Exit Criteria:**\n- [ ] Error rate within threshold\n",
			`2 "Canary (5% of users)" d=2 days/2 open=false T[Enable the flag] X[Error rate within threshold]` + "\n"},
		{"generator dialect", "### Phase 3: Gradual Rollout\n**Duration:** 2 week(s)\n\n**Exit Criteria:**\n- [ ] ok\n",
			`3 "Gradual Rollout" d=2 week(s)/14 open=false X[ok]` + "\n"},
		{"list-item labels", "### Stage 2: Early adopters\n- **Duration**: 24 hours\n- **Exit Criteria**:\n  - Error rate < 0.5%\n  - No pages\n",
			`2 "Early adopters" d=24 hours/1 open=false X[Error rate < 0.5%] X[No pages]` + "\n"},
		{"label on the item's line", "## Wave 1: Staff\n- **Duration**: 30 minutes\n- **Exit Criteria**: no errors\n",
			`1 "Staff" d=30 minutes/0.02083 open=false X[no errors]` + "\n"},
		{"heading duration", "## Phase 1: Foundations (Weeks 1-3)\n**Exit Criteria:**\n- done\n",
			`1 "Foundations (Weeks 1-3)" d=Weeks 1-3/21 open=false X[done]` + "\n"},
		{"roman numerals", "## Phase II: Pilot\n**Duration:** 5 business days\n**Exit Criteria:** green\n",
			`2 "Pilot" d=5 business days/7 open=false X[green]` + "\n"},
		{"numbered under a phases section", "## Phased Rollout\n\nIntro.\n\n### 1. Pilot cluster\n**Duration:** 1 week\n\n### 2. Everyone\n**Duration:** ongoing\n",
			`1 "Pilot cluster" d=1 week/7 open=false` + "\n" + `2 "Everyone" d=ongoing/0 open=true` + "\n"},
		{"numbered elsewhere is not a phase", "## Notes\n\n### 1. Pilot cluster\n**Duration:** 1 week\n", ""},
		{"steps of a procedure are not phases", "## Rollback Procedure\n\n### Step 1: Disable the flag\n\nDo it.\n", ""},
		{"label synonyms", "### Phase 2: Canary\n**Timeline:** 2 days\n**Steps:**\n- [ ] Enable the flag\n**Success Criteria:**\n- [ ] Error rate within threshold\n",
			`2 "Canary" d=2 days/2 open=false T[Enable the flag] X[Error rate within threshold]` + "\n"},
		{"label synonyms with the colon outside, in a list", "### Stage 1: Staff\n- **Go/No-Go**: error rate flat\n- **Length**: 24 hours\n",
			`1 "Staff" d=24 hours/1 open=false X[error rate flat]` + "\n"},
		{"a synonym without its colon is text", "### Phase 1: Staff\n**Duration:** 1 day\n\nSteps are in the runbook.\n\nGate keepers sign off.\n",
			`1 "Staff" d=1 day/1 open=false` + "\n"},
		{"summary swallows a label", "### Phase 1: Internal\n> Staff only\n**Duration:** 3 days\n",
			`1 "Internal" d=3 days/3 open=false` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(variantFront + "# T\n\n" + tt.body)
			full, _ := Parse("t.md", src)
			check, _ := ParseForCheck("t.md", src)
			if got := phaseSummary(full); got != tt.want {
				t.Errorf("Parse:\n got %s\nwant %s\nreadings %v", got, tt.want, full.Readings)
			}
			if got := phaseSummary(check); got != tt.want {
				t.Errorf("ParseForCheck:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestSectionSynonyms: the template's sections under the names teams give
// them, each reading recorded.
func TestSectionSynonyms(t *testing.T) {
	body := "# T\n\n## Success Metrics (Pilot)\n\n| Metric | Current | SLO | Measurement Method |\n|---|---|---|---|\n| Error rate | 0.1% | < 0.5% | Grafana |\n\n" +
		"## Halt Rules\n\n### Latency\n\n- p99 latency > 800ms for 10 minutes\n\n### Errors\n\n- Error rate > 1%\n"
	p, _ := Parse("t.md", []byte(variantFront+body))
	if !p.Metrics.Found || len(p.Metrics.Rows) != 1 {
		t.Fatalf("metrics not read: %+v", p.Metrics)
	}
	m := p.Metrics.Rows[0]
	if m.Baseline != "0.1%" || m.Target != "< 0.5%" || m.Method != "Grafana" {
		t.Errorf("columns read as %q %q %q", m.Baseline, m.Target, m.Method)
	}
	var triggers []string
	for _, tr := range p.Triggers {
		triggers = append(triggers, tr.Text)
	}
	if got := strings.Join(triggers, "|"); got != "p99 latency > 800ms for 10 minutes|Error rate > 1%" {
		t.Errorf("triggers %q", got)
	}
	var readings []string
	for _, r := range p.Readings {
		readings = append(readings, r.Text)
	}
	for _, want := range []string{
		`read "Success Metrics (Pilot)" as Success Metrics`,
		`read column "Current" as Baseline`,
		`read column "SLO" as Target`,
		`read column "Measurement Method" as Method`,
		`read "Halt Rules" as Rollback Triggers`,
		`read "Latency" as part of "Halt Rules"`,
	} {
		if !strings.Contains(strings.Join(readings, "\n"), want) {
			t.Errorf("no reading %q in\n%s", want, strings.Join(readings, "\n"))
		}
	}
}

func TestParseNumeral(t *testing.T) {
	for s, want := range map[string]int{"1": 1, "II": 2, "iv": 4, "IX": 9, "XIV": 14, "IIII": 0, "VX": 0, "Iv": 0, "": 0} {
		got, ok := parseNumeral(s)
		if (want == 0) == ok || (ok && got != want) {
			t.Errorf("parseNumeral(%q) = %d, %v; want %d", s, got, ok, want)
		}
	}
}
