package rules

import (
	"slices"
	"strings"

	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// checkConsistency checks that the plan says one thing: the strategy fits
// the risk tolerance, the front matter and the strategy line name the same
// strategy, and the line's "N phases" is the number of phases written.
func checkConsistency(c *checker) {
	p := c.p
	line := p.StrategyLine
	if p.Front.Strategy != "" && line.Strategy != "" && p.Front.Strategy != line.Strategy {
		c.errorf(line.StrategyPos, RuleStrategyLine,
			sprintf("make them agree: change the line to %q or the front matter's strategy", title(p.Front.Strategy)+" rollout"),
			"the strategy line says %q but the front matter says strategy: %s", title(line.Strategy), p.Front.Strategy)
	}
	strategy := p.EffectiveStrategy()
	want, riskOK := plan.StrategyForRisk[p.Front.RiskTolerance]
	if riskOK && slices.Contains(plan.Strategies, strategy) && strategy != want {
		pos := p.FrontPos["strategy"]
		if p.Front.Strategy == "" {
			pos = line.StrategyPos
		}
		c.warnf(pos, RuleStrategyRisk,
			sprintf("use a %s rollout, or set risk_tolerance to %s if the %s strategy is intended", want, riskFor(strategy), strategy),
			"strategy %q does not fit risk_tolerance %q, which calls for a %s rollout", strategy, p.Front.RiskTolerance, want)
	}
	if c.bodyParsed() && line.Phases > 0 && len(p.Phases) > 0 && line.Phases != len(p.Phases) {
		c.errorf(line.PhasesPos, RulePhaseCount,
			sprintf("change the line to \"with %d phases\", or write the missing phases", len(p.Phases)),
			"the strategy line says %d phases but the plan has %d", line.Phases, len(p.Phases))
	}
}

func riskFor(strategy string) string {
	for risk, s := range plan.StrategyForRisk {
		if s == strategy {
			return risk
		}
	}
	return ""
}

func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
