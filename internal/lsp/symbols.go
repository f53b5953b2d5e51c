package lsp

import (
	"fmt"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// documentSymbol is the outline: the phases (with their duration), the
// Success Metrics table with a child per metric, and the Rollback Triggers
// with a child per trigger, in file order.
func (s *Server) documentSymbol(_ *glsp.Context, params *protocol.DocumentSymbolParams) (any, error) {
	a, _, ok := s.current(params.TextDocument.URI)
	if !ok || a.plan == nil {
		return []protocol.DocumentSymbol{}, nil
	}
	return a.symbols(), nil
}

func (a *analysis) symbols() []protocol.DocumentSymbol {
	p := a.plan
	out := []protocol.DocumentSymbol{}
	for _, ph := range p.Phases {
		detail := ph.Duration.Text
		out = append(out, a.symbol(ph.Heading, detail, protocol.SymbolKindModule, ph.Pos, a.sectionEnd(ph.Section)-1, nil))
	}
	if p.Metrics.Found && len(p.Metrics.Rows) > 0 {
		var rows []protocol.DocumentSymbol
		for _, m := range p.Metrics.Rows {
			detail := ""
			if m.Target != "" {
				detail = "target " + m.Target
			}
			rows = append(rows, a.symbol(orUnnamed(plan.PlainText(m.Name)), detail, protocol.SymbolKindField, m.Pos, m.Pos.Line, nil))
		}
		last := p.Metrics.Rows[len(p.Metrics.Rows)-1].Pos.Line
		out = append(out, a.symbol("Success Metrics", fmt.Sprintf("%d metrics", len(rows)), protocol.SymbolKindStruct, p.Metrics.Pos, last, rows))
	}
	if p.TriggersSection != nil && len(p.Triggers) > 0 {
		var trs []protocol.DocumentSymbol
		for _, tr := range p.Triggers {
			trs = append(trs, a.symbol(orUnnamed(plan.PlainText(tr.Text)), "", protocol.SymbolKindEvent, tr.Pos, tr.Pos.Line, nil))
		}
		sec := p.TriggersSection
		out = append(out, a.symbol(sec.Heading, fmt.Sprintf("%d triggers", len(trs)), protocol.SymbolKindEvent, sec.Pos, a.sectionEnd(sec)-1, trs))
	}
	return out
}

// symbol spans from start to the end of lastLine; the name's own span
// (selectionRange) is its first line.
func (a *analysis) symbol(name, detail string, kind protocol.SymbolKind, start diag.Pos, lastLine int, children []protocol.DocumentSymbol) protocol.DocumentSymbol {
	if start.Line <= 0 {
		start = diag.Pos{Line: 1, Col: 1}
	}
	lastLine = max(lastLine, start.Line)
	_, end := a.lineSpan(lastLine)
	_, firstEnd := a.lineSpan(start.Line)
	sym := protocol.DocumentSymbol{
		Name:           name,
		Kind:           kind,
		Range:          protocol.Range{Start: a.lines.toLSP(start), End: a.lines.toLSP(end)},
		SelectionRange: protocol.Range{Start: a.lines.toLSP(start), End: a.lines.toLSP(firstEnd)},
		Children:       children,
	}
	if detail != "" {
		sym.Detail = &detail
	}
	return sym
}

// orUnnamed keeps a symbol's name non-empty, as clients require.
func orUnnamed(s string) string {
	if s == "" {
		return "(unnamed)"
	}
	return s
}
