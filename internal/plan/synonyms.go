package plan

import (
	"strings"
)

// This file is the one table of the names the parser accepts for what the
// template calls Overview, Rollout Strategy, Success Metrics, Rollback
// Triggers, a phase and a metrics column. Teams write "Halt Rules" for
// Rollback Triggers and "Source" for Method; each name here is read as the
// template's and the reading is recorded in Plan.Readings, which
// `rolloutdocs check --explain` prints, so nothing is guessed silently.
// The README's "Writing a plan" points here: add a synonym here and
// everything (check, pages, diff, the language server) reads it.
//
// Names are matched after normalizeName: lower case, a trailing colon, a
// leading "4." or "4)" and a trailing "(qualifier)" dropped, "&" read as
// "and", runs of spaces as one.

// sectionSynonyms maps a normalized heading to the template section it is.
var sectionSynonyms = map[string]SectionKind{
	// Overview
	"overview": KindOverview, "summary": KindOverview, "executive summary": KindOverview,
	"feature overview": KindOverview, "tl;dr": KindOverview, "tldr": KindOverview,

	// Rollout Strategy: the text before the phases.
	"rollout strategy": KindStrategy, "strategy": KindStrategy, "release strategy": KindStrategy,
	"deployment strategy": KindStrategy, "rollout approach": KindStrategy, "launch strategy": KindStrategy,

	// Success Metrics
	"success metrics": KindMetrics, "metrics": KindMetrics, "success criteria": KindMetrics,
	"slos": KindMetrics, "slo": KindMetrics, "kpis": KindMetrics, "kpi": KindMetrics,
	"key metrics": KindMetrics, "success measures": KindMetrics, "key performance indicators": KindMetrics,
	"service level objectives": KindMetrics, "metrics and slos": KindMetrics, "slos and metrics": KindMetrics,
	"success metrics and slos": KindMetrics, "launch metrics": KindMetrics, "rollout metrics": KindMetrics,
	"guardrail metrics": KindMetrics, "metrics and kpis": KindMetrics,

	// Rollback Triggers: when to stop. ("Rollback Plan" and "Rollback
	// Procedure" are not here: they say how to roll back, not when.)
	"rollback triggers": KindTriggers, "rollback": KindTriggers, "rollback criteria": KindTriggers,
	"rollback conditions": KindTriggers, "halt rules": KindTriggers, "halt criteria": KindTriggers,
	"halt conditions": KindTriggers, "kill criteria": KindTriggers, "kill switch criteria": KindTriggers,
	"abort conditions": KindTriggers, "abort criteria": KindTriggers, "stop conditions": KindTriggers,
	"stop criteria": KindTriggers, "rollback thresholds": KindTriggers, "rollback signals": KindTriggers,
	"automatic rollback triggers": KindTriggers, "triggers": KindTriggers,
}

// phasesSectionNames are the level-2 headings a list of phases sits under;
// under one of them (or under the Rollout Strategy) a numbered heading
// ("### 1. Pilot cluster") is a phase.
var phasesSectionNames = map[string]bool{
	"phases": true, "rollout phases": true, "phased rollout": true, "rollout plan": true,
	"rollout stages": true, "stages": true, "rollout steps": true, "rollout schedule": true,
	"rollout timeline": true, "deployment phases": true, "release phases": true, "waves": true,
	"rollout waves": true, "launch phases": true, "phase plan": true, "rollout": true,
}

// phaseWords begin a phase heading: "Phase 2", "Stage 2", "Step 2", "Wave 2".
var phaseWords = []string{"phase", "stage", "step", "wave"}

// columnSynonyms maps a normalized metrics-table header cell to the
// template column it is: "metric", "baseline", "target" or "method".
var columnSynonyms = map[string]string{
	"metric": "metric", "metrics": "metric", "name": "metric", "kpi": "metric", "sli": "metric",
	"indicator": "metric", "measure": "metric", "signal": "metric", "metric name": "metric",

	"baseline": "baseline", "current": "baseline", "current value": "baseline", "today": "baseline",
	"before": "baseline", "baseline value": "baseline", "now": "baseline",

	"target": "target", "goal": "target", "slo": "target", "threshold": "target", "objective": "target",
	"target value": "target", "success threshold": "target", "success criteria": "target",

	"method": "method", "measurement": "method", "measurement method": "method", "source": "method",
	"tool": "method", "how measured": "method", "how to measure": "method", "data source": "method",
	"measured by": "method", "measured with": "method", "dashboard": "method", "tooling": "method",
}

// templateNames are the template's own names, for readings.
var templateNames = map[SectionKind]string{
	KindOverview: "Overview", KindStrategy: "Rollout Strategy", KindMetrics: "Success Metrics", KindTriggers: "Rollback Triggers",
}

var columnNames = map[string]string{"metric": "Metric", "baseline": "Baseline", "target": "Target", "method": "Method"}

