package lsp

import (
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
)

// codeAction offers every diagnostic's Fix (the rewrites `check --fix`
// applies) as a quick fix, for the diagnostics in the requested range.
func (s *Server) codeAction(_ *glsp.Context, params *protocol.CodeActionParams) (any, error) {
	a, _, ok := s.current(params.TextDocument.URI)
	if !ok {
		return []protocol.CodeAction{}, nil
	}
	return quickFixes(a, params.TextDocument.URI, params.Range), nil
}

func quickFixes(a *analysis, uri protocol.DocumentUri, want protocol.Range) []protocol.CodeAction {
	actions := []protocol.CodeAction{}
	for _, d := range a.diags {
		if d.Fix == nil || len(d.Fix.Edits) == 0 {
			continue
		}
		ld := toLSPDiagnostic(a.lines, d)
		if !overlaps(ld.Range, want) {
			continue
		}
		kind := protocol.CodeActionKindQuickFix
		preferred := true
		actions = append(actions, protocol.CodeAction{
			Title:       d.Fix.Title,
			Kind:        &kind,
			Diagnostics: []protocol.Diagnostic{ld},
			IsPreferred: &preferred,
			Edit: &protocol.WorkspaceEdit{Changes: map[protocol.DocumentUri][]protocol.TextEdit{
				uri: textEdits(a.lines, d.Fix.Edits),
			}},
		})
	}
	return actions
}

func textEdits(ls lines, edits []diag.Edit) []protocol.TextEdit {
	out := make([]protocol.TextEdit, 0, len(edits))
	for _, e := range edits {
		out = append(out, protocol.TextEdit{
			Range:   protocol.Range{Start: ls.toLSP(e.Start), End: ls.toLSP(e.End)},
			NewText: e.NewText,
		})
	}
	return out
}

// overlaps reports whether two ranges share a position; an empty request
// range (a cursor) overlaps the diagnostics it touches.
func overlaps(a, b protocol.Range) bool {
	return !before(a.End, b.Start) && !before(b.End, a.Start)
}

func before(p, q protocol.Position) bool {
	return p.Line < q.Line || (p.Line == q.Line && p.Character < q.Character)
}
