// Package charts draws a plan's phase timeline and rollout curve for its
// page. Both keep their text at the page's own size at every width: the
// timeline is an HTML list whose rows carry each phase's name, state and
// dates as text beside a bar, and the curve is an SVG whose horizontal
// coordinates are percentages (so it stretches with the page) while its
// labels stay in CSS pixels. Neither scales its text with the drawing, so
// labels are not cut short on a desktop nor shrunk to a few pixels on a
// phone. Colours come from CSS classes (so the dark scheme and print styles
// apply), and every piece of text is escaped.
package charts

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
	"time"
)

// Phase is what the charts need to know about one phase.
type Phase struct {
	Label string
	// Days is the phase's length; 0 when unknown.
	Days int
	// OpenEnded is a phase with no end ("ongoing"): it takes no days, and
	// the phases after it never start, so they get no dates.
	OpenEnded bool
	// Percentages are the rollout steps reached during the phase, in order.
	Percentages []float64
	// State is "done", "active" or "todo"; it picks the bar's class.
	State string
	// StateLabel names the state in words ("Done", "In progress", "Not
	// started"), so a reader need not tell states apart by colour.
	StateLabel string
}

// Sizes in CSS pixels. Only heights and the curve's label positions are
// fixed; widths are percentages of the space the page gives the chart.
const (
	barHeight = 14
	// minBar is the narrowest bar drawn, so a one-day phase in a year-long
	// plan, or a phase without a length, still shows.
	minBar     = 6
	axisHeight = 26
)

// span is a phase's place on the chart's axis, in days from the start.
type span struct{ from, days int }

// layout places the phases one after another. Phases without a length take
// no time, as they do in the dates the pages print; when no phase has a
// length, each gets one day so the bars still show the order.
func layout(phases []Phase) (spans []span, total int) {
	for _, p := range phases {
		total += max(p.Days, 0)
	}
	equal := total == 0
	if equal {
		total = len(phases)
	}
	day := 0
	for _, p := range phases {
		d := max(p.Days, 0)
		if equal {
			d = 1
		}
		spans = append(spans, span{day, d})
		day += d
	}
	return spans, total
}

// Timeline lays out one row per phase: the phase's name, its state in
// words and its dates (or length) as HTML text, and a bar on a shared axis
// of days, or of dates when start is a valid YYYY-MM-DD. The bars are
// decoration (aria-hidden); the list says everything they show.
func Timeline(phases []Phase, start string) string {
	if len(phases) == 0 {
		return ""
	}
	startDay, hasStart := parseDate(start)
	spans, total := layout(phases)
	pct := func(d int) float64 { return float64(d) * 100 / float64(total) }
	// After an open-ended phase no date is true: the axis counts days.
	datedAxis := hasStart && datesHold(phases)
	endless := false // an open-ended phase came before this one

	var b strings.Builder
	b.Grow(300 + 700*len(phases)) // about what a row takes: no copying as it grows
	b.WriteString(`<div class="timeline">`)
	b.WriteString(`<ol class="timeline-rows">`)
	for i, p := range phases {
		s := spans[i]
		state := stateClass(p.State)
		fmt.Fprintf(&b, `<li class="timeline-row state-%s">`, state)
		fmt.Fprintf(&b, `<span class="timeline-label"><span class="timeline-name">%s</span> <span class="timeline-meta">`, esc(p.Label))
		if p.StateLabel != "" {
			fmt.Fprintf(&b, `<span class="state-label">%s</span> · `, esc(p.StateLabel))
		}
		b.WriteString(esc(when(p, s, startDay, hasStart && !endless, endless)))
		b.WriteString(`</span></span>`)
		endless = endless || p.OpenEnded
		fmt.Fprintf(&b, `<svg class="timeline-track" width="100%%" height="%d" aria-hidden="true" focusable="false">`, barHeight)
		fmt.Fprintf(&b, `<rect class="track" width="100%%" height="%d" rx="3"/>`, barHeight)
		x, w := pct(s.from), pct(s.days)
		fmt.Fprintf(&b, `<rect class="bar %s" x="%s%%" width="%s%%" height="%d" rx="3"/>`, state, num(x), num(w), barHeight)
		if w < 2 {
			// Percentages cannot say "at least 6px": a second bar can.
			fmt.Fprintf(&b, `<rect class="bar %s" x="%s%%" width="%d" height="%d" rx="3"/>`, state, num(x), minBar, barHeight)
		}
		b.WriteString(`</svg></li>`)
	}
	b.WriteString(`</ol>`)
	if !equalSlots(phases) {
		b.WriteString(`<div class="timeline-axis-row"><span class="timeline-label"></span>`)
		fmt.Fprintf(&b, `<svg class="timeline-axis" width="100%%" height="%d" aria-hidden="true" focusable="false">`, axisHeight)
		b.WriteString(`<line class="axis" x1="0" y1="0.5" x2="100%" y2="0.5"/>`)
		for i, t := range ticks(total) {
			x := pct(t)
			label := "day " + strconv.Itoa(t)
			if datedAxis {
				label = startDay.AddDate(0, 0, t).Format("Jan 2")
			}
			fmt.Fprintf(&b, `<line class="tick" x1="%[1]s%%" y1="0" x2="%[1]s%%" y2="5"/>`, num(x))
			fmt.Fprintf(&b, `<text class="tick-label%s" x="%s%%" y="19">%s</text>`, tickClass(i, x), num(x), esc(label))
		}
		b.WriteString(`</svg></div>`)
	}
	b.WriteString(`</div>`)
	return b.String()
}

