// Package rules judges rollout plans: the structure, rollout, time,
// consistency, trigger, placeholder and status rules a plan must satisfy
// beyond parsing. Each rule has a stable id used in diagnostics.
package rules

import (
	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// Check returns every diagnostic for one plan, parse problems excluded
// (those come from plan.Parse). TODO(rules): implement the rules.
func Check(p *plan.Plan) []diag.Diagnostic {
	return nil
}

// CheckPortfolio returns the portfolio's parse diagnostics plus every
// plan's rule diagnostics, sorted.
func CheckPortfolio(pf *plan.Portfolio) []diag.Diagnostic {
	ds := append([]diag.Diagnostic(nil), pf.Diagnostics...)
	for _, p := range pf.Plans {
		ds = append(ds, Check(p)...)
	}
	diag.Sort(ds)
	return ds
}
