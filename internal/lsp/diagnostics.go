package lsp

import (
	"strings"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
)

const source = "rolloutdocs"

// toLSPDiagnostics converts a document's diagnostics: the rule id is the
// code, the message is check's message with its hint on the next line.
func toLSPDiagnostics(a *analysis) []protocol.Diagnostic {
	out := make([]protocol.Diagnostic, 0, len(a.diags))
	for _, d := range a.diags {
		out = append(out, toLSPDiagnostic(a.lines, d))
	}
	return out
}

func toLSPDiagnostic(ls lines, d diag.Diagnostic) protocol.Diagnostic {
	sev := protocol.DiagnosticSeverityWarning
	if d.Severity == diag.Error {
		sev = protocol.DiagnosticSeverityError
	}
	src := source
	return protocol.Diagnostic{
		Range:    ls.rangeOf(d),
		Severity: &sev,
		Code:     &protocol.IntegerOrString{Value: d.Rule},
		Source:   &src,
		Message:  lspMessage(d),
	}
}

// lspMessage is the message as editors show it: check's message, then the
// hint on its own line.
func lspMessage(d diag.Diagnostic) string {
	if d.Hint == "" {
		return d.Message
	}
	return d.Message + "\n" + d.Hint
}

// applyChange applies one ranged change to text (for clients that send
// incremental changes although the server asked for full text).
func applyChange(text string, c protocol.TextDocumentContentChangeEvent) string {
	if c.Range == nil {
		return c.Text
	}
	start, end := byteOffset(text, c.Range.Start), byteOffset(text, c.Range.End)
	if end < start {
		start, end = end, start
	}
	return text[:start] + c.Text + text[end:]
}

// byteOffset converts an LSP position into a byte offset in text, clamped
// to the text.
func byteOffset(text string, p protocol.Position) int {
	off := 0
	for range p.Line {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			return len(text)
		}
		off += i + 1
	}
	units := 0
	for i, r := range text[off:] {
		if units >= int(p.Character) || r == '\n' {
			return off + i
		}
		units += utf16RuneLen(r)
	}
	return len(text)
}
