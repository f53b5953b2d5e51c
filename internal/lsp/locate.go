package lsp

import (
	"strings"
	"unicode/utf8"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/rules"
)

// Where a position sits in a plan, for the features that depend on it.
// Lines are 1-based, as in the model.

// sectionEnd is the first line after a section: the next heading of its
// level or above, else the line after the last.
func (a *analysis) sectionEnd(s *plan.Section) int {
	end := len(a.lines) + 1
	if s == nil || a.plan == nil {
		return end
	}
	seen := false
	for _, other := range a.plan.Sections {
		if other == s {
			seen = true
			continue
		}
		if seen && other.Level <= s.Level && other.Pos.Line > s.Pos.Line {
			return other.Pos.Line
		}
	}
	return end
}

// frontMatter returns the lines of the front matter's keys (first..last,
// inclusive) when the text opens with a --- header; last runs to the end
// of the text while it is not closed yet.
func (a *analysis) frontMatter() (first, last int, ok bool) {
	if strings.TrimSpace(a.lines.line(0)) != "---" {
		return 0, 0, false
	}
	for i := 1; i < len(a.lines); i++ {
		if strings.TrimSpace(a.lines[i]) == "---" {
			return 2, i, true
		}
	}
	return 2, len(a.lines), true
}

// inTriggers reports whether line is inside the Rollback Triggers section.
func (a *analysis) inTriggers(line int) bool {
	s := a.plan.TriggersSection
	return s != nil && line > s.Pos.Line && line < a.sectionEnd(s)
}

// inExitCriteria reports whether line is under a phase's Exit Criteria
// label, before the phase ends.
func (a *analysis) inExitCriteria(line int) bool {
	for i := range a.plan.Phases {
		ph := &a.plan.Phases[i]
		if ph.ExitPos.Line > 0 && line > ph.ExitPos.Line && line < a.sectionEnd(ph.Section) {
			return true
		}
	}
	return false
}

// metricAt returns the metric a position names: the table row it is on,
// a metric's name written around it (the longest that matches), or, on a
// rollback trigger, the metric the trigger watches (rules.WatchedMetric).
// start and end (rune columns) are the span of the name, or of the whole
// line for a row or a trigger.
func (a *analysis) metricAt(pos diag.Pos) (m *plan.Metric, start, end int) {
	if a.plan == nil {
		return nil, 0, 0
	}
	rows := a.plan.Metrics.Rows
	text := a.lines.line(pos.Line - 1)
	lineEnd := utf8.RuneCountInString(text) + 1
	for i := range rows {
		if rows[i].Pos.Line == pos.Line {
			return &rows[i], 1, lineEnd
		}
	}
	best := -1
	runes := []rune(text)
	for i := range rows {
		name := []rune(strings.TrimSpace(plan.PlainText(rows[i].Name)))
		if len(name) == 0 || (best >= 0 && len(name) <= end-start) {
			continue
		}
		for s := 0; s+len(name) <= len(runes); s++ {
			if s+1 <= pos.Col && pos.Col <= s+len(name)+1 && strings.EqualFold(string(runes[s:s+len(name)]), string(name)) {
				best, start, end = i, s+1, s+len(name)+1
				break
			}
		}
	}
	if best >= 0 {
		return &rows[best], start, end
	}
	if tr := a.triggerOn(pos.Line); tr != nil {
		if m := rules.WatchedMetric(a.plan, tr); m != nil {
			return m, 1, lineEnd
		}
	}
	return nil, 0, 0
}

// triggerOn returns the rollback trigger written on line.
func (a *analysis) triggerOn(line int) *plan.Trigger {
	for i := range a.plan.Triggers {
		if a.plan.Triggers[i].Pos.Line == line {
			return &a.plan.Triggers[i]
		}
	}
	return nil
}

// watchers are the triggers that watch m.
func (a *analysis) watchers(m *plan.Metric) []*plan.Trigger {
	var out []*plan.Trigger
	for i := range a.plan.Triggers {
		if w := rules.WatchedMetric(a.plan, &a.plan.Triggers[i]); w != nil && w.Pos == m.Pos {
			out = append(out, &a.plan.Triggers[i])
		}
	}
	return out
}

// phaseHeadingOn returns the phase whose heading is on line.
func (a *analysis) phaseHeadingOn(line int) (int, bool) {
	for i := range a.plan.Phases {
		if a.plan.Phases[i].Pos.Line == line {
			return i, true
		}
	}
	return 0, false
}

// lineRange is a whole line as an LSP-ready span of diagnostic positions.
func (a *analysis) lineSpan(line int) (diag.Pos, diag.Pos) {
	return diag.Pos{Line: line, Col: 1}, diag.Pos{Line: line, Col: utf8.RuneCountInString(a.lines.line(line-1)) + 1}
}
