package lsp

import (
	"fmt"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/rules"
)

// RuleInternal marks the diagnostic the server publishes when reading a
// text panicked: the user sees that the plan was not checked, and why,
// instead of a server that went quiet or died.
const RuleInternal = "lsp/internal-error"

// analysis is what one version of a document reads as: its plan model (nil
// only after an internal error), the diagnostics `check` would print for
// it, and its lines for position conversion.
type analysis struct {
	plan  *plan.Plan
	diags []diag.Diagnostic
	lines lines
}

// analyze parses and checks text as `rolloutdocs check` checks the file at
// path: plan.ParseForCheck, then rules.Check, then the portfolio's
// duplicate-slug check against others (the workspace's other plans), sorted
// as check sorts. It never panics.
func analyze(path, text string, others []string) (a analysis) {
	a.lines = splitLines(text)
	defer func() {
		if r := recover(); r != nil {
			a.plan = nil
			a.diags = []diag.Diagnostic{{
				File: path, Pos: diag.Pos{Line: 1, Col: 1}, Severity: diag.Error, Rule: RuleInternal,
				Message: fmt.Sprintf("rolloutdocs could not check this text: internal error: %v", r),
				Hint:    "please report it with the plan attached; `rolloutdocs check` on the saved file may say more",
			}}
		}
	}()
	p, ds := plan.ParseForCheck(path, []byte(text))
	ds = append(ds, rules.Check(p)...)
	ds = append(ds, duplicateSlugs(path, others)...)
	diag.Sort(ds)
	return analysis{plan: p, diags: ds, lines: a.lines}
}
