package plandiff

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// comparer collects the changes between two parsed versions of one plan.
type comparer struct {
	base, head *plan.Plan
	changes    []Change
}

func (c *comparer) add(ch Change) { c.changes = append(c.changes, ch) }

func (c *comparer) compare() {
	c.compareFront()
	c.comparePhases()
	c.compareMetrics()
	c.compareTriggers()
	c.compareSections()
}

func (c *comparer) frontLine(key string) int {
	if p, ok := c.head.FrontPos[key]; ok {
		return p.Line
	}
	return 1
}

// statusRank orders statuses by how far the rollout reaches users; the
// statuses that stop it have their own risk (see statusRisk).
func statusRisk(from, to string) (Risk, string) {
	exposing := map[string]bool{"in-progress": true, "launched": true}
	stopping := map[string]bool{"paused": true, "rolled-back": true, "cancelled": true}
	switch {
	case exposing[to] && !exposing[from]:
		return Riskier, "the rollout now reaches users"
	case to == "launched":
		return Riskier, "the feature is now declared launched to everyone"
	case stopping[to] && !stopping[from]:
		return Safer, "the rollout is stopped"
	case to == "approved" && !approvedOrFurther[from]:
		return Neutral, "the plan is signed off for rollout"
	case approvedOrFurther[from] && (to == "draft" || to == "in-review"):
		return Neutral, "the plan goes back to review"
	}
	return Neutral, ""
}

func (c *comparer) compareFront() {
	b, h := &c.base.Front, &c.head.Front
	if b.Status != h.Status {
		risk, why := statusRisk(b.Status, h.Status)
		c.add(Change{Kind: "status", Risk: risk, Reason: joinReason("status changed from "+orNone(b.Status)+" to "+orNone(h.Status), why),
			Before: b.Status, After: h.Status, Line: c.frontLine("status")})
	}
	if b.Title != h.Title {
		c.add(Change{Kind: "title", Risk: Neutral, Reason: "title changed from " + quote(b.Title) + " to " + quote(h.Title), Before: b.Title, After: h.Title, Line: c.frontLine("title")})
	}
	if b.Owner != h.Owner {
		c.add(Change{Kind: "owner", Risk: Neutral, Reason: "owner changed from " + orNone(b.Owner) + " to " + orNone(h.Owner), Before: b.Owner, After: h.Owner, Line: c.frontLine("owner")})
	}
	for _, a := range minus(b.Approvers, h.Approvers) {
		c.add(Change{Kind: "approver-removed", Risk: Riskier, Reason: "approver " + a + " removed: one sign-off fewer", Before: a, Line: c.frontLine("approvers")})
	}
	for _, a := range minus(h.Approvers, b.Approvers) {
		c.add(Change{Kind: "approver-added", Risk: Safer, Reason: "approver " + a + " added", After: a, Line: c.frontLine("approvers")})
	}
	if b.TeamSize != h.TeamSize {
		risk, why := Neutral, ""
		if h.TeamSize < b.TeamSize {
			risk, why = Riskier, "fewer people to watch the rollout and roll it back"
		}
		c.add(Change{Kind: "team-size", Risk: risk, Reason: joinReason(fmt.Sprintf("team size changed from %d to %d", b.TeamSize, h.TeamSize), why),
			Before: strconv.Itoa(b.TeamSize), After: strconv.Itoa(h.TeamSize), Line: c.frontLine("team_size")})
	}
	if b.Timeline != h.Timeline {
		risk, why := Neutral, ""
		bd, okB := plan.ParseDuration(b.Timeline)
		hd, okH := plan.ParseDuration(h.Timeline)
		if okB && okH && hd.Max < bd.Max {
			risk, why = Riskier, "less time for the whole rollout"
		} else if okB && okH && hd.Max > bd.Max {
			risk, why = Safer, "more time for the whole rollout"
		}
		c.add(Change{Kind: "timeline", Risk: risk, Reason: joinReason("timeline changed from "+orNone(b.Timeline)+" to "+orNone(h.Timeline), why),
			Before: b.Timeline, After: h.Timeline, Line: c.frontLine("timeline")})
	}
	if b.Start != h.Start {
		c.add(Change{Kind: "start", Risk: Neutral, Reason: "start changed from " + orNone(b.Start) + " to " + orNone(h.Start), Before: b.Start, After: h.Start, Line: c.frontLine("start")})
	}
	if b.RiskTolerance != h.RiskTolerance {
		risk := orderRisk(plan.Risks, b.RiskTolerance, h.RiskTolerance)
		c.add(Change{Kind: "risk-tolerance", Risk: risk, Reason: "risk tolerance changed from " + orNone(b.RiskTolerance) + " to " + orNone(h.RiskTolerance),
			Before: b.RiskTolerance, After: h.RiskTolerance, Line: c.frontLine("risk_tolerance")})
	}
	if bs, hs := c.base.EffectiveStrategy(), c.head.EffectiveStrategy(); bs != hs {
		line := c.frontLine("strategy")
		if _, ok := c.head.FrontPos["strategy"]; !ok && c.head.StrategyLine.StrategyPos.Line > 0 {
			line = c.head.StrategyLine.StrategyPos.Line
		}
		c.add(Change{Kind: "strategy", Risk: orderRisk(plan.Strategies, bs, hs), Reason: "strategy changed from " + orNone(bs) + " to " + orNone(hs),
			Before: bs, After: hs, Line: line, Rollout: true})
	}
	if b.Flag != h.Flag {
		c.add(Change{Kind: "flag", Risk: Neutral, Reason: "feature flag changed from " + orNone(b.Flag) + " to " + orNone(h.Flag) + ": the rollout switches another flag",
			Before: b.Flag, After: h.Flag, Line: c.frontLine("flag"), Rollout: true})
	}
}

// orderRisk: moving later in an ordered list (low → high, conservative →
// aggressive) is riskier.
func orderRisk(order []string, from, to string) Risk {
	i, j := indexOf(order, from), indexOf(order, to)
	switch {
	case i < 0 || j < 0:
		return Neutral
	case j > i:
		return Riskier
	case j < i:
		return Safer
	}
	return Neutral
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// minus is the items of a not in b, in a's order.
func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if indexOf(b, x) < 0 {
			out = append(out, x)
		}
	}
	return out
}

func joinReason(what, why string) string {
	if why == "" {
		return what
	}
	return what + ": " + why
}

func orNone(s string) string {
	if strings.TrimSpace(s) == "" {
		return "(none)"
	}
	return s
}

func quote(s string) string { return strconv.Quote(s) }

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// norm is the text matching compares: plain text, lower case, spaces
// collapsed.
func norm(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(plan.PlainText(s))), " ")
}

func formatNumber(v float64) string {
	return strconv.FormatFloat(math.Round(v*10000)/10000, 'f', -1, 64)
}

func percent(v float64) string { return formatNumber(v) + "%" }

// times says how many times larger after is than before ("twice", "4
// times"), for reasons a reviewer reads.
func times(before, after float64) string {
	if before <= 0 {
		return ""
	}
	r := after / before
	switch {
	case nearly(r, 2):
		return "twice"
	case nearly(r, 3):
		return "three times"
	case nearly(r, math.Round(r)):
		return formatNumber(math.Round(r)) + " times"
	}
	return strconv.FormatFloat(r, 'f', 1, 64) + " times"
}

func nearly(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
