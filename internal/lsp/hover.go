package lsp

import (
	"fmt"
	"strings"
	"time"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// hover explains what is under the cursor: a metric (its baseline, target
// and method, and the triggers that watch it) or a phase heading (its
// duration, its dates when the plan has a start, its progress).
func (s *Server) hover(_ *glsp.Context, params *protocol.HoverParams) (*protocol.Hover, error) {
	a, _, ok := s.current(params.TextDocument.URI)
	if !ok || a.plan == nil {
		return nil, nil
	}
	pos := a.lines.fromLSP(params.Position)
	text, start, end, ok := a.hoverAt(pos)
	if !ok {
		return nil, nil
	}
	r := protocol.Range{
		Start: a.lines.toLSP(diag.Pos{Line: pos.Line, Col: start}),
		End:   a.lines.toLSP(diag.Pos{Line: pos.Line, Col: end}),
	}
	return &protocol.Hover{Contents: protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: text}, Range: &r}, nil
}

// hoverAt returns the hover text at pos and the span (rune columns) it is
// about.
func (a *analysis) hoverAt(pos diag.Pos) (text string, start, end int, ok bool) {
	if i, found := a.phaseHeadingOn(pos.Line); found {
		s, e := a.lineSpan(pos.Line)
		return a.phaseHover(i), s.Col, e.Col, true
	}
	if m, s, e := a.metricAt(pos); m != nil {
		return a.metricHover(m), s, e, true
	}
	return "", 0, 0, false
}

func (a *analysis) metricHover(m *plan.Metric) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** (Success Metrics, line %d)\n\n", plan.PlainText(m.Name), m.Pos.Line)
	for _, f := range []struct{ label, value string }{{"Baseline", m.Baseline}, {"Target", m.Target}, {"Method", m.Method}} {
		fmt.Fprintf(&b, "- %s: %s\n", f.label, orDash(f.value))
	}
	ws := a.watchers(m)
	if len(ws) == 0 {
		b.WriteString("\nNo rollback trigger watches it.")
		return b.String()
	}
	b.WriteString("\nWatched by:\n")
	for _, tr := range ws {
		fmt.Fprintf(&b, "- %s (line %d)\n", plan.PlainText(tr.Text), tr.Pos.Line)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func (a *analysis) phaseHover(i int) string {
	ph := a.plan.Phases[i]
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**\n\n", ph.Heading)
	switch {
	case ph.Duration.IsZero():
		b.WriteString("- Duration: not written (add a **Duration:** line)\n")
	case !ph.Duration.Valid():
		fmt.Fprintf(&b, "- Duration: %s (not a duration rolloutdocs can read)\n", ph.Duration.Text)
	default:
		fmt.Fprintf(&b, "- Duration: %s (%d days)\n", ph.Duration.Text, ph.Duration.Days())
	}
	if dates := a.plan.Schedule()[i]; dates.OK {
		fmt.Fprintf(&b, "- Dates: %s to %s\n", dates.Start.Format(time.DateOnly), dates.End.Format(time.DateOnly))
	} else if a.plan.Front.Start == "" {
		b.WriteString("- Dates: set `start` in the front matter to see them\n")
	}
	done, total := 0, 0
	for _, ts := range [][]plan.Task{ph.Tasks, ph.ExitCriteria} {
		for _, t := range ts {
			total++
			if t.Done {
				done++
			}
		}
	}
	if total == 0 {
		b.WriteString("- Progress: no tasks or exit criteria")
	} else {
		fmt.Fprintf(&b, "- Progress: %d of %d tasks and exit criteria done (%d%%)", done, total, done*100/total)
	}
	return b.String()
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}
