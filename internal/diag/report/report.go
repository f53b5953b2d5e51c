// Package report writes diagnostics for people and tools: text for
// terminals and logs, a JSON array, GitHub Actions workflow commands and
// SARIF 2.1.0 for code-scanning tools.
package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
)

// Format names an output format.
type Format string

const (
	Text   Format = "text"
	JSON   Format = "json"
	GitHub Format = "github"
	SARIF  Format = "sarif"
)

// Formats lists the formats in the order --help shows them.
var Formats = []Format{Text, JSON, GitHub, SARIF}

// ParseFormat reads a --format value.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if strings.EqualFold(s, string(f)) {
			return f, nil
		}
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return "", fmt.Errorf("unknown format %q (use one of: %s)", s, strings.Join(names, ", "))
}

// Rule is what a format may say about a rule beyond its id (SARIF lists
// every rule the tool knows).
type Rule struct {
	ID       string
	Severity diag.Severity
	Summary  string
}

// Options tune the output.
type Options struct {
	// Source returns a file's text (after BOM and CRLF removal, so lines
	// and columns match the diagnostics) for the text format's excerpts;
	// nil or a nil result means no excerpt.
	Source func(path string) []byte
	// Excerpts shows the source line and a caret under each text
	// diagnostic; meant for terminals.
	Excerpts bool
	// Color adds ANSI colors to the text format.
	Color bool
	// Rules and ToolVersion describe the tool in SARIF output.
	Rules       []Rule
	ToolVersion string
	// InformationURI is the tool's home page for SARIF.
	InformationURI string
	// Explain adds Readings to the output (check --explain); see
	// CheckExplain for the formats that carry them.
	Explain  bool
	Readings []diag.Reading
}

// Write writes ds to w in format f.
func Write(w io.Writer, f Format, ds []diag.Diagnostic, opts Options) error {
	if opts.Explain {
		return writeExplained(w, f, ds, opts)
	}
	switch f {
	case Text, "":
		return WriteText(w, ds, opts)
	case JSON:
		return WriteJSON(w, ds)
	case GitHub:
		return WriteGitHub(w, ds)
	case SARIF:
		return WriteSARIF(w, ds, opts)
	}
	return fmt.Errorf("unknown format %q", f)
}

// Summary is the one-line tally for the end of a text report:
// "3 errors, 2 warnings in 8 plans" or "no problems in 8 plans".
func Summary(ds []diag.Diagnostic, files int) string {
	errs, warns := diag.Count(ds)
	in := plural(files, "plan", "plans")
	if errs == 0 && warns == 0 {
		return "no problems in " + in
	}
	return fmt.Sprintf("%s, %s in %s", plural(errs, "error", "errors"), plural(warns, "warning", "warnings"), in)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// position returns a diagnostic's line and column, with the whole-file
// zero position shown as 1:1 (formats need a real place).
func position(d diag.Diagnostic) (line, col int) {
	line, col = d.Pos.Line, d.Pos.Col
	if line < 1 {
		line, col = 1, 1
	}
	if col < 1 {
		col = 1
	}
	return line, col
}

// messageWithHint joins the message and the hint the way every format
// shows them: "what is wrong; how to fix it".
func messageWithHint(d diag.Diagnostic) string {
	if d.Hint == "" {
		return d.Message
	}
	return d.Message + "; " + d.Hint
}
