package report

import (
	"encoding/json"
	"io"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
)

// jsonDiagnostic is the JSON shape of one diagnostic: flat, so jq filters
// read naturally (.[] | select(.severity == "error") | .file).
type jsonDiagnostic struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
	// Fix is the safe rewrite `check --fix` would make, when there is one.
	Fix *diag.Fix `json:"fix,omitempty"`
}

// WriteJSON writes ds as one JSON array ([] when there are none).
func WriteJSON(w io.Writer, ds []diag.Diagnostic) error {
	out := make([]jsonDiagnostic, 0, len(ds))
	for _, d := range ds {
		line, col := position(d)
		out = append(out, jsonDiagnostic{
			File: d.File, Line: line, Col: col, Severity: d.Severity.String(),
			Rule: d.Rule, Message: d.Message, Hint: d.Hint, Fix: d.Fix,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // keep "<150ms" readable
	return enc.Encode(out)
}
