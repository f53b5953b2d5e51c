package charts

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// CalendarPlan is one plan's row on the portfolio calendar.
type CalendarPlan struct {
	Label string
	// URL is the plan page's address as the page links it.
	URL    string
	Phases []CalendarPhase
}

// CalendarPhase is one dated phase: both days are included, times are
// midnight UTC (as plan.Schedule gives them).
type CalendarPhase struct {
	Label      string
	Kind       plan.PhaseKind
	Start, End time.Time
}

// CalendarWeek is one week (Monday to Sunday) of the calendar's axis.
type CalendarWeek struct {
	Start time.Time
	// Rolling are the labels of the plans in a canary or ramp phase on
	// some day of the week, in row order; more than one makes the week
	// busy.
	Rolling []string
}

// Busy reports whether more than one plan rolls out (canary or ramp)
// during the week.
func (w CalendarWeek) Busy() bool { return len(w.Rolling) > 1 }

// CalendarWeeks is the calendar's axis: every week from the Monday on or
// before the first phase's start to the week of the last phase's end. It
// is nil when no plan has a dated phase.
func CalendarWeeks(plans []CalendarPlan) []CalendarWeek {
	first, last, ok := calendarSpan(plans)
	if !ok {
		return nil
	}
	monday := first.AddDate(0, 0, -weekday(first))
	n := int(last.Sub(monday).Hours()/24)/7 + 1
	weeks := make([]CalendarWeek, n)
	for i := range weeks {
		weeks[i].Start = monday.AddDate(0, 0, 7*i)
	}
	for _, p := range plans {
		seen := map[int]bool{}
		for _, ph := range p.Phases {
			if ph.Kind != plan.PhaseCanary && ph.Kind != plan.PhaseRamp || ph.End.Before(ph.Start) {
				continue
			}
			for w := weekIndex(monday, ph.Start); w <= weekIndex(monday, ph.End); w++ {
				if !seen[w] {
					seen[w] = true
					weeks[w].Rolling = append(weeks[w].Rolling, p.Label)
				}
			}
		}
	}
	return weeks
}

func calendarSpan(plans []CalendarPlan) (first, last time.Time, ok bool) {
	for _, p := range plans {
		for _, ph := range p.Phases {
			if ph.End.Before(ph.Start) {
				continue
			}
			if !ok || ph.Start.Before(first) {
				first = ph.Start
			}
			if !ok || ph.End.After(last) {
				last = ph.End
			}
			ok = true
		}
	}
	return first, last, ok
}

// weekday counts days from Monday: 0 for a Monday, 6 for a Sunday.
func weekday(t time.Time) int { return (int(t.Weekday()) + 6) % 7 }

func daysBetween(from, to time.Time) int { return int(to.Sub(from).Hours() / 24) }

func weekIndex(monday, t time.Time) int { return daysBetween(monday, t) / 7 }

// The calendar's sizes in CSS pixels. Unlike the phase timeline it does not
// stretch: a week keeps its width so a long portfolio scrolls sideways on a
// phone (its container does) instead of squeezing months into a few pixels.
// Print scales it to the page through the viewBox.
const (
	// calFitWidth is about the page's content width on a desktop: a
	// portfolio of a few months widens its days to fill it (up to 12 px a
	// day), a longer one keeps 4 px a day and scrolls.
	calFitWidth  = 1100
	calAxisH     = 54
	calRowH      = 40
	calBarY      = 20 // within a row
	calBarH      = 14
	calPadBottom = 20 // room for the today marker's label
)

// calendarKinds are the kinds the calendar tells apart, in legend order.
var calendarKinds = []plan.PhaseKind{plan.PhaseInternal, plan.PhaseCanary, plan.PhaseRamp, plan.PhaseLaunch}

