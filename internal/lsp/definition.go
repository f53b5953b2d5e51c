package lsp

import (
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// definition goes from a metric's name (in a trigger, a criterion or any
// line) to its row in the Success Metrics table.
func (s *Server) definition(_ *glsp.Context, params *protocol.DefinitionParams) (any, error) {
	a, _, ok := s.current(params.TextDocument.URI)
	if !ok {
		return nil, nil
	}
	m, _, _ := a.metricAt(a.lines.fromLSP(params.Position))
	if m == nil {
		return nil, nil
	}
	start, end := a.lineSpan(m.Pos.Line)
	return protocol.Location{URI: params.TextDocument.URI, Range: protocol.Range{Start: a.lines.toLSP(start), End: a.lines.toLSP(end)}}, nil
}
