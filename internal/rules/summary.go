package rules

import (
	"regexp"
	"strings"

	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// summaryDuration finds a length of time in a phase's summary line, said
// as one: "for 2 weeks", "over 3-5 days", "a 2-week canary", "(10 days)".
// A number of days on its own ("within 3 days of an alert") is not read.
var summaryDuration = regexp.MustCompile(`(?i)(?:\b(?:for|over|across|during|lasting|spanning|about)\s+(?:about\s+|~\s*)?|\(\s*)(\d+(?:\.\d+)?(?:\s*(?:-|–|—|to)\s*\d+(?:\.\d+)?)?\s*(?:business\s+days?|working\s+days?|days?|weeks?|hours?|months?))\b|\b(\d+)-(day|week|hour|month)\b`)

// checkSummaryDuration reports a phase whose summary says one length and
// whose **Duration:** another ("Dogfood for 2 weeks" over "Duration: 3
// days"). Spans agree when they overlap: "1 week" and "5 business days",
// "2-3 days" and "3 days". A summary naming two lengths is not judged.
func checkSummaryDuration(c *checker) {
	if !c.bodyParsed() {
		return
	}
	for i := range c.p.Phases {
		ph := &c.p.Phases[i]
		if ph.Summary == "" || !ph.Duration.Valid() || !strings.ContainsAny(ph.Summary, "0123456789") {
			continue
		}
		ms := summaryDuration.FindAllStringSubmatch(ph.Summary, 3)
		if len(ms) != 1 {
			continue
		}
		said := ms[0][1]
		if said == "" {
			said = ms[0][2] + " " + ms[0][3] + "s"
		}
		d, ok := plan.ParseDuration(said)
		if !ok {
			continue
		}
		const eps = 1e-9
		if d.Max+eps >= ph.Duration.Min && ph.Duration.Max+eps >= d.Min {
			continue
		}
		pos := ph.SummaryPos
		if pos.IsZero() {
			pos = ph.Pos
		}
		c.warnf(c.src.locate(pos, strings.TrimSpace(ms[0][0])), RuleSummaryDuration,
			"make them agree: change the summary or the **Duration:** line, whichever is wrong",
			"the summary of %s says %q but its duration is %s", phaseName(ph), strings.TrimSpace(said), ph.Duration.Text)
	}
}
