package rules

import (
	"slices"
	"strings"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// Rule ids. They are part of rolloutdocs' interface: CI configurations and
// SARIF consumers key on them, so an id never changes meaning.
const (
	RulePhases          = "structure/phases"
	RulePhaseDuration   = "structure/phase-duration"
	RuleExitCriteria    = "structure/exit-criteria"
	RulePhaseOrder      = "structure/phase-order"
	RuleMetricsTable    = "structure/metrics-table"
	RuleMetricDup       = "structure/metric-duplicate"
	RuleTriggers        = "structure/triggers"
	RuleDupSection      = "structure/duplicate-section"
	RulePercentRange    = "rollout/percentage-range"
	RuleMonotonic       = "rollout/monotonic"
	RuleReaches100      = "rollout/reaches-100"
	RuleCanary          = "rollout/canary"
	RuleOverTimeline    = "time/over-timeline"
	RuleUnderTimeline   = "time/under-timeline"
	RuleOpenEndedPhase  = "time/open-ended-phase"
	RuleStrategyRisk    = "consistency/strategy-risk"
	RuleStrategyLine    = "consistency/strategy-line"
	RulePhaseCount      = "consistency/phase-count"
	RuleUnknownMetric   = "triggers/unknown-metric"
	RuleInsideTarget    = "triggers/inside-target"
	RulePlaceholder     = "placeholders/template"
	RuleLaunchedOpen    = "status/launched-unchecked"
	RuleStaleStatus     = "status/stale"
	RuleFreeForm        = "placeholders/free-form"
	RuleCriterionMetric = "exit-criteria/unknown-metric"
	RuleSummaryDuration = "consistency/summary-duration"
	RuleHighRiskOverlap = "portfolio/high-risk-overlap"
	ruleFileUnreadable  = "file/unreadable"
)

// Rule describes one rule for documentation and SARIF output.
type Rule struct {
	ID string
	// Severity is the rule's usual severity; placeholders/template is a
	// warning in drafts and an error from in-review on.
	Severity diag.Severity
	Summary  string
}

// Catalog lists every rule `rolloutdocs check` can report, the parser's
// file and front-matter rules included, sorted by id.
func Catalog() []Rule {
	out := append([]Rule(nil), catalog...)
	slices.SortFunc(out, func(a, b Rule) int { return strings.Compare(a.ID, b.ID) })
	return out
}

var catalog = []Rule{
	{RuleStrategyLine, diag.Error, "The front matter's strategy and the body's \"<Strategy> rollout with N phases\" line agree."},
	{RulePhaseCount, diag.Error, "The \"N phases\" of the strategy line matches the number of phases written."},
	{RuleStrategyRisk, diag.Warning, "The strategy fits the risk tolerance: low → conservative, medium → standard, high → aggressive."},
	{ruleFileUnreadable, diag.Error, "The file can be read."},
	{plan.RuleFileDuplicate, diag.Error, "No two plans share a slug (file name without .md)."},
	{plan.RuleFileSymlink, diag.Warning, "No symlink leads outside the source directory or into a loop (such links are not read; --follow-symlinks)."},
	{plan.RuleFileEmpty, diag.Error, "The file is not empty."},
	{plan.RuleFileEncoding, diag.Error, "The file is UTF-8 text, not binary or another encoding."},
	{plan.RuleFileSize, diag.Error, "The file is under the size limit for a plan."},
	{plan.RuleFMAlias, diag.Error, "Front matter uses no YAML anchors or aliases."},
	{plan.RuleFMDuplicateKey, diag.Error, "No front-matter key is set twice."},
	{plan.RuleFMEnum, diag.Error, "status, risk_tolerance and strategy take one of their listed values."},
	{plan.RuleFMFormat, diag.Error, "Dates are YYYY-MM-DD and the timeline a duration such as 6 weeks."},
	{plan.RuleFMLegacyHeader, diag.Error, "The header is YAML front matter, not bold **Key:** lines (convert with rolloutdocs import)."},
	{plan.RuleFMMissing, diag.Error, "The file starts with YAML front matter between --- lines."},
	{plan.RuleFMNotMapping, diag.Error, "Front matter is a mapping of keys to values."},
	{plan.RuleFMRange, diag.Error, "Numbers are in range (team_size ≥ 1)."},
	{plan.RuleFMRequired, diag.Error, "Required keys are present and not blank."},
	{plan.RuleFMTOML, diag.Error, "Front matter is YAML (---), not TOML (+++)."},
	{plan.RuleFMType, diag.Error, "Each key has the right type: text, a whole number or a list of text."},
	{plan.RuleFMUnclosed, diag.Error, "The front matter's closing --- line is present."},
	{plan.RuleFMUnknownKey, diag.Error, "Front matter has only the known keys."},
	{plan.RuleFMSyntax, diag.Error, "Front matter is valid YAML, in one document."},
	{RulePlaceholder, diag.Warning, "No template placeholder such as [X days] or [PM Name] is left (an error from in-review on)."},
	{RuleCanary, diag.Warning, "The first rollout step (the canary) reaches 1–10% of users."},
	{RuleMonotonic, diag.Error, "Rollout percentages never go down, from phase to phase or along an arrow (25% → 50%)."},
	{RulePercentRange, diag.Error, "Every rollout percentage is above 0% and at most 100%."},
	{RuleReaches100, diag.Error, "The rollout reaches 100% of users."},
	{RuleLaunchedOpen, diag.Error, "A launched plan has every exit criterion checked."},
	{RuleDupSection, diag.Warning, "Overview, Rollout Strategy, Success Metrics and Rollback Triggers each appear once (a repeat is not read)."},
	{RuleExitCriteria, diag.Error, "Every phase has at least one exit criterion."},
	{RuleMetricDup, diag.Error, "Metric names in the Success Metrics table are unique."},
	{RuleMetricsTable, diag.Error, "Success Metrics has a table with Metric, Baseline, Target and Method columns and at least one row."},
	{RulePhaseDuration, diag.Error, "Every phase has a **Duration:** such as 5 days, 1 week or 2-3 days."},
	{RulePhaseOrder, diag.Error, "Phases are numbered 1..N in order."},
	{RulePhases, diag.Error, "The plan has at least one phase."},
	{RuleTriggers, diag.Error, "Rollback Triggers lists at least one trigger."},
	{RuleOverTimeline, diag.Error, "The phases' durations fit the timeline."},
	{RuleUnderTimeline, diag.Warning, "The phases use at least half of the timeline."},
	{RuleOpenEndedPhase, diag.Warning, "Only the last phase is open-ended (ongoing, permanent): any other has a **Duration:** as N days, N weeks or N-M days, or the phases after it never start."},
	{RuleInsideTarget, diag.Error, "A trigger's threshold lies outside its metric's target, so a rollback never fires while the target is met."},
	{RuleStaleStatus, diag.Warning, "The status keeps up with the checkboxes: in-progress once a phase after the first is under way, launched once everything is checked."},
	{RuleFreeForm, diag.Warning, "No free-form placeholder such as TBD, TK, TODO, XXX, ___, ??? or <owner> is left (an error from in-review on)."},
	{RuleCriterionMetric, diag.Warning, "An exit criterion with a threshold names a metric from the Success Metrics table."},
	{RuleSummaryDuration, diag.Warning, "A phase's summary line and its **Duration:** give the same length of time."},
	{RuleUnknownMetric, diag.Warning, "A trigger with a threshold names a metric from the Success Metrics table."},
	{RuleHighRiskOverlap, diag.Warning, "No two plans of risk_tolerance high have canary or ramp phases on the same days (dates from start)."},
}
