package rules

import (
	"strings"

	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/threshold"
)

// WatchedMetric returns the row of the Success Metrics table that a
// rollback trigger watches, matched as the trigger rules match it (the
// metric is named before the threshold, or after it when the trigger opens
// with the comparison), or nil when the trigger names none, names several,
// or has no threshold. Editors use it to link a trigger to its metric.
func WatchedMetric(p *plan.Plan, tr *plan.Trigger) *plan.Metric {
	if p == nil || tr == nil || len(p.Metrics.Rows) == 0 {
		return nil
	}
	text := plan.PlainText(tr.Text)
	fire, ok := threshold.Parse(text)
	if !ok {
		return nil
	}
	subject := strings.TrimSpace(text[:fire.Start])
	if len(metricWords(subject)) == 0 {
		subject = text[fire.End:]
	}
	m, _ := newMetricIndex(p.Metrics.Rows).match(subject)
	return m
}
