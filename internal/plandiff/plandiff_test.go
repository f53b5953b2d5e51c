package plandiff

import (
	"os"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

func readBase(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("testdata/base.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// edit applies old→new replacements to src; each old must occur exactly once.
func edit(t testing.TB, src string, pairs ...string) string {
	t.Helper()
	for i := 0; i+1 < len(pairs); i += 2 {
		if n := strings.Count(src, pairs[i]); n != 1 {
			t.Fatalf("edit %q occurs %d times in the base plan, want once", pairs[i], n)
		}
		src = strings.Replace(src, pairs[i], pairs[i+1], 1)
	}
	return src
}

func compareText(base, head string) PlanDiff {
	b, bd := plan.Parse("plans/search-filters.md", []byte(base))
	h, hd := plan.Parse("plans/search-filters.md", []byte(head))
	return Compare(b, h, append(bd, hd...))
}

type want struct {
	kind string
	risk Risk
	line int
}

func TestChangeDetection(t *testing.T) {
	cases := []struct {
		name       string
		edits      []string
		want       []want
		reapproval bool
	}{
		{"no change", nil, nil, false},
		{"re-wrapped prose is no change", []string{"Filters on the search page, behind", "Filters on the search page,\nbehind"}, nil, false},
		{"status to in-progress", []string{"status: approved", "status: in-progress"}, []want{{"status", Riskier, 4}}, false},
		{"status to paused", []string{"status: approved", "status: paused"}, []want{{"status", Safer, 4}}, false},
		{"status back to review", []string{"status: approved", "status: in-review"}, []want{{"status", Neutral, 4}}, false},
		{"owner", []string{"owner: Ana Lima", "owner: Bo Chen"}, []want{{"owner", Neutral, 5}}, false},
		{"approver removed", []string{"  - Priya Raman\n", ""}, []want{{"approver-removed", Riskier, 12}}, false},
		{"approver added", []string{"  - Priya Raman\n", "  - Priya Raman\n  - Lee Park\n"}, []want{{"approver-added", Safer, 12}}, false},
		{"team shrinks", []string{"team_size: 4", "team_size: 2"}, []want{{"team-size", Riskier, 6}}, false},
		{"team grows", []string{"team_size: 4", "team_size: 6"}, []want{{"team-size", Neutral, 6}}, false},
		{"timeline shorter", []string{"timeline: 6 weeks", "timeline: 20 days"}, []want{{"timeline", Riskier, 7}}, false},
		{"timeline longer", []string{"timeline: 6 weeks", "timeline: 8w"}, []want{{"timeline", Safer, 7}}, false},
		{"start", []string{"start: 2026-03-16", "start: 2026-04-01"}, []want{{"start", Neutral, 9}}, false},
		{"risk tolerance up", []string{"risk_tolerance: medium", "risk_tolerance: high"}, []want{{"risk-tolerance", Riskier, 8}}, false},
		{"canary raised in the heading", []string{"Canary Release (5% of users)", "Canary Release (10% of users)"}, []want{{"step-raised", Riskier, 39}}, true},
		{"canary lowered everywhere", []string{"Canary Release (5% of users)", "Canary Release (1% of users)", "Roll out to 5%", "Roll out to 1%", "Enable for 5%", "Enable for 1%"}, []want{{"step-lowered", Safer, 39}, {"task-reworded", Neutral, 45}}, true},
		{"ramp step skipped", []string{"(25% → 50% → 100%)", "(25% → 100%)", "Increase to 25%, then 50%, then 100%", "Increase to 25%, then 100%", "- [ ] Increase to 50% of users\n", ""},
			[]want{{"step-skipped", Riskier, 51}, {"task-removed", Neutral, 56}}, true},
		{"ramp step added", []string{"(25% → 50% → 100%)", "(10% → 25% → 50% → 100%)"}, []want{{"step-added", Safer, 51}}, true},
		{"duration cut", []string{"**Duration:** 7 days", "**Duration:** 2 days"}, []want{{"duration", Riskier, 54}}, true},
		{"duration extended", []string{"**Duration:** 1 week", "**Duration:** 10 days"}, []want{{"duration", Safer, 42}}, true},
		{"duration removed", []string{"**Duration:** 1 week\n\n", ""}, []want{{"duration", Riskier, 39}}, true},
		{"exit criterion removed", []string{"- [ ] Error rate within baseline\n", ""}, []want{{"exit-criterion-removed", Riskier, 47}}, true},
		{"exit criterion added", []string{"- [ ] Latency (p95) below 300ms\n", "- [ ] Latency (p95) below 300ms\n- [ ] Support tickets stable\n"}, []want{{"exit-criterion-added", Safer, 50}}, true},
		{"exit criterion reworded", []string{"Error rate within baseline", "Error rate stays within the baseline"}, []want{{"exit-criterion-reworded", Neutral, 48}}, true},
		{"exit criterion loosened", []string{"Latency (p95) below 300ms", "Latency (p95) below 500ms"}, []want{{"exit-criterion-reworded", Riskier, 49}}, true},
		{"exit criterion ticked", []string{"- [ ] Error rate within baseline", "- [x] Error rate within baseline"}, []want{{"exit-criterion-ticked", Neutral, 48}}, false},
		{"task unticked", []string{"- [x] Enable for the internal workspace", "- [ ] Enable for the internal workspace"}, []want{{"task-unticked", Neutral, 32}}, false},
		{"last exit criterion ticked", []string{"- [ ] Help center article published", "- [x] Help center article published"}, []want{{"exit-criterion-ticked", Neutral, 73}}, false},
		{"task added", []string{"- [ ] Remove the flag\n", "- [ ] Remove the flag\n- [ ] Publish the changelog\n"}, []want{{"task-added", Neutral, 71}}, false},
		{"phase removed", []string{"### Phase 4: Full Launch\n> Available to all users\n\n**Duration:** 3 days\n\n**Tasks:**\n- [ ] Remove the flag\n\n**Exit Criteria:**\n- [ ] Help center article published\n\n", ""},
			[]want{{"phase-removed", Riskier, 22}}, true},
		{"phase added", []string{"## Success Metrics", "### Phase 5: Retrospective\n> Look back\n\n**Duration:** 1 day\n\n## Success Metrics"}, []want{{"phase-added", Safer, 75}}, true},
		{"phase renamed", []string{"Phase 1: Internal Testing", "Phase 1: Dogfooding"}, []want{{"phase-renamed", Neutral, 26}}, false},
		{"metric removed", []string{"| Latency (p95) | 240ms | <300ms | Datadog APM |\n", ""}, []want{{"metric-removed", Riskier, 77}}, true},
		{"metric added", []string{"| Latency (p95) | 240ms | <300ms | Datadog APM |\n", "| Latency (p95) | 240ms | <300ms | Datadog APM |\n| Support tickets | 30/week | <10% increase | Zendesk |\n"}, []want{{"metric-added", Safer, 82}}, true},
		{"metric target loosened", []string{"| 240ms | <300ms |", "| 240ms | <350ms |"}, []want{{"metric-target-loosened", Riskier, 81}}, true},
		{"metric target tightened", []string{"| 61% | >= 66% |", "| 61% | >= 70% |"}, []want{{"metric-target-tightened", Safer, 79}}, true},
		{"metric baseline", []string{"| 240ms |", "| 250ms |"}, []want{{"metric-baseline", Neutral, 81}}, true},
		{"metric method", []string{"| Datadog APM |", "| Honeycomb |"}, []want{{"metric-method", Neutral, 81}}, true},
		{"trigger loosened", []string{"increases by more than 0.5%", "increases by more than 2%"}, []want{{"trigger-loosened", Riskier, 86}}, true},
		{"trigger tightened, another unit", []string{"exceeds 400ms", "exceeds 0.35 seconds"}, []want{{"trigger-tightened", Safer, 87}}, true},
		{"trigger removed", []string{"- Any data loss in saved searches\n", ""}, []want{{"trigger-removed", Riskier, 83}}, true},
		{"trigger added", []string{"- Any data loss in saved searches\n", "- Any data loss in saved searches\n- Support tickets exceed 50 per day\n"}, []want{{"trigger-added", Safer, 89}}, true},
		{"prose in a section", []string{"a week before Phase 2", "two weeks before Phase 2"}, []want{{"prose", Neutral, 90}}, false},
		{"section added", []string{"## Communication Plan", "## Dependencies\n\nThe index service.\n\n## Communication Plan"}, []want{{"section-added", Neutral, 90}}, false},
		{"overview prose", []string{"Filters on the search page", "Facets on the search page"}, []want{{"prose", Neutral, 18}}, false},
		{"approvers changed with the rollout: no re-approval", []string{"  - Priya Raman\n", "  - Lee Park\n", "**Duration:** 7 days", "**Duration:** 2 days"},
			[]want{{"approver-removed", Riskier, 12}, {"approver-added", Safer, 12}, {"duration", Riskier, 54}}, false},
		{"draft plan: no re-approval", []string{"status: approved", "status: draft", "**Duration:** 7 days", "**Duration:** 2 days"},
			[]want{{"status", Neutral, 4}, {"duration", Riskier, 54}}, false},
	}
	base := readBase(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := compareText(base, edit(t, base, tc.edits...))
			var got []want
			for _, c := range d.Changes {
				got = append(got, want{c.Kind, c.Risk, c.Line})
				if c.Reason == "" {
					t.Errorf("%s has no reason", c.Kind)
				}
			}
			if !sameWants(got, tc.want) {
				t.Errorf("changes:\n got %v\nwant %v\n%s", got, tc.want, reasons(d))
			}
			if d.Reapproval != tc.reapproval {
				t.Errorf("reapproval = %v, want %v", d.Reapproval, tc.reapproval)
			}
			if wantV := verdict(d.Changes); d.Verdict != wantV {
				t.Errorf("verdict %s, want %s", d.Verdict, wantV)
			}
		})
	}
}

func sameWants(a, b []want) bool {
	if len(a) != len(b) {
		return false
	}
	left := map[want]int{}
	for _, w := range a {
		left[w]++
	}
	for _, w := range b {
		left[w]--
		if left[w] < 0 {
			return false
		}
	}
	return true
}

func reasons(d PlanDiff) string {
	var b strings.Builder
	for _, c := range d.Changes {
		b.WriteString("  " + string(c.Risk) + " " + c.Kind + ": " + c.Reason + "\n")
	}
	return b.String()
}

func TestReasonsNameWhatChanged(t *testing.T) {
	base := readBase(t)
	for _, tc := range []struct {
		edits []string
		want  string
	}{
		{[]string{"Canary Release (5% of users)", "Canary Release (10% of users)"}, "canary raised from 5% to 10% in Phase 2 (Canary Release): twice the users exposed before the first gate"},
		{[]string{"increases by more than 0.5%", "increases by more than 2%"}, "rollback trigger on Error rate loosened from an increase of more than 0.5% to an increase of more than 2%"},
		{[]string{"- [ ] Error rate within baseline\n", ""}, `exit criterion removed from Phase 2 (Canary Release): "Error rate within baseline"`},
		{[]string{"**Duration:** 7 days", "**Duration:** 2 days"}, "Phase 3 (Gradual Rollout) cut from 7 days to 2 days"},
	} {
		d := compareText(base, edit(t, base, tc.edits...))
		if len(d.Changes) != 1 || !strings.HasPrefix(d.Changes[0].Reason, tc.want) {
			t.Errorf("reason:\n got %s\nwant %q...", reasons(d), tc.want)
		}
	}
}

func TestAddedDeletedRenamed(t *testing.T) {
	base := readBase(t)
	head := edit(t, base, "**Duration:** 7 days", "**Duration:** 2 days")
	other := strings.Replace(base, "title: Search Filters", "title: Other Plan", 1)
	got := Diff([]FilePair{
		{Base: &Version{"content/old/search-filters.md", []byte(base)}},
		{Head: &Version{"content/plans/search-filters.md", []byte(head)}},
		{Head: &Version{"content/plans/new-plan.md", []byte(other)}},
		{Base: &Version{"content/plans/gone.md", []byte(strings.Replace(base, "title: Search Filters", "title: Gone", 1))}},
	})
	kinds := map[string][]string{}
	for _, d := range got {
		for _, c := range d.Changes {
			kinds[d.File] = append(kinds[d.File], c.Kind)
		}
	}
	if k := kinds["content/plans/search-filters.md"]; len(k) != 2 || k[0] != "duration" || k[1] != KindRenamed {
		t.Errorf("moved plan: %v, want [duration plan-renamed]", k)
	}
	if k := kinds["content/plans/new-plan.md"]; len(k) != 1 || k[0] != KindAdded {
		t.Errorf("added plan: %v", k)
	}
	if k := kinds["content/plans/gone.md"]; len(k) != 1 || k[0] != KindDeleted {
		t.Errorf("deleted plan: %v", k)
	}
	if got[0].File != "content/plans/search-filters.md" {
		t.Errorf("riskiest plan not first: %s", got[0].File)
	}
}

func TestUnparsablePlanIsReportedAndCompared(t *testing.T) {
	base := readBase(t)
	head := edit(t, base, "team_size: 4", "team_size: [", "**Duration:** 7 days", "**Duration:** 2 days")
	d := compareText(base, head)
	if len(d.Diagnostics) == 0 {
		t.Fatalf("no diagnostics for a broken header: %s", reasons(d))
	}
	kinds := map[string]bool{}
	for _, c := range d.Changes {
		kinds[c.Kind] = true
	}
	if !kinds[KindUnparsed] || !kinds["duration"] {
		t.Errorf("want plan-unparsed and the body's duration change: %s", reasons(d))
	}
}
