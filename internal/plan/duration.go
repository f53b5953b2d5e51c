package plan

import (
	"regexp"
	"strconv"
	"strings"
)

// Duration is a span of days as a plan writes it: "5 days", "1 week",
// "2-3 days", "6w". Ranges keep both ends; Max is what budgets use.
type Duration struct {
	Text string  `json:"text"`
	Min  float64 `json:"min_days"`
	Max  float64 `json:"max_days"`
	// OpenEnded is true for a phase that has no end ("ongoing",
	// "permanent"): it has no budget (Min and Max are 0) and is valid.
	OpenEnded bool `json:"open_ended,omitempty"`
	Pos       Pos  `json:"-"`
}

// IsZero reports whether no duration was written.
func (d Duration) IsZero() bool { return d.Text == "" }

// Valid reports whether the text parsed to a positive span.
func (d Duration) Valid() bool { return d.Max > 0 || d.OpenEnded }

// durationPattern accepts "5 days", "1 week", "2-3 days", "2 – 3 weeks",
// "10d", "6w", "1.5 weeks", "48 hours", "30 minutes", "2 business days"
// and the template generator's "2 week(s)", with an optional "(note)"
// after it ("2 days (48 hours)").
var durationPattern = regexp.MustCompile(`(?i)^\s*~?\s*(\d+(?:\.\d+)?)(?:\s*(?:-|–|—|to)\s*(\d+(?:\.\d+)?))?\s*(business\s+days?|business\s+day\(s\)|working\s+days?|working\s+day\(s\)|days?|day\(s\)|d|weeks?|week\(s\)|wks?|w|hours?|hour\(s\)|hrs?|h|minutes?|minute\(s\)|mins?|months?|month\(s\)|mo)\s*\.?\s*(?:\([^()\n]*\))?\s*\.?\s*$`)

// TimespanPattern is the stricter form the front matter's timeline takes.
// The JSON Schema carries the same expression.
const TimespanPattern = `^[1-9][0-9]*\s*(d|days?|w|weeks?)$`

var timespanRE = regexp.MustCompile(TimespanPattern)

// IsTimespan reports whether s is a valid front-matter timeline.
func IsTimespan(s string) bool { return timespanRE.MatchString(s) }

// ParseDuration reads a duration; ok is false when the text is not one.
func ParseDuration(text string) (Duration, bool) {
	d := Duration{Text: strings.TrimSpace(text)}
	if isOpenEnded(d.Text) {
		d.OpenEnded = true
		return d, true
	}
	m := durationPattern.FindStringSubmatch(text)
	if m == nil {
		return d, false
	}
	lo, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return d, false
	}
	hi := lo
	if m[2] != "" {
		if hi, err = strconv.ParseFloat(m[2], 64); err != nil {
			return d, false
		}
	}
	if hi < lo {
		lo, hi = hi, lo
	}
	unit := strings.ToLower(m[3])
	var perUnit float64
	switch {
	case strings.HasPrefix(unit, "business"), strings.HasPrefix(unit, "working"):
		perUnit = 7.0 / 5.0
	case strings.HasPrefix(unit, "d"):
		perUnit = 1
	case strings.HasPrefix(unit, "w"):
		perUnit = 7
	case strings.HasPrefix(unit, "h"):
		perUnit = 1.0 / 24
	case strings.HasPrefix(unit, "mi"):
		perUnit = 1.0 / (24 * 60)
	case strings.HasPrefix(unit, "mo"):
		perUnit = 30
	}
	d.Min, d.Max = lo*perUnit, hi*perUnit
	return d, d.Max > 0
}

// isOpenEnded reports whether a duration says the phase has no end:
// "ongoing", "Permanent.", "Permanent (monitoring continues)".
func isOpenEnded(text string) bool {
	t := strings.ToLower(strings.TrimSpace(text))
	if strings.HasSuffix(t, ")") {
		if i := strings.LastIndexByte(t, '('); i > 0 {
			t = t[:i]
		}
	}
	return openEndedWords[strings.TrimRight(t, ".,;:—–- ")]
}

// Days returns a whole-day count for budgeting and dates: the range's upper
// end, rounded up.
func (d Duration) Days() int {
	n := int(d.Max)
	if float64(n) < d.Max {
		n++
	}
	return n
}
