package e2e

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rolloutdocs/rolloutdocs/internal/browsertest"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// datedPhase is one phase with dates, read from the model.
type datedPhase struct {
	plan, phase string
	start, end  time.Time
}

func datedPhases(plans []*plan.Plan) []datedPhase {
	var out []datedPhase
	for _, p := range plans {
		for i, d := range p.Schedule() {
			if d.OK {
				out = append(out, datedPhase{p.Title(), p.Phases[i].Name, d.Start, d.End})
			}
		}
	}
	return out
}

// TestCalendarMarksToday opens the calendar and the index as of a day of
// the example portfolio (?today= stands in for the clock): the script puts
// the today marker on that day's column, and the index's strip lists
// exactly the phases that run in that day's week, as the model dates them.
func TestCalendarMarksToday(t *testing.T) {
	b := browsertest.NewBrowser(t)
	s := buildExample(t, subPath)
	srv := browsertest.Serve(t, s.Dir, subPath)
	phases := datedPhases(loadPlans(t, s.Source))
	if len(phases) < 4 {
		t.Fatalf("the example portfolio has %d dated phases; want several", len(phases))
	}
	// A Wednesday in the middle of the portfolio.
	mid := phases[len(phases)/2].start
	today := mid.AddDate(0, 0, 2-int(mid.Weekday()+6)%7)
	day := today.Format(time.DateOnly)
	p := b.Page(t)

	status, err := p.Open(srv.URL("calendar/?today=" + day))
	must(t, err)
	if status != 200 {
		t.Fatalf("calendar: status %d", status)
	}
	must(t, p.WaitFor(`document.querySelector("svg.calendar .cal-today").getAttribute("visibility") === "visible"`))
	start, _, err := p.Attribute("svg.calendar", "data-axis-start")
	must(t, err)
	dayWidth, _, err := p.Attribute("svg.calendar", "data-day-width")
	must(t, err)
	axis, err := time.Parse(time.DateOnly, start)
	must(t, err)
	w, _ := strconv.Atoi(dayWidth)
	x, _, err := p.Attribute("svg.calendar .cal-today line", "x1")
	must(t, err)
	if want := strconv.FormatFloat(float64(int(today.Sub(axis).Hours()/24)*w)+float64(w)/2, 'f', -1, 64); x != want {
		t.Errorf("today (%s) marked at x=%s, want %s (axis from %s, %d px a day)", day, x, want, start, w)
	}
	if shown, err := p.VisibleTexts(".legend-today"); err != nil || len(shown) != 1 {
		t.Errorf("the legend does not name the today marker: %q %v", shown, err)
	}

	monday := today.AddDate(0, 0, -int(today.Weekday()+6)%7)
	sunday := monday.AddDate(0, 0, 6)
	var want []string
	for _, ph := range phases {
		if !ph.start.After(sunday) && !ph.end.Before(monday) {
			want = append(want, ph.plan+": "+ph.phase)
		}
	}
	if len(want) == 0 {
		t.Fatalf("nothing runs in the week of %s; pick another day", monday.Format(time.DateOnly))
	}
	_, err = p.Open(srv.URL("?today=" + day))
	must(t, err)
	must(t, p.WaitFor(`!document.getElementById("this-week-list").hidden`))
	items, err := p.VisibleTexts("#this-week-list li")
	must(t, err)
	var got []string
	for _, it := range items {
		// "Plan: Phase kind dates": the kind tag and dates follow the name.
		for _, w := range want {
			if strings.HasPrefix(it, w+" ") {
				got = append(got, w)
			}
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) || len(items) != len(want) {
		t.Errorf("rolling out in the week of %s:\n got %q\nwant %q", monday.Format(time.DateOnly), items, want)
	}

	// A week with nothing on: the strip says so.
	_, err = p.Open(srv.URL("?today=1999-01-06"))
	must(t, err)
	if _, err := p.WaitText("#this-week-none", "No phase runs this week."); err != nil {
		t.Error(err)
	}
}

// TestCalendarWithoutJavaScript: the calendar is all there without the
// script (bars, legend, the table of phases), only today is not marked,
// and the index's strip is a link to the calendar.
func TestCalendarWithoutJavaScript(t *testing.T) {
	b := browsertest.NewBrowser(t)
	s := buildExample(t, subPath)
	srv := browsertest.Serve(t, s.Dir, subPath)
	phases := datedPhases(loadPlans(t, s.Source))
	p := b.Page(t)
	must(t, p.SetJavaScript(false))
	_, err := p.Open(srv.URL("calendar/"))
	must(t, err)
	if n, err := p.Count("svg.calendar rect.cal-bar"); err != nil || n != len(phases) {
		t.Errorf("%d bars without JavaScript (%v), want one per dated phase: %d", n, err, len(phases))
	}
	if n, err := p.Count("#calendar-phases tbody tr"); err != nil || n != len(phases) {
		t.Errorf("%d rows in the phases table (%v), want %d", n, err, len(phases))
	}
	if v, _, err := p.Attribute("svg.calendar .cal-today", "visibility"); err != nil || v != "hidden" {
		t.Errorf("the today marker shows without the script: %q %v", v, err)
	}
	_, err = p.Open(srv.URL(""))
	must(t, err)
	if shown, err := p.VisibleTexts("#this-week li, #this-week-none"); err != nil || len(shown) != 0 {
		t.Errorf("the strip lists phases without JavaScript, which cannot know the week: %q %v", shown, err)
	}
	if links, err := p.VisibleTexts("#this-week a"); err != nil || len(links) != 1 || !strings.Contains(links[0], "calendar") {
		t.Errorf("the strip without JavaScript should be one link to the calendar: %q %v", links, err)
	}
}
