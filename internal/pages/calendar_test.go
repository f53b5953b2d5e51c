package pages

import (
	"slices"
	"strings"
	"testing"
)

func findPage(t *testing.T, all []Page, path string) Page {
	t.Helper()
	for _, pg := range all {
		if pg.Path == path {
			return pg
		}
	}
	t.Fatalf("no page %q", path)
	return Page{}
}

// TestCalendarPage: the example portfolio's calendar, read back from the
// model: every dated phase in the table, plans without start listed apart,
// and the busy weeks named.
func TestCalendarPage(t *testing.T) {
	all := examplePages(t)
	cal := findPage(t, all, CalendarURL)
	if cal.Layout != LayoutCalendar || cal.Params["rollout_page"] != LayoutCalendar {
		t.Errorf("calendar page layout %q", cal.Layout)
	}
	checkPlain(t, "calendar", cal.Params)
	chart, _ := cal.Params["chart_html"].(string)
	if !strings.Contains(chart, `<svg class="calendar"`) {
		t.Fatalf("no calendar chart: %.200s", chart)
	}
	// The example has 8 plans, 7 with start (postgres-16-migration has none).
	if got := cal.Params["dated_count"]; got != 7 {
		t.Errorf("dated_count = %v, want 7", got)
	}
	undated, _ := cal.Params["undated"].([]any)
	if len(undated) != 1 || undated[0].(map[string]any)["url"] != "plans/postgres-16-migration/" {
		t.Errorf("undated = %v, want the postgres migration only", undated)
	}
	phases, _ := cal.Params["phases"].([]any)
	first := phases[0].(map[string]any)
	// Calendar order: by the first phase's start; Checkout Redesign starts first (Feb 2).
	if first["plan"] != "Checkout Redesign" || first["kind"] != "internal" || first["start"] != "2026-02-02" || first["dates"] != "Feb 2 – Feb 6" {
		t.Errorf("first phase row %v", first)
	}
	kinds := map[any]int{}
	for _, ph := range phases {
		m := ph.(map[string]any)
		kinds[m["kind"]]++
		if !strings.HasPrefix(m["url"].(string), m["plan_url"].(string)+"phases/") {
			t.Errorf("phase %v does not link to its phase page", m)
		}
		if !strings.Contains(chart, "<title>"+m["plan"].(string)+": "+m["name"].(string)) {
			t.Errorf("phase %q of %q has no bar", m["name"], m["plan"])
		}
	}
	for _, k := range []string{"internal", "canary", "ramp", "launch"} {
		if kinds[k] == 0 {
			t.Errorf("no %s phase on the example calendar: %v", k, kinds)
		}
	}
	busy, _ := cal.Params["busy_weeks"].([]any)
	if len(busy) == 0 {
		t.Fatal("no busy week on the example calendar")
	}
	w := busy[0].(map[string]any)
	if w["week"] != "2026-03-02" || strings.Join(anyToStrings(w["plans"]), ",") != "Checkout Redesign,Dark Mode" {
		t.Errorf("first busy week %v", w)
	}

	// The index's "this week" strip reads each plan page's dated phases:
	// together they are every phase on the calendar, with the same dates.
	home := findPage(t, all, "")
	if got := home.Params["dated_count"]; got != 7 {
		t.Errorf("home dated_count = %v, want 7", got)
	}
	var strip []string
	for _, pg := range all {
		if pg.Layout != LayoutPlan {
			continue
		}
		items, ok := pg.Params["calendar"].([]any)
		if !ok {
			t.Fatalf("plan page %s has no calendar param", pg.Path)
		}
		for _, it := range items {
			m := it.(map[string]any)
			strip = append(strip, m["url"].(string)+" "+m["start"].(string)+" "+m["end"].(string)+" "+m["kind"].(string))
		}
	}
	var want []string
	for _, ph := range phases {
		m := ph.(map[string]any)
		want = append(want, m["url"].(string)+" "+m["start"].(string)+" "+m["end"].(string)+" "+m["kind"].(string))
	}
	slices.Sort(strip)
	slices.Sort(want)
	if !slices.Equal(strip, want) {
		t.Errorf("the plan pages give the week strip\n%v\nwant the calendar's phases\n%v", strip, want)
	}
}

// TestCalendarPageWithoutDates: a portfolio with no start at all has no
// chart and lists every plan as undated.
func TestCalendarPageWithoutDates(t *testing.T) {
	outs := []*PlanOutput{
		{Slug: "b", Calendar: CalendarEntry{Slug: "b", Title: "B <plan>", URL: "plans/b/", Status: "draft"}},
		{Slug: "a", Calendar: CalendarEntry{Slug: "a", Title: "A", URL: "plans/a/"}},
	}
	cal := CalendarPage(Site{Title: "x"}, outs)
	if cal.Params["chart_html"] != "" || cal.Params["dated_count"] != 0 {
		t.Errorf("chart %q, dated %v", cal.Params["chart_html"], cal.Params["dated_count"])
	}
	undated := cal.Params["undated"].([]any)
	if len(undated) != 2 || undated[0].(map[string]any)["title"] != "A" {
		t.Errorf("undated %v, want A then B by title", undated)
	}
}

func anyToStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}
