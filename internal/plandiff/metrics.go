package plandiff

import (
	"strings"

	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/threshold"
)

// regionChange reads a threshold in before and after text ("below 0.5%",
// "exceeds 2%") with internal/threshold, as the trigger rules do, and
// says whether the region it describes grew; what is "below 0.5% to below
// 2%". ok is false when either has no threshold, they point different
// ways, or they cannot be put in one space (units of different kinds, a
// change against a level without a baseline).
func regionChange(before, after string, baseline *threshold.Quantity) (grew bool, what string, ok bool) {
	b, okB := threshold.Parse(before)
	a, okA := threshold.Parse(after)
	if !okB || !okA {
		return false, "", false
	}
	var q threshold.Quantity
	if baseline != nil {
		q = *baseline
	}
	bb, aa, ok := threshold.Comparable(b, a, q, baseline != nil)
	if !ok || bb.Op.Upper() != aa.Op.Upper() || bb.Bound.Unit.Dim != aa.Bound.Unit.Dim {
		return false, "", false
	}
	x, y := bb.Bound.Value, aa.Bound.Value
	if nearly(x, y) {
		if bb.Op.Inclusive() == aa.Op.Inclusive() {
			return false, "", false
		}
		grew = aa.Op.Inclusive() // "< 2%" → "<= 2%" takes in the bound
	} else if aa.Op.Upper() {
		grew = y > x
	} else {
		grew = y < x
	}
	return grew, b.String() + " to " + a.String(), true
}

func metricKey(m *plan.Metric) string { return plan.MetricKey(m.Name) }

func (c *comparer) compareMetrics() {
	base, head := c.base.Metrics.Rows, c.head.Metrics.Rows
	tableLine := lineOr(c.head.Metrics.Pos.Line, 0)
	n := len(c.changes)
	matched := make([]bool, len(head))
	for i := range base {
		b := &base[i]
		j := -1
		for k := range head {
			if !matched[k] && metricKey(b) == metricKey(&head[k]) {
				j = k
				break
			}
		}
		if j < 0 {
			c.add(Change{Kind: "metric-removed", Risk: Riskier, Reason: "success metric " + quote(b.Name) + " removed: the rollout no longer watches it", Before: b.Name, Line: tableLine, Rollout: true})
			continue
		}
		matched[j] = true
		c.compareMetric(b, &head[j])
	}
	for j := range head {
		if !matched[j] {
			c.add(Change{Kind: "metric-added", Risk: Safer, Reason: "success metric " + quote(head[j].Name) + " added", After: head[j].Name, Line: head[j].Pos.Line, Rollout: true})
		}
	}
	c.proseIfUnchanged(n, plan.KindMetrics, "Success Metrics")
}

func cellLine(m *plan.Metric, col string, table *plan.MetricsTable) int {
	if i, ok := table.ColumnIndex[col]; ok && i < len(m.CellPos) {
		return m.CellPos[i].Line
	}
	return m.Pos.Line
}

func (c *comparer) compareMetric(b, h *plan.Metric) {
	name := quote(h.Name)
	bb, hb := plan.PlainText(b.Baseline), plan.PlainText(h.Baseline)
	if norm(bb) != norm(hb) {
		c.add(Change{Kind: "metric-baseline", Risk: Neutral, Reason: "baseline of " + name + " changed from " + orNone(bb) + " to " + orNone(hb),
			Before: bb, After: hb, Line: cellLine(h, "baseline", &c.head.Metrics), Rollout: true})
	}
	bt, ht := plan.PlainText(b.Target), plan.PlainText(h.Target)
	if norm(bt) != norm(ht) {
		var baseline *threshold.Quantity
		if q, ok := threshold.ParseQuantity(hb); ok {
			baseline = &q
		}
		ch := Change{Kind: "metric-target", Risk: Neutral, Reason: "target of " + name + " changed from " + orNone(bt) + " to " + orNone(ht),
			Before: bt, After: ht, Line: cellLine(h, "target", &c.head.Metrics), Rollout: true}
		if grew, what, ok := regionChange(bt, ht, baseline); ok {
			if grew {
				ch.Kind, ch.Risk, ch.Reason = "metric-target-loosened", Riskier, "target of "+name+" loosened from "+what+": a worse result now counts as success"
			} else {
				ch.Kind, ch.Risk, ch.Reason = "metric-target-tightened", Safer, "target of "+name+" tightened from "+what
			}
		}
		c.add(ch)
	}
	bm, hm := plan.PlainText(b.Method), plan.PlainText(h.Method)
	if norm(bm) != norm(hm) {
		c.add(Change{Kind: "metric-method", Risk: Neutral, Reason: "measurement of " + name + " changed from " + orNone(bm) + " to " + orNone(hm),
			Before: bm, After: hm, Line: cellLine(h, "method", &c.head.Metrics), Rollout: true})
	}
}

// triggerSubject is what a trigger watches: its text before the threshold
// ("Error rate" of "Error rate exceeds 2%"), or after it when the trigger
// starts with the comparison; the whole text when it has no threshold.
func triggerSubject(text string) string {
	t, ok := threshold.Parse(text)
	if !ok {
		return norm(text)
	}
	s := strings.TrimSpace(text[:t.Start])
	if norm(s) == "" {
		s = text[t.End:]
	}
	return norm(s)
}

