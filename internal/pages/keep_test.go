package pages

import (
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// TestNothingWrittenIsLost: extra metric columns and the prose around the
// metrics table and the triggers list reach the pages.
func TestNothingWrittenIsLost(t *testing.T) {
	src := `---
title: Keep
---
## Rollout Strategy

### Phase 1: Launch
**Duration:** 2 days

## Success Metrics
Measured weekly.

| Metric | Baseline | Target | Method | Owner |
|---|---|---|---|---|
| Error rate | 0.2% | <0.1% increase | Monitoring | **SRE** |

Reviewed by finance.

## Rollback Triggers
Immediately halt and rollback if:
- Error rate increases by more than 0.5%

Page the on-call first.
`
	p, _ := plan.Parse("content/plans/keep.md", []byte(src))
	pages := Build(Site{Title: "Rollouts"}, []PlanInput{{Plan: p, SourcePath: "content/plans/keep.md"}})
	var planPage, metricPage *Page
	for i := range pages {
		switch pages[i].Path {
		case "plans/keep/":
			planPage = &pages[i]
		case "plans/keep/metrics/error-rate/":
			metricPage = &pages[i]
		}
	}
	if planPage == nil || metricPage == nil {
		t.Fatalf("plan or metric page missing")
	}
	params := planPage.Params
	for key, want := range map[string]string{
		"metrics_before_html":  "Measured weekly.",
		"metrics_after_html":   "Reviewed by finance.",
		"triggers_before_html": "Immediately halt and rollback if:",
		"triggers_after_html":  "Page the on-call first.",
	} {
		if got, _ := params[key].(string); !strings.Contains(got, want) {
			t.Errorf("%s = %q, want it to contain %q", key, got, want)
		}
	}
	cols, _ := params["metric_columns"].([]any)
	if len(cols) != 1 || cols[0] != "Owner" {
		t.Errorf("metric_columns = %v, want [Owner]", cols)
	}
	extra, _ := metricPage.Params["extra"].([]any)
	if len(extra) != 1 {
		t.Fatalf("metric page extra = %v, want one cell", extra)
	}
	cell := extra[0].(map[string]any)
	if cell["label"] != "Owner" || !strings.Contains(cell["html"].(string), "<strong>SRE</strong>") {
		t.Errorf("extra cell = %v, want Owner: <strong>SRE</strong>", cell)
	}
}