// datesHold reports whether dates can be given all along the axis: no
// phase but the last is open-ended (one that never ends, so the phases
// after it never start).
func datesHold(phases []Phase) bool {
	for i, p := range phases {
		if p.OpenEnded && i < len(phases)-1 {
			return false
		}
	}
	return true
}

// equalSlots reports whether no phase has a length, so the axis would
// count made-up days and is left out.
func equalSlots(phases []Phase) bool {
	for _, p := range phases {
		if p.Days > 0 {
			return false
		}
	}
	return true
}

// when says where a phase sits in time, in words: its dates and length,
// its length alone without a start date (or after an open-ended phase,
// which it never follows into time), that it has no end, or that the
// length is missing.
func when(p Phase, s span, startDay time.Time, hasStart, afterOpenEnded bool) string {
	if p.OpenEnded {
		return "open-ended"
	}
	if p.Days <= 0 {
		return "length not given"
	}
	length := strconv.Itoa(p.Days) + " days"
	if p.Days == 1 {
		length = "1 day"
	}
	if afterOpenEnded {
		return length + ", after an open-ended phase"
	}
	if !hasStart {
		return length
	}
	first := startDay.AddDate(0, 0, s.from).Format("Jan 2")
	if p.Days == 1 {
		return first + " (" + length + ")"
	}
	last := startDay.AddDate(0, 0, s.from+p.Days-1).Format("Jan 2")
	return first + " – " + last + " (" + length + ")"
}

// tickClass adds to the i-th axis label at x percent of the width: "start"
// or "end" keeps the labels at the ends of the axis inside the chart (the
// first starts at its tick, one near the right edge ends at it), and
// "minor" marks every other label, which the stylesheet hides where the
// chart is too narrow for them all.
func tickClass(i int, x float64) string {
	c := ""
	switch {
	case x <= 0:
		c = " start"
	case x >= 92:
		c = " end"
	}
	if i%2 == 1 {
		c += " minor"
	}
	return c
}

// The curve's fixed heights, in CSS pixels.
const (
	curveTop    = 10
	curvePlotH  = 160
	curveHeight = curveTop + curvePlotH + 30
	// plotUnits is the inner drawing's coordinate range on both axes; it
	// is stretched to the plot's size, so it only sets the precision.
	plotUnits = 1000
)