// Calendar draws the portfolio calendar: one row per plan, each phase a bar
// on a shared axis of weeks, filled by kind (a pattern as well as a
// colour: internal testing is an outline, the canary striped, the ramp
// solid, the launch dotted), weeks where more than one plan is in a
// canary or ramp phase hatched across every row and marked on the axis,
// and a legend that names each fill in words. Plan names link to their
// pages. The SVG carries its first day and day width as data attributes
// (data-axis-start, data-day-width) so the page's script can mark today:
// the markup does not depend on the day it is built. id must be unique on
// the page; it prefixes the SVG's ids. It returns "" when no plan has a
// dated phase.
func Calendar(id string, plans []CalendarPlan) string {
	weeks := CalendarWeeks(plans)
	if weeks == nil {
		return ""
	}
	// A day is a whole number of pixels so every bar and week line falls
	// on the same grid.
	dayW := min(max(4, calFitWidth/(7*len(weeks))), 12)
	weekW := 7 * dayW
	width := weekW * len(weeks)
	var rows []CalendarPlan
	for _, p := range plans {
		if len(datedPhases(p)) > 0 {
			rows = append(rows, p)
		}
	}
	height := calAxisH + calRowH*len(rows) + calPadBottom
	monday := weeks[0].Start
	x := func(t time.Time) int { return daysBetween(monday, t) * dayW }

	var b strings.Builder
	b.Grow(2000 + 400*len(weeks) + 600*len(rows))
	b.WriteString(`<figure class="calendar-figure">`)
	writeCalendarLegend(&b, id)
	// The frame scrolls on a narrow screen, so it takes the keyboard focus
	// (arrow keys scroll it) and has a name.
	b.WriteString(`<section class="calendar-scroll" tabindex="0" aria-label="Calendar, scrolls sideways">`)
	fmt.Fprintf(&b, `<svg class="calendar" id="%s" role="group" width="%d" height="%d" viewBox="0 0 %d %d" aria-labelledby="%s-title %s-desc" data-axis-start="%s" data-day-width="%d">`,
		id, width, height, width, height, id, id, monday.Format(time.DateOnly), dayW)
	fmt.Fprintf(&b, `<title id="%s-title">Rollout calendar</title>`, id)
	fmt.Fprintf(&b, `<desc id="%s-desc">%s</desc>`, id, esc(calendarSummary(rows, weeks)))
	writeCalendarPatterns(&b, id)

	// Weeks: alternate shading, busy weeks hatched down every row.
	b.WriteString(`<g class="cal-weeks" aria-hidden="true">`)
	for i, w := range weeks {
		cls := "cal-week"
		if i%2 == 1 {
			cls += " odd"
		}
		fmt.Fprintf(&b, `<rect class="%s" x="%d" y="%d" width="%d" height="%d"/>`, cls, i*weekW, calAxisH-6, weekW, height-calAxisH+6)
		if w.Busy() {
			fmt.Fprintf(&b, `<rect class="cal-busy" x="%d" y="%d" width="%d" height="%d" fill="url(#%s-busy)"/>`, i*weekW, calAxisH-6, weekW, height-calAxisH+6, id)
		}
	}
	b.WriteString(`</g>`)

	// The axis: the month where it begins, each Monday's day of the month,
	// and a mark over busy weeks.
	b.WriteString(`<g class="cal-axis" aria-hidden="true">`)
	month := time.Month(0)
	for i, w := range weeks {
		wx := i * weekW
		if w.Start.Month() != month {
			month = w.Start.Month()
			label := w.Start.Format("Jan")
			if i == 0 || month == time.January {
				label = w.Start.Format("Jan 2006")
			}
			fmt.Fprintf(&b, `<text class="cal-month" x="%d" y="12">%s</text>`, wx+2, label)
			fmt.Fprintf(&b, `<line class="cal-month-line" x1="%d" y1="0" x2="%d" y2="%d"/>`, wx, wx, height)
		}
		cls := "cal-day"
		if w.Busy() {
			cls += " busy"
		}
		fmt.Fprintf(&b, `<text class="%s" x="%d" y="28">%d</text>`, cls, wx+2, w.Start.Day())
		if w.Busy() {
			fmt.Fprintf(&b, `<text class="cal-busy-mark" x="%d" y="44" text-anchor="middle">%d×</text>`, wx+weekW/2, len(w.Rolling))
		}
	}
	b.WriteString(`</g>`)

	b.WriteString(`<g class="cal-rows">`)
	for r, p := range rows {
		y := calAxisH + r*calRowH
		phases := datedPhases(p)
		from, to := x(phases[0].Start), x(phases[len(phases)-1].End)+dayW
		fmt.Fprintf(&b, `<line class="cal-row-line" x1="0" y1="%d" x2="%d" y2="%d" aria-hidden="true"/>`, y+calRowH, width, y+calRowH)
		// The name starts over the plan's first bar, so a reader scrolled
		// to a date sees whose bars they are; near the right edge it ends
		// at the last bar instead.
		anchor, tx := "", from
		if from > width-180 && to-180 >= 0 {
			anchor, tx = ` text-anchor="end"`, to
		}
		// data-from and data-to let the page's script keep the name in
		// view while the calendar scrolls sideways across the plan.
		fmt.Fprintf(&b, `<a href="%s"><text class="cal-plan" x="%d" y="%d"%s data-from="%d" data-to="%d">%s</text></a>`, esc(p.URL), tx, y+14, anchor, from, to, esc(p.Label))
		for _, ph := range phases {
			bx, bw := x(ph.Start), (daysBetween(ph.Start, ph.End)+1)*dayW
			kind := kindClass(ph.Kind)
			fill := ""
			if ph.Kind == plan.PhaseCanary || ph.Kind == plan.PhaseLaunch {
				fill = fmt.Sprintf(` fill="url(#%s-%s)"`, id, kind)
			}
			fmt.Fprintf(&b, `<rect class="cal-bar kind-%s" x="%d" y="%d" width="%d" height="%d" rx="2"%s><title>%s</title></rect>`,
				kind, bx, y+calBarY, bw, calBarH, fill, esc(phaseWords(p.Label, ph)))
		}
	}
	b.WriteString(`</g>`)
	// Today: placed and shown by the page's script.
	fmt.Fprintf(&b, `<g class="cal-today" visibility="hidden" aria-hidden="true"><line x1="0" y1="%d" x2="0" y2="%d"/><text x="0" y="%d">Today</text></g>`, calAxisH-6, height-calPadBottom+4, height-5)
	b.WriteString(`</svg></section></figure>`)
	return b.String()
}