// normalizeName reduces a heading or header cell to the form the tables
// above are keyed by.
func normalizeName(s string) string {
	s = strings.ToLower(strings.TrimSpace(PlainText(s)))
	s = strings.TrimSpace(strings.TrimSuffix(s, ":"))
	// A trailing qualifier: "Success Metrics (Pilot)".
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndexByte(s, '('); i > 0 {
			s = strings.TrimSpace(s[:i])
		}
	}
	s = strings.TrimSpace(strings.TrimSuffix(s, ":"))
	// A leading section number: "4. Success Metrics", "4) Success Metrics".
	if i := leadingNumber(s); i > 0 {
		s = strings.TrimSpace(s[i:])
	}
	s = strings.ReplaceAll(s, "&", "and")
	return strings.Join(strings.Fields(s), " ")
}

// leadingNumber returns the length of a "4." / "4)" / "4 -" prefix, or 0.
func leadingNumber(s string) int {
	j := 0
	for j < len(s) && isDigitByte(s[j]) {
		j++
	}
	if j == 0 || j == len(s) {
		return 0
	}
	if s[j] == '.' || s[j] == ')' {
		return j + 1
	}
	return 0
}

// sectionByName is the template section a heading names, if any, and
// whether it was named by a synonym rather than the template's own name.
func sectionByName(heading string) (SectionKind, bool) {
	kind, ok := sectionSynonyms[normalizeName(heading)]
	if !ok {
		return KindOther, false
	}
	return kind, true
}

// isPhasesSection reports whether a heading opens a list of phases.
func isPhasesSection(heading string) bool { return phasesSectionNames[normalizeName(heading)] }

// columnByName is the template column a header cell names, or "".
func columnByName(cell string) string { return columnSynonyms[normalizeName(cell)] }

// phaseHeadingWord matches "Phase 2: Canary", "Stage II - Early adopters",
// "Wave 3", "Step 1. Internal": a phase word, a number in digits or Roman
// numerals, and an optional name after a separator (":", ".", "-", "–",
// "—") or in parentheses. It returns the word as written, the number and
// the name.
func phaseHeadingWord(t string) (word string, number int, name string, ok bool) {
	for _, w := range phaseWords {
		if len(t) > len(w) && strings.EqualFold(t[:len(w)], w) {
			word = t[:len(w)]
			break
		}
	}
	if word == "" {
		return "", 0, "", false
	}
	i := len(word)
	j := skipRESpace(t, i)
	if j == i {
		return "", 0, "", false
	}
	k := j
	for k < len(t) && (isDigitByte(t[k]) || isRomanByte(t[k])) {
		k++
	}
	if k == j {
		return "", 0, "", false
	}
	number, ok = parseNumeral(t[j:k])
	if !ok {
		return "", 0, "", false
	}
	rest := strings.TrimSpace(t[k:])
	name, ok = phaseNameAfter(rest)
	if !ok {
		return "", 0, "", false
	}
	return word, number, name, true
}

// numberedHeading matches "1. Pilot cluster", "2) Canary" or "3 - GA": the
// form phases take under a phases section.
func numberedHeading(t string) (number int, name string, ok bool) {
	k := 0
	for k < len(t) && isDigitByte(t[k]) {
		k++
	}
	if k == 0 || k > 3 {
		return 0, "", false
	}
	number, ok = parseNumeral(t[:k])
	rest := strings.TrimSpace(t[k:])
	if !ok || rest == "" || rest[0] == '(' {
		return 0, "", false
	}
	name, ok = phaseNameAfter(rest)
	if !ok || name == "" {
		return 0, "", false
	}
	return number, name, true
}

// phaseNameAfter reads the name that follows a phase number.
func phaseNameAfter(rest string) (string, bool) {
	switch {
	case rest == "":
		return "", true
	case rest[0] == ':' || rest[0] == '.' || rest[0] == '-' || rest[0] == ')':
		rest = rest[1:]
	case strings.HasPrefix(rest, "–") || strings.HasPrefix(rest, "—"):
		rest = rest[len("–"):]
	case rest[0] == '(':
		// "Phase 1 (Weeks 1-3)": the parenthesis is the name.
	default:
		return "", false
	}
	rest = strings.TrimSpace(rest)
	if strings.IndexByte(rest, '\n') >= 0 {
		return "", false
	}
	return rest, true
}

func isRomanByte(c byte) bool {
	switch c {
	case 'I', 'V', 'X', 'L', 'i', 'v', 'x', 'l':
		return true
	}
	return false
}

// parseNumeral reads digits or a Roman numeral up to 50 (XL: 40).
func parseNumeral(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	if isDigitByte(s[0]) {
		n := 0
		for i := 0; i < len(s); i++ {
			if !isDigitByte(s[i]) {
				return 0, false
			}
			n = n*10 + int(s[i]-'0')
			if n > 1000000 {
				return 0, false
			}
		}
		return n, true
	}
	// Lower-case Roman numerals are accepted only in one case.
	if s != strings.ToUpper(s) && s != strings.ToLower(s) {
		return 0, false
	}
	u := strings.ToUpper(s)
	val := map[byte]int{'I': 1, 'V': 5, 'X': 10, 'L': 50}
	n := 0
	for i := 0; i < len(u); i++ {
		v, ok := val[u[i]]
		if !ok {
			return 0, false
		}
		if i+1 < len(u) && val[u[i+1]] > v {
			n -= v
		} else {
			n += v
		}
	}
	if n <= 0 || toRoman(n) != u {
		return 0, false // "IIII", "VX": not a numeral
	}
	return n, true
}

