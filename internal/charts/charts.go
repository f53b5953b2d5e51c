// Package charts draws a plan's phase timeline and rollout curve as inline
// SVG. The drawings carry a <title> and <desc> for screen readers, take
// their colours from CSS classes (so the dark scheme and print styles apply),
// and escape every piece of text they contain.
package charts

import (
	"fmt"
	"html"
	"strconv"
	"strings"
	"time"
)

// Phase is what the charts need to know about one phase.
type Phase struct {
	Label string
	// Days is the phase's length; 0 when unknown.
	Days int
	// Percentages are the rollout steps reached during the phase, in order.
	Percentages []float64
	// State is "done", "active" or "todo"; it picks the bar's class.
	State string
}

const (
	width      = 720
	labelWidth = 250
	rowHeight  = 30
	barHeight  = 18
	topPad     = 8
	axisHeight = 28
)

// Timeline draws one bar per phase along a shared axis of days (or dates,
// when start is a valid YYYY-MM-DD). Phases without a duration get a
// one-day sliver so they still show. id must be unique on the page; it
// names the title and description elements.
func Timeline(id string, phases []Phase, start string) string {
	if len(phases) == 0 {
		return ""
	}
	startDay, hasStart := parseDate(start)
	total := 0
	for _, p := range phases {
		total += max(p.Days, 1)
	}
	plotW := float64(width - labelWidth - 16)
	scale := plotW / float64(total)
	height := topPad + len(phases)*rowHeight + axisHeight

	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart timeline" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-title %s-desc" preserveAspectRatio="xMinYMin meet">`, width, height, id, id)
	fmt.Fprintf(&b, `<title id="%s-title">Phase timeline</title>`, id)
	fmt.Fprintf(&b, `<desc id="%s-desc">%s</desc>`, id, esc(timelineText(phases, startDay, hasStart)))
	day := 0
	for i, p := range phases {
		y := topPad + i*rowHeight
		x := labelWidth + float64(day)*scale
		w := max(float64(max(p.Days, 1))*scale, 2)
		fmt.Fprintf(&b, `<text class="label" x="%d" y="%d">%s</text>`, labelWidth-8, y+barHeight-4, esc(truncate(p.Label, 30)))
		fmt.Fprintf(&b, `<rect class="bar %s" x="%s" y="%d" width="%s" height="%d" rx="3"/>`, stateClass(p.State), num(x), y, num(w), barHeight)
		day += max(p.Days, 1)
	}
	axisY := topPad + len(phases)*rowHeight + 4
	fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`, labelWidth, axisY, width-16, axisY)
	for _, t := range ticks(total) {
		x := labelWidth + float64(t)*scale
		label := "day " + strconv.Itoa(t)
		if hasStart {
			label = startDay.AddDate(0, 0, t).Format("Jan 2")
		}
		fmt.Fprintf(&b, `<line class="tick" x1="%s" y1="%d" x2="%s" y2="%d"/>`, num(x), axisY, num(x), axisY+4)
		fmt.Fprintf(&b, `<text class="tick-label" x="%s" y="%d">%s</text>`, num(x), axisY+18, esc(label))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// Curve draws the share of users exposed over time: each phase's
// percentages spread evenly across its days, held until the next step.
// It returns "" when no phase names a percentage.
func Curve(id string, phases []Phase, start string) string {
	type point struct{ day, pct float64 }
	var pts []point
	day := 0.0
	for _, p := range phases {
		d := float64(max(p.Days, 1))
		for i, v := range p.Percentages {
			pts = append(pts, point{day + d*float64(i)/float64(len(p.Percentages)), min(max(v, 0), 100)})
		}
		day += d
	}
	if len(pts) == 0 {
		return ""
	}
	total := day
	startDay, hasStart := parseDate(start)
	const left, right, top, bottom = 44, 16, 12, 30
	const h = 220
	plotW := float64(width - left - right)
	plotH := float64(h - top - bottom)
	x := func(d float64) float64 { return left + d/total*plotW }
	y := func(p float64) float64 { return top + (100-p)/100*plotH }

	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart curve" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-title %s-desc" preserveAspectRatio="xMinYMin meet">`, width, h, id, id)
	fmt.Fprintf(&b, `<title id="%s-title">Rollout curve</title>`, id)
	var desc []string
	for _, p := range pts {
		desc = append(desc, fmt.Sprintf("%s%% by %s", trimFloat(p.pct), dayLabel(p.day, startDay, hasStart)))
	}
	fmt.Fprintf(&b, `<desc id="%s-desc">Share of users exposed: %s.</desc>`, id, esc(strings.Join(desc, ", ")))
	for _, g := range []float64{0, 25, 50, 75, 100} {
		fmt.Fprintf(&b, `<line class="grid" x1="%d" y1="%s" x2="%d" y2="%s"/>`, left, num(y(g)), width-right, num(y(g)))
		fmt.Fprintf(&b, `<text class="tick-label y" x="%d" y="%s">%s%%</text>`, left-6, num(y(g)+4), trimFloat(g))
	}
	// A step line: flat until the next step, then up.
	var path strings.Builder
	fmt.Fprintf(&path, "M%s %s", num(x(0)), num(y(0)))
	last := 0.0
	for _, p := range pts {
		fmt.Fprintf(&path, " H%s V%s", num(x(p.day)), num(y(p.pct)))
		last = p.pct
	}
	fmt.Fprintf(&path, " H%s", num(x(total)))
	fmt.Fprintf(&b, `<path class="area" d="%s V%s H%s Z"/>`, path.String(), num(y(0)), num(x(0)))
	fmt.Fprintf(&b, `<path class="line" d="%s"/>`, path.String())
	for _, p := range pts {
		fmt.Fprintf(&b, `<circle class="dot" cx="%s" cy="%s" r="3.5"/>`, num(x(p.day)), num(y(p.pct)))
	}
	_ = last
	axisY := top + int(plotH)
	for _, t := range ticks(int(total)) {
		fmt.Fprintf(&b, `<text class="tick-label" x="%s" y="%d">%s</text>`, num(x(float64(t))), axisY+20, esc(dayLabel(float64(t), startDay, hasStart)))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

func timelineText(phases []Phase, startDay time.Time, hasStart bool) string {
	var parts []string
	day := 0
	for _, p := range phases {
		span := "length not given"
		if p.Days > 0 {
			span = fmt.Sprintf("%d days", p.Days)
			if p.Days == 1 {
				span = "1 day"
			}
			if hasStart {
				span += fmt.Sprintf(", %s to %s", startDay.AddDate(0, 0, day).Format("Jan 2"), startDay.AddDate(0, 0, day+p.Days-1).Format("Jan 2"))
			}
		}
		parts = append(parts, fmt.Sprintf("%s: %s", p.Label, span))
		day += max(p.Days, 1)
	}
	return strings.Join(parts, "; ") + "."
}

func dayLabel(d float64, startDay time.Time, hasStart bool) string {
	if hasStart {
		return startDay.AddDate(0, 0, int(d)).Format("Jan 2")
	}
	return "day " + trimFloat(d)
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

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func esc(s string) string { return html.EscapeString(s) }

// num formats a coordinate with at most one decimal, so output is short and
// identical on every platform.
func num(f float64) string { return strconv.FormatFloat(float64(int64(f*10+0.5))/10, 'f', -1, 64) }

func trimFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