// datedPhases are the phases with a start not after their end.
func datedPhases(p CalendarPlan) []CalendarPhase {
	var out []CalendarPhase
	for _, ph := range p.Phases {
		if !ph.End.Before(ph.Start) {
			out = append(out, ph)
		}
	}
	return out
}

// kindClass is the CSS class suffix for a kind; a kind the calendar does
// not know draws as "other".
func kindClass(k plan.PhaseKind) string {
	for _, known := range calendarKinds {
		if k == known {
			return string(k)
		}
	}
	return "other"
}

// KindLabel names a phase kind in words ("gradual rollout").
func KindLabel(k plan.PhaseKind) string {
	if l, ok := plan.PhaseKindLabels[k]; ok {
		return l
	}
	return "phase"
}

// phaseWords is a bar's tooltip: the plan, the phase, its kind and dates.
func phaseWords(planLabel string, ph CalendarPhase) string {
	return fmt.Sprintf("%s: %s (%s), %s", planLabel, ph.Label, KindLabel(ph.Kind), DateSpan(ph.Start, ph.End))
}

// DateSpan is "Mar 2 – Mar 8", "Mar 2" for one day, with the year on the
// first date when the span crosses a new year.
func DateSpan(from, to time.Time) string {
	if from.Equal(to) {
		return from.Format("Jan 2")
	}
	if from.Year() != to.Year() {
		return from.Format("Jan 2, 2006") + " – " + to.Format("Jan 2, 2006")
	}
	return from.Format("Jan 2") + " – " + to.Format("Jan 2")
}

