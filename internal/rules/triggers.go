package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/threshold"
)

// checkTriggers checks each rollback trigger that has a threshold: it must
// name a metric from the Success Metrics table, and must not fire while
// that metric still meets its target.
func checkTriggers(c *checker) {
	p := c.p
	if !c.bodyParsed() || !p.Metrics.Found || len(p.Metrics.Rows) == 0 {
		return // the structure rules report a missing table
	}
	metrics := newMetricIndex(p.Metrics.Rows)
	for i := range p.Triggers {
		tr := &p.Triggers[i]
		text := plan.PlainText(tr.Text)
		fire, ok := threshold.Parse(text)
		if !ok || hasPlaceholder(text) {
			continue // "Any data corruption detected" has nothing to compare
		}
		// The metric is named before the threshold ("Error rate exceeds
		// 1%"), or after it when the trigger starts with the comparison
		// ("More than 50 support tickets per hour").
		subject := strings.TrimSpace(text[:fire.Start])
		if len(metricWords(subject)) == 0 {
			subject = text[fire.End:]
		}
		m, candidates := metrics.match(subject)
		if m == nil && len(candidates) <= 1 && !thresholdOfMetric(text, fire) {
			// "Relay unavailable for more than 1 minute" bounds how long,
			// "affecting more than 100 users" how many people: no metric
			// of the table is meant.
			continue
		}
		if m == nil {
			hint := "name the metric as the Success Metrics table does (" + quoteList(metrics.names(), 6) + "), or add it to the table"
			what := "names no metric from the Success Metrics table"
			if len(candidates) > 1 {
				what = "could mean several metrics (" + quoteList(candidates, 6) + ")"
				hint = "use the metric's full name from the table"
			}
			c.warnf(tr.Pos, RuleUnknownMetric, hint, "rollback trigger %q %s", text, what)
			continue
		}
		checkInsideTarget(c, tr, fire, m)
	}
}

func checkInsideTarget(c *checker, tr *plan.Trigger, fire threshold.Threshold, m *plan.Metric) {
	targetText := plan.PlainText(m.Target)
	target, ok := threshold.Parse(targetText)
	if !ok || hasPlaceholder(targetText) {
		return
	}
	baseline, haveBaseline := threshold.ParseQuantity(plan.PlainText(m.Baseline))
	if hasPlaceholder(m.Baseline) {
		haveBaseline = false
	}
	t, f, ok := threshold.Comparable(target, fire, baseline, haveBaseline)
	if !ok || !threshold.Overlap(t, f) {
		return
	}
	how := ""
	if t.Change != target.Change || f.Change != fire.Change {
		how = sprintf(" (from the baseline %s: target %s, trigger %s)", plan.PlainText(m.Baseline), t, f)
	}
	var hint string
	if t.Op.Upper() == f.Op.Upper() {
		hint = sprintf("the trigger fires as %s moves toward its target; it should fire when the metric moves away from it (%s)", m.Name, opposite(t))
	} else {
		hint = sprintf("move the trigger's threshold past the target (%s), or tighten the target", opposite(t))
	}
	c.errorf(c.src.locate(tr.Pos, fire.Text), RuleInsideTarget, hint,
		"rollback trigger %q fires inside the target %q of %q%s: a rollback would start while the metric meets its target",
		fire.Text, m.Target, m.Name, how)
}

// opposite describes the region outside t: "above 150ms" for "<150ms".
func opposite(t threshold.Threshold) string {
	o := t
	switch t.Op {
	case threshold.Less:
		o.Op = threshold.GreaterEq
	case threshold.LessEq:
		o.Op = threshold.Greater
	case threshold.Greater:
		o.Op = threshold.LessEq
	case threshold.GreaterEq:
		o.Op = threshold.Less
	}
	return o.String()
}

// metricIndex matches the loose way triggers name metrics ("P95 latency"
// for "Latency (p95)", "error rates" for "Error rate") to table rows.
type metricIndex struct {
	rows  []plan.Metric
	words [][]string
}

// noiseWords carry no meaning for matching a trigger to a metric.
var noiseWords = map[string]bool{
	"the": true, "a": true, "an": true, "any": true, "if": true, "when": true, "our": true,
	"of": true, "is": true, "are": true, "overall": true, "total": true, "metric": true,
}

// metricWords are the words of a metric's name as matching sees them:
// nameWords without noise words ("the", "any", "if"...).
func metricWords(name string) []string {
	words := nameWords(name)
	out := words[:0]
	for _, w := range words {
		if !noiseWords[w] {
			out = append(out, w)
		}
	}
	return out
}

// nameWords splits a metric's name into its words as plan.MetricKey sees
// them: lower case, accents off Latin letters, no punctuation, plurals made
// singular ("P95 latencies" → p95, latency; "Taux d'activité" → taux, d,
// activite; "Время отклика" → время, отклика). A name without a letter or
// digit has no words.
func nameWords(name string) []string {
	if strings.IndexFunc(name, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
		return nil // Slugify would spell it by code points
	}
	words := strings.Split(plan.Slugify(name), "-")
	for i, w := range words {
		if utf8.RuneCountInString(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
			words[i] = strings.TrimSuffix(w, "s")
		}
	}
	return words
}

func newMetricIndex(rows []plan.Metric) *metricIndex {
	ix := &metricIndex{rows: rows, words: make([][]string, len(rows))}
	for i := range rows {
		ix.words[i] = metricWords(rows[i].Name)
	}
	return ix
}

func (ix *metricIndex) names() []string {
	names := make([]string, 0, len(ix.rows))
	for _, r := range ix.rows {
		if r.Name != "" {
			names = append(names, r.Name)
		}
	}
	return names
}

// match returns the row the subject names: the one with the same words,
// else the one whose words the subject all contains ("checkout error rate"
// names "Error rate"), else the one containing all the subject's words
// ("latency" names "Latency (p95)"). A tie leaves it unmatched and returns
// the rows that tied.
func (ix *metricIndex) match(subject string) (*plan.Metric, []string) {
	sw := metricWords(subject)
	if len(sw) == 0 {
		return nil, nil
	}
	best, bestScore := -1, 0
	var tied []string
	for i, mw := range ix.words {
		if len(mw) == 0 {
			continue
		}
		score := 0
		switch {
		case subset(mw, sw) && subset(sw, mw):
			score = 1000
		case subset(mw, sw):
			score = 100 + len(mw)
		case subset(sw, mw):
			score = 10 + len(sw)
		}
		switch {
		case score == 0 || score < bestScore:
		case score > bestScore:
			best, bestScore, tied = i, score, []string{ix.rows[i].Name}
		default:
			tied = append(tied, ix.rows[i].Name)
		}
	}
	if best < 0 || len(tied) > 1 {
		return nil, tied
	}
	return &ix.rows[best], nil
}

// subset reports whether every word of a is in b (both short).
func subset(a, b []string) bool {
	for _, w := range a {
		found := false
		for _, x := range b {
			if x == w {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func quoteList(items []string, limit int) string {
	var b strings.Builder
	for i, s := range items {
		if i == limit {
			b.WriteString(", …")
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(`"` + s + `"`)
	}
	return b.String()
}
