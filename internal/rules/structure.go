package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// checkStructure checks that the template's parts are there: phases with a
// duration and exit criteria, numbered in order; a metrics table with its
// four columns and unique metric names; at least one rollback trigger.
func checkStructure(c *checker) {
	if !c.bodyParsed() {
		return
	}
	p := c.p
	if len(p.Phases) == 0 {
		pos := plan.Pos{}
		if p.Strategy != nil {
			pos = p.Strategy.Pos
		}
		c.errorf(pos, RulePhases,
			`add phases as "### Phase N: <name>" headings under "## Rollout Strategy", each with **Duration:**, **Tasks:** and **Exit Criteria:**`,
			"plan has no phases")
	}
	for i := range p.Phases {
		ph := &p.Phases[i]
		checkPhaseNumber(c, i, ph)
		checkPhaseDuration(c, ph)
		// A last phase that never ends ("**Duration:** ongoing": the
		// launched feature, running) has nothing to exit to.
		openLast := i == len(p.Phases)-1 && ph.Duration.OpenEnded
		if len(ph.ExitCriteria) == 0 && !openLast {
			pos := ph.Pos
			if !ph.ExitPos.IsZero() {
				pos = ph.ExitPos
			}
			c.errorf(pos, RuleExitCriteria,
				"add **Exit Criteria:** followed by a task list (- [ ] <condition>) saying when the phase is done",
				"%s has no exit criteria", phaseName(ph))
		}
	}
	checkMetricsTable(c)
	checkDuplicateSections(c)
	switch {
	case p.TriggersSection == nil:
		c.errorf(plan.Pos{}, RuleTriggers,
			`add a "## Rollback Triggers" section listing when to roll back, one condition per list item (- <metric> above <threshold>)`,
			"plan has no Rollback Triggers section")
	case len(p.Triggers) == 0:
		c.errorf(p.TriggersSection.Pos, RuleTriggers,
			"list the conditions that halt the rollout as Markdown list items (- <metric> above <threshold>)",
			"Rollback Triggers lists no triggers")
	}
}

func checkPhaseNumber(c *checker, i int, ph *plan.Phase) {
	if ph.Number == i+1 {
		return
	}
	// A phase numbered one more than the previous one is in order even if
	// an earlier mistake shifted it; only the mistake is reported.
	if i > 0 && ph.Number == c.p.Phases[i-1].Number+1 {
		return
	}
	c.errorf(ph.Pos, RulePhaseOrder, "number the phases 1, 2, 3… in the order they run",
		"Phase %d is the %s phase in the plan; expected Phase %d", ph.Number, ordinal(i+1), i+1)
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return sprintf("%d%s", n, suffix)
}

func checkPhaseDuration(c *checker, ph *plan.Phase) {
	d := ph.Duration
	switch {
	case d.IsZero():
		c.errorf(ph.Pos, RulePhaseDuration, "add a **Duration:** line under the phase's heading saying how long it runs: N days, N weeks or N-M days",
			"%s has no duration", phaseName(ph))
	case strings.TrimSpace(d.Text) == "":
		c.errorf(d.Pos, RulePhaseDuration, "write how long the phase runs: N days, N weeks or N-M days",
			"%s has an empty duration", phaseName(ph))
	case !d.Valid() && !hasPlaceholder(d.Text):
		// A placeholder ("[X days]") is reported by placeholders/template,
		// which knows whether the plan is still a draft.
		c.errorf(d.Pos, RulePhaseDuration, "write it as a number of days, weeks or hours: N days, N weeks, N-M days, N business days, N hours; or ongoing for a last phase with no end",
			"%s: duration %q is not a duration", phaseName(ph), d.Text)
	}
}

// templateColumns are the metrics table's required columns, in the
// template's order, with the names the template gives them.
var templateColumns = []struct{ key, name string }{
	{"metric", "Metric"}, {"baseline", "Baseline"}, {"target", "Target"}, {"method", "Method"},
}

func checkMetricsTable(c *checker) {
	p := c.p
	mt := &p.Metrics
	if !mt.Found {
		var section *plan.Section
		for _, s := range p.Sections {
			if s.Kind == plan.KindMetrics {
				section = s
				break
			}
		}
		if section == nil {
			c.errorf(plan.Pos{}, RuleMetricsTable,
				`add a "## Success Metrics" section with a table: | Metric | Baseline | Target | Method |`,
				"plan has no Success Metrics section")
			return
		}
		c.errorf(section.Pos, RuleMetricsTable,
			"add a table with the columns | Metric | Baseline | Target | Method | and one row per metric",
			"Success Metrics has no table")
		return
	}
	for _, col := range templateColumns {
		if _, ok := mt.ColumnIndex[col.key]; !ok {
			c.errorf(mt.Pos, RuleMetricsTable,
				sprintf("add a %q column (columns may come in any order; extra columns are kept)", col.name),
				"metrics table has no %q column", col.name)
		}
	}
	if len(mt.Rows) == 0 {
		c.errorf(mt.Pos, RuleMetricsTable, "add one row per metric the rollout is judged by",
			"metrics table has no rows")
		return
	}
	if _, ok := mt.ColumnIndex["metric"]; !ok {
		return // names cannot be read: the missing column says why
	}
	seen := map[string]*plan.Metric{}
	for i := range mt.Rows {
		m := &mt.Rows[i]
		if m.Name == "" {
			c.errorf(m.Pos, RuleMetricsTable, "name the metric in the Metric column, or delete the row",
				"metrics table row has no metric name")
			continue
		}
		key := metricKey(m.Name)
		if first, dup := seen[key]; dup {
			also := ""
			if first.Name != m.Name {
				also = sprintf(" as %q", first.Name)
			}
			c.errorf(metricCellPos(mt, m, "metric"), RuleMetricDup,
				"merge the two rows, or name the metrics so they can be told apart",
				"metric %q is listed twice (also on line %d%s)", m.Name, first.Pos.Line, also)
			continue
		}
		seen[key] = m
	}
}

// metricKey identifies a metric whatever the order and plural of its
// words: "Latency (p95)" and "P95 latency" are one metric.
func metricKey(name string) string {
	words := nameWords(name)
	slices.Sort(words)
	return strings.Join(words, " ")
}

// metricCellPos is the position of a row's cell in column col, else the
// row's.
func metricCellPos(mt *plan.MetricsTable, m *plan.Metric, col string) plan.Pos {
	if i, ok := mt.ColumnIndex[col]; ok && i < len(m.CellPos) {
		return m.CellPos[i]
	}
	return m.Pos
}

// checkDuplicateSections warns about a template section written twice:
// the model reads the first, so the repeat would vanish from the pages.
func checkDuplicateSections(c *checker) {
	first := map[plan.SectionKind]*plan.Section{}
	for _, s := range c.p.Sections {
		switch s.Kind {
		case plan.KindOverview, plan.KindStrategy, plan.KindMetrics, plan.KindTriggers:
		default:
			continue
		}
		if f, seen := first[s.Kind]; seen {
			c.warnf(s.Pos, RuleDupSection,
				fmt.Sprintf("merge it into the first one (line %d); only that one is read", f.Pos.Line),
				"section %q appears again", s.Heading)
			continue
		}
		first[s.Kind] = s
	}
}