// calendarSummary is the SVG's description: its span, its rows and the
// busy weeks, in words.
func calendarSummary(rows []CalendarPlan, weeks []CalendarWeek) string {
	last := weeks[len(weeks)-1].Start.AddDate(0, 0, 6)
	s := fmt.Sprintf("%d %s with dates, weeks of %s to %s.", len(rows), plural(len(rows), "plan", "plans"),
		weeks[0].Start.Format("Jan 2, 2006"), last.Format("Jan 2, 2006"))
	var busy []string
	for _, w := range weeks {
		if w.Busy() {
			busy = append(busy, "week of "+w.Start.Format("Jan 2")+" ("+strings.Join(w.Rolling, ", ")+")")
		}
	}
	if len(busy) == 0 {
		return s + " No week has more than one plan in a canary or ramp phase."
	}
	return s + " More than one plan in a canary or ramp phase: " + strings.Join(busy, "; ") + "."
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// writeCalendarPatterns defines the fills: stripes for the canary, dots
// for the launch, a hatch for busy weeks. Their colours come from CSS.
func writeCalendarPatterns(b *strings.Builder, id string) {
	b.WriteString(`<defs>`)
	fmt.Fprintf(b, `<pattern id="%s-canary" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect class="pat-canary-bg" width="6" height="6"/><rect class="pat-canary-fg" width="3" height="6"/></pattern>`, id)
	fmt.Fprintf(b, `<pattern id="%s-launch" width="5" height="5" patternUnits="userSpaceOnUse"><rect class="pat-launch-bg" width="5" height="5"/><circle class="pat-launch-fg" cx="2.5" cy="2.5" r="1.1"/></pattern>`, id)
	fmt.Fprintf(b, `<pattern id="%s-busy" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)"><rect class="pat-busy-bg" width="8" height="8"/><rect class="pat-busy-fg" width="2" height="8"/></pattern>`, id)
	b.WriteString(`</defs>`)
}

// writeCalendarLegend names every fill in words beside a swatch drawn with
// it: the legend does not ask the reader to tell colours apart.
func writeCalendarLegend(b *strings.Builder, id string) {
	b.WriteString(`<figcaption class="calendar-legend"><span class="visually-hidden">Legend: </span><ul>`)
	for _, k := range calendarKinds {
		kind := string(k)
		fill := ""
		if k == plan.PhaseCanary || k == plan.PhaseLaunch {
			fill = fmt.Sprintf(` fill="url(#%s-%s)"`, id, kind)
		}
		fmt.Fprintf(b, `<li><svg class="swatch" width="28" height="14" aria-hidden="true" focusable="false"><rect class="cal-bar kind-%s" x="1" y="1" width="26" height="12" rx="2"%s/></svg>%s</li>`,
			kind, fill, esc(describeKind(k)))
	}
	fmt.Fprintf(b, `<li><svg class="swatch" width="28" height="14" aria-hidden="true" focusable="false"><rect class="cal-busy" x="1" y="1" width="26" height="12" fill="url(#%s-busy)"/></svg>hatched week, “2×” on the axis: more than one plan in a canary or ramp phase</li>`, id)
	b.WriteString(`<li class="legend-today" hidden><svg class="swatch" width="28" height="14" aria-hidden="true" focusable="false"><line class="cal-today-line" x1="14" y1="0" x2="14" y2="14"/></svg>today</li>`)
	b.WriteString(`</ul></figcaption>`)
}

func describeKind(k plan.PhaseKind) string {
	switch k {
	case plan.PhaseInternal:
		return "outline: internal testing"
	case plan.PhaseCanary:
		return "striped: canary"
	case plan.PhaseRamp:
		return "solid: gradual rollout (ramp)"
	case plan.PhaseLaunch:
		return "dotted: full launch"
	}
	return strconv.Quote(string(k))
}
