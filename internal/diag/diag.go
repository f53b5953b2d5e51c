// Package diag holds the diagnostics that every rolloutdocs stage reports:
// a position in a file, a severity, a stable rule id and a message a reviewer
// can act on. Formatting them for terminals, JSON, GitHub and SARIF lives in
// the report subpackage so the model stays free of output concerns.
package diag

import (
	"cmp"
	"fmt"
	"slices"
)

// Severity orders diagnostics: an Error fails `check`, a Warning fails it
// only with --strict.
type Severity int

const (
	Warning Severity = iota + 1
	Error
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "unknown"
}

// MarshalText lets JSON output carry "error" / "warning" instead of numbers.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Pos is a 1-based line and column (columns count runes, as editors do).
// The zero Pos means "the whole file".
type Pos struct {
	Line int `json:"line"`
	Col  int `json:"col"`
}

func (p Pos) IsZero() bool { return p.Line == 0 }

// Diagnostic is one problem found in one file.
type Diagnostic struct {
	File     string   `json:"file"`
	Pos      Pos      `json:"pos"`
	Severity Severity `json:"severity"`
	Rule     string   `json:"rule"`
	Message  string   `json:"message"`
	// Hint says how to fix the problem, when the message alone does not.
	Hint string `json:"hint,omitempty"`
	// End, when set, is where the span the diagnostic is about ends
	// (exclusive); editors underline Pos..End. Zero means "a word at Pos".
	End Pos `json:"end,omitzero"`
	// Fix is the one safe rewrite that resolves the problem, when the tool
	// knows it without guessing (`check --fix`, editor quick fixes).
	Fix *Fix `json:"fix,omitempty"`
}

// Fix is a machine-applicable rewrite: a title for menus and the edits that
// make it. Fixes only ever replace what the user wrote with a form of the
// same value ("4 people" -> "4", "Launched" -> "launched"); they never
// invent a value.
type Fix struct {
	Title string `json:"title"`
	Edits []Edit `json:"edits"`
}

// Edit replaces the text from Start up to End (exclusive) with NewText.
// Positions are the same 1-based line and rune column as Pos, in the file
// as the user wrote it, so an edit survives CRLF endings and a BOM.
type Edit struct {
	Start   Pos    `json:"start"`
	End     Pos    `json:"end"`
	NewText string `json:"new_text"`
}

func (d Diagnostic) String() string {
	msg := d.Message
	if d.Hint != "" {
		msg += "; " + d.Hint
	}
	line, col := d.Pos.Line, d.Pos.Col
	if line == 0 {
		line, col = 1, 1
	}
	if col == 0 {
		col = 1
	}
	return fmt.Sprintf("%s:%d:%d: %s: %s [%s]", d.File, line, col, d.Severity, msg, d.Rule)
}

// Sort orders diagnostics by file, line, column, then rule, so output is
// stable whatever order the checks ran in.
func Sort(ds []Diagnostic) {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(b.Severity, a.Severity),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// Count returns the number of errors and warnings in ds.
func Count(ds []Diagnostic) (errors, warnings int) {
	for _, d := range ds {
		switch d.Severity {
		case Error:
			errors++
		case Warning:
			warnings++
		}
	}
	return errors, warnings
}

// HasErrors reports whether any diagnostic is an Error.
func HasErrors(ds []Diagnostic) bool {
	e, _ := Count(ds)
	return e > 0
}

// Reading is how a stage read a place in a file when that is not a problem
// but worth saying: the parser took "Halt Rules" for the Rollback
// Triggers section, a "Source" column for Method. `check --explain` prints
// them so nothing is guessed silently.
type Reading struct {
	File string `json:"file"`
	Pos  Pos    `json:"pos"`
	Text string `json:"text"`
}

// SortReadings orders readings by file, line and column, keeping the
// order they were made in at one place.
func SortReadings(rs []Reading) {
	slices.SortStableFunc(rs, func(a, b Reading) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
		)
	})
}
