package rules

import (
	"slices"
	"strings"

	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/threshold"
)

// checkCriteriaMetrics reports exit criteria that compare a metric the
// Success Metrics table does not have ("Checkout abandonment < 2%" with no
// such row): the phase would be judged by a number nobody measures. Only
// criteria that read as a comparison of a named quantity count; soak times
// ("runs for at least 48 hours") and rollout steps ("at least 50% of
// users") are not metrics.
func checkCriteriaMetrics(c *checker) {
	p := c.p
	if !c.bodyParsed() || !p.Metrics.Found || len(p.Metrics.Rows) == 0 {
		return // the structure rules report a missing table
	}
	var metrics *metricIndex // built on the first criterion with a threshold
	for i := range p.Phases {
		ph := &p.Phases[i]
		for _, ex := range ph.ExitCriteria {
			text := plan.PlainText(ex.Text)
			fire, ok := threshold.Parse(text)
			if !ok || hasPlaceholder(text) || !criterionNamesMetric(text, fire) {
				continue
			}
			subject := strings.TrimSpace(text[:fire.Start])
			if len(metricWords(subject)) == 0 {
				subject = strings.TrimSpace(text[fire.End:])
			}
			words := metricWords(subject)
			if n := len(words); n == 0 || n > 6 {
				continue // a sentence, not a metric's name
			}
			if slices.ContainsFunc(words, func(w string) bool { return resourceWords[w] }) {
				continue // a machine's gauge ("Replica CPU below 60%"), not a success metric
			}
			if metrics == nil {
				metrics = newMetricIndex(p.Metrics.Rows)
			}
			m, candidates := metrics.match(subject)
			if m != nil {
				continue
			}
			what, hint := "names no metric from the Success Metrics table", ""
			switch {
			case len(candidates) > 1:
				what = "could mean several metrics (" + quoteList(candidates, 6) + ")"
				hint = "use the metric's full name from the table"
			default:
				if near := metrics.closest(subject); near != "" {
					hint = sprintf("did you mean %q? Name the metric as the table does, or add a row for it", near)
				} else {
					hint = "name the metric as the Success Metrics table does (" + quoteList(metrics.names(), 6) + "), or add a row for it"
				}
			}
			c.warnf(ex.Pos, RuleCriterionMetric, hint, "exit criterion %q of %s %s", text, phaseName(ph), what)
		}
	}
}

// resourceWords name a machine's gauges, which exit criteria check ("Replica
// CPU below 60%") and success-metrics tables, being about the product,
// seldom list; warning on them would flag most plans written to the
// template.
var resourceWords = map[string]bool{"cpu": true, "memory": true, "mem": true, "ram": true, "disk": true, "heap": true, "gc": true, "iop": true, "iops": true}

// rolloutNouns follow a percentage that is a rollout step, not a metric:
// "at least 50% of users".
var rolloutNouns = []string{"users", "traffic", "customers", "accounts", "requests", "tenants", "the fleet", "hosts", "regions", "devices", "sessions", "orgs", "organizations", "workspaces", "stores", "merchants", "pods", "nodes", "servers", "clusters"}

// soakPrepositions end the phrase before a time threshold that says how
// long something runs ("stable for at least 48 hours").
var soakWords = map[string]bool{"for": true, "after": true, "over": true, "within": true, "during": true, "runs": true, "run": true, "soak": true, "soaks": true, "lasts": true, "elapsed": true, "passed": true}

// quantifiers open a statement about each of some things ("Every account
// with a rise above 20% contacted"): the threshold picks the things, it
// is no metric's bound.
var quantifiers = map[string]bool{"every": true, "each": true, "all": true}

// criterionNamesMetric reports whether an exit criterion with threshold t
// compares a metric rather than a rollout step, a soak time or a
// statement about each of some things.
func criterionNamesMetric(text string, t threshold.Threshold) bool {
	if !thresholdOfMetric(text, t) {
		return false
	}
	if t.Bound.Unit.Dim == threshold.Count && len(metricWords(text[:t.Start])) == 0 {
		// "At least 3 teams onboarded", "0 P0 bugs": a count of things,
		// named after the number; not a table metric unless one matches.
		return false
	}
	return true
}

// thresholdOfMetric reports whether threshold t of an exit criterion or a
// rollback trigger bounds a metric, rather than: a share or number of
// users ("at least 50% of users", "affecting more than 100 users": a
// rollout step or a blast radius), how long a condition lasts ("Relay
// unavailable for more than 1 minute", "stable for at least 48 hours"), or
// which things a statement is about ("Every account with a rise above
// 20% contacted").
func thresholdOfMetric(text string, t threshold.Threshold) bool {
	if f := strings.Fields(strings.ToLower(text[:t.Start])); len(f) > 0 && quantifiers[f[0]] {
		return false
	}
	after := strings.ToLower(strings.TrimSpace(text[t.End:]))
	if d := t.Bound.Unit.Dim; d == threshold.Percent || d == threshold.Count {
		after = strings.TrimPrefix(after, "of ")
		for _, n := range rolloutNouns {
			if strings.HasPrefix(after, n) && (len(after) == len(n) || !isWordByte(after[len(n)])) {
				return false
			}
		}
	}
	if t.Bound.Unit.Dim == threshold.Time && t.Bound.Unit.Scale >= 60_000 {
		// Minutes and longer: how long, not how fast, unless a word
		// before the threshold says latency.
		before := strings.Fields(strings.ToLower(text[:t.Start]))
		if len(before) == 0 || soakWords[before[len(before)-1]] {
			return false
		}
		for _, w := range before {
			if soakWords[w] {
				return false
			}
		}
	}
	return true
}

// closest returns the row whose name shares the most words with subject
// (a word spelt one letter off counts), or "" when no row shares at least
// half of the words of both: "Export failures" is not "Export success
// rate", and guessing would mislead.
func (ix *metricIndex) closest(subject string) string {
	sw := metricWords(subject)
	best, bestScore := "", 0.0
	for i, mw := range ix.words {
		if len(mw) == 0 {
			continue
		}
		shared := 0
		for _, w := range sw {
			for _, x := range mw {
				if w == x || (len(w) > 3 && len(x) > 3 && levenshtein(w, x) <= 1) {
					shared++
					break
				}
			}
		}
		if shared == 0 {
			continue
		}
		score := float64(shared) / float64(len(sw)+len(mw)-shared)
		if score >= 0.5 && score > bestScore {
			best, bestScore = ix.rows[i].Name, score
		}
	}
	return best
}

// levenshtein is the edit distance between two short words.
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