func (c *comparer) compareTriggers() {
	base, head := c.base.Triggers, c.head.Triggers
	sectionLine := 0
	if c.head.TriggersSection != nil {
		sectionLine = c.head.TriggersSection.Pos.Line
	}
	n := len(c.changes)
	matchedB := make([]bool, len(base))
	matchedH := make([]bool, len(head))
	for i := range base {
		for j := range head {
			if !matchedH[j] && norm(base[i].Text) == norm(head[j].Text) {
				matchedB[i], matchedH[j] = true, true
				break
			}
		}
	}
	// The same metric watched with another threshold or other words.
	for i := range base {
		if matchedB[i] {
			continue
		}
		bt := plan.PlainText(base[i].Text)
		for j := range head {
			if matchedH[j] {
				continue
			}
			ht := plan.PlainText(head[j].Text)
			if triggerSubject(bt) != triggerSubject(ht) && similarity(bt, ht) < 0.5 {
				continue
			}
			matchedB[i], matchedH[j] = true, true
			subject := strings.TrimSpace(plan.PlainText(subjectText(ht)))
			ch := Change{Kind: "trigger-reworded", Risk: Neutral, Reason: "rollback trigger on " + orNone(subject) + " reworded", Before: bt, After: ht, Line: head[j].Pos.Line, Rollout: true}
			if grew, what, ok := regionChange(bt, ht, nil); ok {
				if grew {
					ch.Kind, ch.Risk, ch.Reason = "trigger-tightened", Safer, "rollback trigger on "+subject+" tightened from "+what+": it fires sooner"
				} else {
					ch.Kind, ch.Risk, ch.Reason = "trigger-loosened", Riskier, "rollback trigger on "+subject+" loosened from "+what+": it fires later, after more users are hurt"
				}
			}
			c.add(ch)
			break
		}
	}
	for i := range base {
		if !matchedB[i] {
			t := plan.PlainText(base[i].Text)
			c.add(Change{Kind: "trigger-removed", Risk: Riskier, Reason: "rollback trigger removed: " + quote(t), Before: t, Line: sectionLine, Rollout: true})
		}
	}
	for j := range head {
		if !matchedH[j] {
			t := plan.PlainText(head[j].Text)
			c.add(Change{Kind: "trigger-added", Risk: Safer, Reason: "rollback trigger added: " + quote(t), After: t, Line: head[j].Pos.Line, Rollout: true})
		}
	}
	c.proseIfUnchanged(n, plan.KindTriggers, "Rollback Triggers")
}

// subjectText is triggerSubject without the normalising, for reasons.
func subjectText(text string) string {
	t, ok := threshold.Parse(text)
	if !ok {
		return text
	}
	s := strings.TrimSpace(text[:t.Start])
	if s == "" {
		s = strings.TrimSpace(text[t.End:])
	}
	return s
}

// proseIfUnchanged names a change to a known section's text that none of
// the changes since n explains (a note under the table, a reworded intro).
func (c *comparer) proseIfUnchanged(n int, kind plan.SectionKind, fallback string) {
	if len(c.changes) > n {
		return
	}
	b, h := sectionOf(c.base, kind), sectionOf(c.head, kind)
	if b == nil || h == nil || sectionText(b) == sectionText(h) {
		return
	}
	c.add(Change{Kind: "prose", Risk: Neutral, Reason: "wording changed in " + headingOr(h, fallback), Line: h.Pos.Line})
}

func sectionOf(p *plan.Plan, kind plan.SectionKind) *plan.Section {
	for _, s := range p.Sections {
		if s.Kind == kind {
			return s
		}
	}
	return nil
}

func headingOr(s *plan.Section, fallback string) string {
	if s != nil && strings.TrimSpace(s.Heading) != "" {
		return quote(strings.TrimSpace(s.Heading))
	}
	return fallback
}

// compareSections names the overview, the strategy's text and every other
// section whose prose changed, was added or was removed.
func (c *comparer) compareSections() {
	key := func(s *plan.Section) string {
		switch s.Kind {
		case plan.KindOverview, plan.KindStrategy:
			return string(s.Kind)
		}
		return string(s.Kind) + ":" + plan.Slugify(s.Heading)
	}
	prose := func(s *plan.Section) bool {
		return s.Kind == plan.KindOverview || s.Kind == plan.KindStrategy || s.Kind == plan.KindOther
	}
	baseByKey := map[string]*plan.Section{}
	for _, s := range c.base.Sections {
		if prose(s) {
			if _, dup := baseByKey[key(s)]; !dup {
				baseByKey[key(s)] = s
			}
		}
	}
	seen := map[string]bool{}
	for _, h := range c.head.Sections {
		if !prose(h) || seen[key(h)] {
			continue
		}
		seen[key(h)] = true
		b, ok := baseByKey[key(h)]
		switch {
		case !ok:
			c.add(Change{Kind: "section-added", Risk: Neutral, Reason: "section " + headingOr(h, string(h.Kind)) + " added", After: h.Heading, Line: h.Pos.Line})
		case sectionText(b) != sectionText(h):
			c.add(Change{Kind: "prose", Risk: Neutral, Reason: "wording changed in " + headingOr(h, string(h.Kind)), Line: h.Pos.Line})
		}
	}
	for _, b := range c.base.Sections {
		if prose(b) && !seen[key(b)] {
			seen[key(b)] = true
			c.add(Change{Kind: "section-removed", Risk: Neutral, Reason: "section " + headingOr(b, string(b.Kind)) + " removed", Before: b.Heading})
		}
	}
}