// Curve draws the share of users exposed over time: each phase's
// percentages spread evenly across its days, held until the next step. It
// returns "" when no phase names a percentage. id must be unique on the
// page; it names the title and description elements.
func Curve(id string, phases []Phase, start string) string {
	type point struct{ day, pct float64 }
	if !datesHold(phases) {
		start = "" // no dates after an open-ended phase: count days
	}
	spans, totalDays := layout(phases)
	var pts []point
	for i, p := range phases {
		s := spans[i]
		for j, v := range p.Percentages {
			at := float64(s.from) + float64(s.days)*float64(j)/float64(len(p.Percentages))
			pts = append(pts, point{at, min(max(v, 0), 100)})
		}
	}
	if len(pts) == 0 {
		return ""
	}
	total := float64(totalDays)
	startDay, hasStart := parseDate(start)
	xPct := func(d float64) float64 { return d / total * 100 }
	yPx := func(p float64) float64 { return curveTop + (100-p)/100*curvePlotH }
	xu := func(d float64) float64 { return d / total * plotUnits }
	yu := func(p float64) float64 { return (100 - p) / 100 * plotUnits }

	var b strings.Builder
	b.Grow(1200 + 120*len(pts))
	fmt.Fprintf(&b, `<svg class="chart curve" width="100%%" height="%d" role="img" aria-labelledby="%s-title %s-desc">`, curveHeight, id, id)
	fmt.Fprintf(&b, `<title id="%s-title">Rollout curve</title>`, id)
	var desc []string
	for _, p := range pts {
		desc = append(desc, fmt.Sprintf("%s%% by %s", trimFloat(p.pct), dayLabel(p.day, startDay, hasStart)))
	}
	fmt.Fprintf(&b, `<desc id="%s-desc">Share of users exposed: %s.</desc>`, id, esc(strings.Join(desc, ", ")))
	for _, g := range []float64{0, 25, 50, 75, 100} {
		fmt.Fprintf(&b, `<line class="grid" x1="0" y1="%[1]s" x2="100%%" y2="%[1]s"/>`, num(yPx(g)))
		fmt.Fprintf(&b, `<text class="tick-label y" x="-8" y="%s">%s%%</text>`, num(yPx(g)+4), trimFloat(g))
	}
	// A step line: flat until the next step, then up. Drawn in its own
	// coordinates and stretched to the plot; the stroke keeps its width.
	var path strings.Builder
	fmt.Fprintf(&path, "M0 %s", num(yu(0)))
	for _, p := range pts {
		fmt.Fprintf(&path, " H%s V%s", num(xu(p.day)), num(yu(p.pct)))
	}
	fmt.Fprintf(&path, " H%d", plotUnits)
	fmt.Fprintf(&b, `<svg class="plot" y="%d" width="100%%" height="%d" viewBox="0 0 %d %d" preserveAspectRatio="none">`, curveTop, curvePlotH, plotUnits, plotUnits)
	fmt.Fprintf(&b, `<path class="area" d="%s V%d H0 Z"/>`, path.String(), plotUnits)
	fmt.Fprintf(&b, `<path class="line" d="%s" vector-effect="non-scaling-stroke"/>`, path.String())
	b.WriteString(`</svg>`)
	for _, p := range pts {
		fmt.Fprintf(&b, `<circle class="dot" cx="%s%%" cy="%s" r="4"/>`, num(xPct(p.day)), num(yPx(p.pct)))
	}
	if !equalSlots(phases) { // else the days are made up: no axis to label
		for i, t := range ticks(totalDays) {
			x := xPct(float64(t))
			fmt.Fprintf(&b, `<text class="tick-label%s" x="%s%%" y="%d">%s</text>`, tickClass(i, x), num(x), curveTop+curvePlotH+20, esc(dayLabel(float64(t), startDay, hasStart)))
		}
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// dayLabel names the day nearest to d: a step spread across a phase can
// fall between two.
func dayLabel(d float64, startDay time.Time, hasStart bool) string {
	day := int(math.Round(d))
	if hasStart {
		return startDay.AddDate(0, 0, day).Format("Jan 2")
	}
	return "day " + strconv.Itoa(day)
}

// ticks picks about six round day numbers from 0 to total.
func ticks(total int) []int {
	if total <= 0 {
		return []int{0}
	}
	step := 1
	for _, s := range []int{1, 2, 5, 7, 14, 28, 30, 60, 90, 180, 365} {
		step = s
		if total/s <= 6 {
			break
		}
	}
	var t []int
	for d := 0; d <= total; d += step {
		t = append(t, d)
	}
	return t
}

func stateClass(s string) string {
	switch s {
	case "done", "active":
		return s
	}
	return "todo"
}

func parseDate(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

func esc(s string) string { return html.EscapeString(s) }

// num formats a coordinate with at most one decimal, so output is short and
// identical on every platform.
func num(f float64) string { return strconv.FormatFloat(float64(int64(f*10+0.5))/10, 'f', -1, 64) }

func trimFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
