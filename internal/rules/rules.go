// Package rules judges rollout plans: the structure, rollout, time,
// consistency, trigger, placeholder and status rules a plan must satisfy
// beyond parsing. Each rule has a stable id used in diagnostics (see
// Catalog); rules read only the plan model and never panic on a plan that
// was only partly parsed.
package rules

import (
	"runtime"
	"sync"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// checker carries one plan's check: the plan and what was found so far.
type checker struct {
	p     *plan.Plan
	diags []diag.Diagnostic
	src   *sourceLines
}

func (c *checker) report(pos plan.Pos, sev diag.Severity, rule, msg, hint string) {
	c.diags = append(c.diags, diag.Diagnostic{File: c.p.Path, Pos: pos, Severity: sev, Rule: rule, Message: msg, Hint: hint})
}

func (c *checker) errorf(pos plan.Pos, rule, hint, format string, args ...any) {
	c.report(pos, diag.Error, rule, sprintf(format, args...), hint)
}

func (c *checker) warnf(pos plan.Pos, rule, hint, format string, args ...any) {
	c.report(pos, diag.Warning, rule, sprintf(format, args...), hint)
}

// bodyParsed is false when parsing stopped before the body (an empty,
// binary or oversized file, unclosed or TOML front matter): the parse
// diagnostic explains the file, and body rules would only add noise.
func (c *checker) bodyParsed() bool { return c.p.Doc != nil }

// checks run in this order; each is one rule family.
var checks = []func(*checker){
	checkStructure,
	checkRollout,
	checkTime,
	checkOpenEndedPhases,
	checkConsistency,
	checkTriggers,
	checkPlaceholders,
	checkStatus,
	checkStaleStatus,
	checkCriteriaMetrics,
	checkSummaryDuration,
}

// Check returns every rule diagnostic for one plan, in no particular
// order; parse problems are not included (those come from plan.Parse).
func Check(p *plan.Plan) []diag.Diagnostic {
	if p == nil {
		return nil
	}
	c := &checker{p: p, src: newSourceLines(p)}
	for _, check := range checks {
		check(c)
	}
	return c.diags
}

// CheckPortfolio returns the portfolio's parse diagnostics plus every
// plan's rule diagnostics and the portfolio rules' (PortfolioRules), sorted by file and position. Plans are checked
// in parallel, one worker per CPU.
func CheckPortfolio(pf *plan.Portfolio) []diag.Diagnostic {
	if pf == nil {
		return nil
	}
	perPlan := make([][]diag.Diagnostic, len(pf.Plans))
	workers := min(runtime.GOMAXPROCS(0), len(pf.Plans))
	// Small portfolios are checked inline: goroutines cost more than the
	// rules for a handful of plans.
	if workers <= 1 || len(pf.Plans) < 64 {
		for i, p := range pf.Plans {
			perPlan[i] = Check(p)
		}
	} else {
		var wg sync.WaitGroup
		chunk := (len(pf.Plans) + workers - 1) / workers
		for start := 0; start < len(pf.Plans); start += chunk {
			end := min(start+chunk, len(pf.Plans))
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := start; i < end; i++ {
					perPlan[i] = Check(pf.Plans[i])
				}
			}()
		}
		wg.Wait()
	}
	n := len(pf.Diagnostics)
	for _, ds := range perPlan {
		n += len(ds)
	}
	ds := make([]diag.Diagnostic, 0, n)
	ds = append(ds, pf.Diagnostics...)
	for _, d := range perPlan {
		ds = append(ds, d...)
	}
	ds = append(ds, PortfolioRules(pf.Plans)...)
	diag.Sort(ds)
	return ds
}
