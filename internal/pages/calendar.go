package pages

import (
	"cmp"
	"slices"
	"time"

	"github.com/rolloutdocs/rolloutdocs/internal/charts"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// LayoutCalendar is the portfolio calendar's layout.
const LayoutCalendar = "calendar"

// CalendarURL is the path of the portfolio calendar.
const CalendarURL = "calendar/"

// CalendarEntry is what one plan puts on the portfolio calendar and the
// index's "rolling out this week" strip: its dated phases. Phases is nil
// for a plan without start (or whose phases have no length): the calendar
// lists it under "no dates yet".
type CalendarEntry struct {
	Slug, Title, URL, Status string
	Phases                   []CalendarPhase
}

// CalendarPhase is one dated phase of a CalendarEntry.
type CalendarPhase struct {
	Name, URL string
	Kind      plan.PhaseKind
	// Start and End are YYYY-MM-DD, both days included.
	Start, End string
}

// Equal reports whether two entries put the same on the calendar.
func (e CalendarEntry) Equal(o CalendarEntry) bool {
	return e.Slug == o.Slug && e.Title == o.Title && e.URL == o.URL && e.Status == o.Status && slices.Equal(e.Phases, o.Phases)
}

// calendarEntry reads a plan's dated phases (plan.Schedule), with the URLs
// its phase pages have.
func (f *planFacts) calendarEntry() CalendarEntry {
	e := CalendarEntry{Slug: f.p.Slug, Title: f.title, URL: f.url, Status: f.p.Front.Status}
	kinds := f.p.PhaseKinds()
	for i, pf := range f.phases {
		if pf.start == "" {
			continue
		}
		e.Phases = append(e.Phases, CalendarPhase{Name: pf.ph.Name, URL: pf.url, Kind: kinds[i], Start: pf.start, End: pf.end})
	}
	return e
}

// calendarPlans are the dated entries in calendar order (first phase's
// start, then title, then slug) and the plans without dates, by title.
func calendarPlans(plans []*PlanOutput) (dated, undated []*CalendarEntry) {
	for _, po := range plans {
		e := &po.Calendar
		if e.Slug == "" {
			continue
		}
		if len(e.Phases) > 0 {
			dated = append(dated, e)
		} else {
			undated = append(undated, e)
		}
	}
	slices.SortStableFunc(dated, func(a, b *CalendarEntry) int {
		return cmp.Or(cmp.Compare(a.Phases[0].Start, b.Phases[0].Start), cmp.Compare(a.Title, b.Title), cmp.Compare(a.Slug, b.Slug))
	})
	slices.SortStableFunc(undated, func(a, b *CalendarEntry) int {
		return cmp.Or(cmp.Compare(a.Title, b.Title), cmp.Compare(a.Slug, b.Slug))
	})
	return dated, undated
}

// CalendarPage is /calendar/: the chart, the busy weeks in words, every
// dated phase as a table (the chart's text alternative), and the plans
// without dates. Links are relative to the page, as the builder and Hugo
// both serve it from calendar/.
func CalendarPage(site Site, plans []*PlanOutput) Page {
	dated, undated := calendarPlans(plans)
	var rows []charts.CalendarPlan
	var phases []any
	for _, e := range dated {
		row := charts.CalendarPlan{Label: e.Title, URL: "../" + e.URL}
		for _, ph := range e.Phases {
			from, to := mustDate(ph.Start), mustDate(ph.End)
			row.Phases = append(row.Phases, charts.CalendarPhase{Label: ph.Name, Kind: ph.Kind, Start: from, End: to})
			phases = append(phases, map[string]any{
				"plan": e.Title, "plan_url": e.URL, "status_label": StatusLabel(e.Status),
				"name": ph.Name, "url": ph.URL, "kind": string(ph.Kind), "kind_label": charts.KindLabel(ph.Kind),
				"start": ph.Start, "end": ph.End, "dates": charts.DateSpan(from, to),
			})
		}
		rows = append(rows, row)
	}
	busy := []any{}
	for _, w := range charts.CalendarWeeks(rows) {
		if w.Busy() {
			busy = append(busy, map[string]any{
				"week":  w.Start.Format(time.DateOnly),
				"label": "Week of " + w.Start.Format("Jan 2, 2006"),
				"plans": anyStrings(w.Rolling),
			})
		}
	}
	none := []any{}
	for _, e := range undated {
		none = append(none, map[string]any{"title": e.Title, "url": e.URL, "status_label": StatusLabel(e.Status)})
	}
	return Page{
		Path: CalendarURL, Kind: "page", Type: Type, Layout: LayoutCalendar, Title: "Calendar",
		Params: map[string]any{
			"rollout_page": LayoutCalendar,
			"breadcrumbs":  []any{crumb(site.Title, "")},
			"description":  "What rolls out when: every plan with dates on one time axis, by week.",
			"source_url":   "",
			"source_path":  "",
			"chart_html":   charts.Calendar("calendar-chart", rows),
			"phases":       phases,
			"busy_weeks":   busy,
			"undated":      none,
			"dated_count":  len(dated),
		},
	}
}

// params are the entry's dated phases as the plan page's "calendar" param,
// which the index's row for the plan carries for the "rolling out this
// week" strip: every dated phase, hidden, and the index's script shows
// those of the reader's week, so the built page does not depend on the
// day it was built. The row is cached per plan revision, so a rebuild
// after one plan changed renders the strip's items of that plan only.
func (e CalendarEntry) params() []any {
	out := []any{}
	for _, ph := range e.Phases {
		out = append(out, map[string]any{
			"name": ph.Name, "url": ph.URL, "kind": string(ph.Kind), "kind_label": charts.KindLabel(ph.Kind),
			"start": ph.Start, "end": ph.End, "dates": charts.DateSpan(mustDate(ph.Start), mustDate(ph.End)),
		})
	}
	return out
}

// mustDate reads a date calendarEntry wrote, so it is always valid.
func mustDate(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}