func toRoman(n int) string {
	var b strings.Builder
	for _, p := range []struct {
		v int
		s string
	}{{50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}} {
		for n >= p.v {
			b.WriteString(p.s)
			n -= p.v
		}
	}
	return b.String()
}

// openEndedWords are durations of a phase that has no end: the last one,
// usually ("Full launch — **Duration:** ongoing"); anywhere else the rules
// warn (time/open-ended-phase).
var openEndedWords = map[string]bool{
	"permanent": true, "ongoing": true, "indefinite": true, "open-ended": true, "open ended": true,
	"until complete": true, "forever": true, "continuous": true, "indefinitely": true,
	"until further notice": true, "until completion": true, "until done": true, "no end date": true,
	"perpetual": true,
}

// fullLaunchPhrases name a phase that reaches every user, as whole words in
// its heading or summary ("Full Launch", "Phase 4: Everywhere (All
// regions)"): the phase counts as a 100% step. In a task of the last phase
// ("Enable the flag for all users") they say the rollout reaches 100%
// (NamesFullLaunch). ("100%" needs no entry: a
// phase that writes it has that step already.)
var fullLaunchPhrases = [][]string{
	{"full", "launch"}, {"general", "availability"}, {"ga"}, {"everyone"},
	{"all", "users"}, {"all", "customers"}, {"all", "regions"}, {"all", "traffic"}, {"all", "tenants"},
	{"all", "accounts"}, {"all", "clusters"}, {"all", "markets"}, {"all", "devices"},
}

// NamesFullLaunch reports whether s names a launch to every user with one
// of the phrases above ("all users", "everyone", "GA").
func NamesFullLaunch(s string) bool { return isFullLaunch(s) }

// phaseLabelSynonyms maps the labels teams write in a phase to the
// template's: "**Success Criteria:**" is read as "**Exit Criteria:**",
// "**Timeline:** 1 week" as "**Duration:** 1 week". Unlike the template's
// own labels, a synonym is a label only with its colon ("Steps: ..."), as
// these are common words.
var phaseLabelSynonyms = map[string]string{
	"success criteria": "exit criteria", "completion criteria": "exit criteria", "acceptance criteria": "exit criteria",
	"go/no-go": "exit criteria", "go / no-go": "exit criteria", "go/no-go criteria": "exit criteria", "go-no-go": "exit criteria",
	"gate": "exit criteria", "gates": "exit criteria", "exit gate": "exit criteria", "exit gates": "exit criteria",
	"done when": "exit criteria", "definition of done": "exit criteria", "promotion criteria": "exit criteria",
	"exit conditions": "exit criteria", "criteria to proceed": "exit criteria", "exit criterion": "exit criteria",

	"timeline": "duration", "length": "duration", "timebox": "duration", "time box": "duration",
	"estimated duration": "duration", "expected duration": "duration", "planned duration": "duration",

	"steps": "tasks", "actions": "tasks", "activities": "tasks", "checklist": "tasks", "work items": "tasks",
	"to do": "tasks", "todo": "tasks", "action items": "tasks",
}

var phaseLabelNames = map[string]string{"duration": "Duration", "tasks": "Tasks", "exit criteria": "Exit Criteria"}

// phaseLabelSynonym matches a phase label line written with a synonym
// ("**Go/No-Go:**", "**Timeline**: 2 days", "- Steps:"): it returns the
// template's label ("duration", "tasks" or "exit criteria"), the label as
// written, and where the text after it starts.
func phaseLabelSynonym(line string) (canon, written string, rest int, ok bool) {
	i := skipRESpace(line, 0)
	i = skipEmphasisMarker(line, i)
	c := strings.IndexByte(line[i:], ':')
	if c <= 0 || c > 40 {
		return "", "", 0, false
	}
	name := strings.TrimSpace(line[i : i+c])
	name = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(name, "**"), "__"))
	canon, ok = phaseLabelSynonyms[strings.Join(strings.Fields(strings.ToLower(name)), " ")]
	if !ok {
		return "", "", 0, false
	}
	j := skipRESpace(line, i+c+1)
	j = skipEmphasisMarker(line, j)
	j = skipRESpace(line, j)
	if strings.IndexByte(line[j:], '\n') >= 0 {
		return "", "", 0, false
	}
	return canon, name, j, true
}

// ColumnName is the Success Metrics column a header cell is read as
// (Metric, Baseline, Target or Method; "Source" is Method), or "" for a
// column the table keeps under its own name.
func ColumnName(cell string) string {
	if c := columnByName(cell); c != "" {
		return columnNames[c]
	}
	return ""
}
