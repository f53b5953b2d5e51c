package charts

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// calendarPlans: two plans ramping in the same weeks, one later, and one
// whose name needs escaping.
var calendarPlans = []CalendarPlan{
	{Label: "Dark <Mode>", URL: "../plans/dark-mode/", Phases: []CalendarPhase{
		{Label: "Canary", Kind: plan.PhaseCanary, Start: day("2026-03-02"), End: day("2026-03-03")},
		{Label: "Gradual Rollout", Kind: plan.PhaseRamp, Start: day("2026-03-04"), End: day("2026-03-07")},
		{Label: "Full Launch", Kind: plan.PhaseLaunch, Start: day("2026-03-08"), End: day("2026-03-11")},
	}},
	{Label: "Checkout & Pay", URL: "../plans/checkout/", Phases: []CalendarPhase{
		{Label: "Internal Testing", Kind: plan.PhaseInternal, Start: day("2026-02-23"), End: day("2026-03-01")},
		{Label: "Canary", Kind: plan.PhaseCanary, Start: day("2026-03-02"), End: day("2026-03-08")},
		{Label: "Ramp", Kind: plan.PhaseRamp, Start: day("2026-03-09"), End: day("2026-03-22")},
		{Label: "Full Launch", Kind: plan.PhaseLaunch, Start: day("2026-03-23"), End: day("2026-03-29")},
	}},
	{Label: "SAML SSO", URL: "../plans/saml-sso/", Phases: []CalendarPhase{
		{Label: "Pilot", Kind: plan.PhaseCanary, Start: day("2026-04-13"), End: day("2026-04-19")},
		{Label: "Wrap-up", Kind: "", Start: day("2026-04-20"), End: day("2026-04-21")},
	}},
}

func TestCalendarWeeks(t *testing.T) {
	weeks := CalendarWeeks(calendarPlans)
	// Feb 23 (the Monday of the first day) to the week of Apr 21.
	if got, want := len(weeks), 9; got != want {
		t.Fatalf("%d weeks, want %d", got, want)
	}
	if !weeks[0].Start.Equal(day("2026-02-23")) || weeks[0].Start.Weekday() != time.Monday {
		t.Errorf("first week starts %v, want Monday 2026-02-23", weeks[0].Start)
	}
	tests := []struct {
		week    string
		rolling []string
		busy    bool
	}{
		{"2026-02-23", nil, false},                                      // internal testing does not count
		{"2026-03-02", []string{"Dark <Mode>", "Checkout & Pay"}, true}, // both canaries
		{"2026-03-09", []string{"Checkout & Pay"}, false},               // Dark Mode is launching: not a ramp
		{"2026-03-16", []string{"Checkout & Pay"}, false},
		{"2026-03-23", nil, false},
		{"2026-04-13", []string{"SAML SSO"}, false},
	}
	for _, tt := range tests {
		i := slices.IndexFunc(weeks, func(w CalendarWeek) bool { return w.Start.Equal(day(tt.week)) })
		if i < 0 {
			t.Errorf("no week %s", tt.week)
			continue
		}
		if w := weeks[i]; !slices.Equal(w.Rolling, tt.rolling) || w.Busy() != tt.busy {
			t.Errorf("week %s: rolling %q busy %v, want %q %v", tt.week, w.Rolling, w.Busy(), tt.rolling, tt.busy)
		}
	}
	if CalendarWeeks(nil) != nil || CalendarWeeks([]CalendarPlan{{Label: "no dates"}}) != nil {
		t.Error("a calendar without dated phases has weeks")
	}
}

func TestCalendarGolden(t *testing.T) {
	got := Calendar("cal", calendarPlans)
	path := filepath.Join("testdata", "calendar.golden.html")
	if *update {
		if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./internal/charts -update writes it)", err)
	}
	if got+"\n" != string(want) {
		t.Errorf("Calendar differs from %s (go test ./internal/charts -run Calendar -update if intended):\n%s", path, got)
	}
}

func TestCalendarMarkup(t *testing.T) {
	// HTML's boolean hidden has no value, which XML requires.
	root := parse(t, strings.ReplaceAll(Calendar("cal", calendarPlans), " hidden>", ` hidden="">`))
	svg := root.all(byName("svg"))
	var chart *node
	for _, s := range svg {
		if s.hasClass("calendar") {
			chart = s
		}
	}
	if chart == nil {
		t.Fatal("no svg.calendar")
	}
	if chart.attr["data-axis-start"] != "2026-02-23" || chart.attr["data-day-width"] == "" {
		t.Errorf("axis data for the today marker: start %q, day width %q", chart.attr["data-axis-start"], chart.attr["data-day-width"])
	}
	if titles := chart.all(byName("title")); len(titles) == 0 || chart.attr["aria-labelledby"] != "cal-title cal-desc" {
		t.Error("the calendar has no title/desc it is labelled by")
	}
	desc := chart.all(byName("desc"))
	if len(desc) != 1 || !strings.Contains(desc[0].text.String(), "week of Mar 2 (Dark <Mode>, Checkout & Pay)") {
		t.Errorf("desc does not name the busy week: %v", desc)
	}
	// One row per plan: a link to the plan page with its name.
	links := chart.all(byName("a"))
	var names []string
	for _, a := range links {
		names = append(names, a.attr["href"]+" "+a.text.String())
	}
	if want := []string{"../plans/dark-mode/ Dark <Mode>", "../plans/checkout/ Checkout & Pay", "../plans/saml-sso/ SAML SSO"}; !slices.Equal(names, want) {
		t.Errorf("rows %q, want %q", names, want)
	}
	// Every phase is a bar of its kind, with its words as a tooltip.
	bars := chart.all(byClass("cal-bar"))
	if len(bars) != 9 {
		t.Fatalf("%d bars, want 9", len(bars))
	}
	if !bars[0].hasClass("kind-canary") || bars[0].text.String() != "Dark <Mode>: Canary (canary), Mar 2 – Mar 3" {
		t.Errorf("first bar %v %q", bars[0].attr, bars[0].text.String())
	}
	if !bars[8].hasClass("kind-other") {
		t.Errorf("a phase of no known kind draws as other: %v", bars[8].attr)
	}
	// Canary and launch bars (and busy weeks) are filled with a pattern,
	// so kinds differ by more than colour; the legend names each.
	if !strings.HasPrefix(bars[0].attr["fill"], "url(#cal-canary)") {
		t.Errorf("canary bar fill %q", bars[0].attr["fill"])
	}
	if busy := chart.all(byClass("cal-busy")); len(busy) != 1 {
		t.Errorf("%d busy weeks hatched, want 1", len(busy))
	}
	legend := root.all(byClass("calendar-legend"))
	if len(legend) != 1 {
		t.Fatal("no legend")
	}
	for _, words := range []string{"outline: internal testing", "striped: canary", "solid: gradual rollout", "dotted: full launch", "more than one plan"} {
		if !strings.Contains(legend[0].text.String(), words) {
			t.Errorf("legend lacks %q: %s", words, legend[0].text.String())
		}
	}
	if Calendar("cal", nil) != "" {
		t.Error("an empty calendar draws something")
	}
}

func TestCalendarWidth(t *testing.T) {
	// A short portfolio widens its days to fill about calFitWidth; a long
	// one keeps 4 px a day and scrolls.
	short := Calendar("c", calendarPlans[:1])
	if !strings.Contains(short, `data-day-width="12"`) {
		t.Errorf("a two-week calendar should use 12 px a day: %s", short[:300])
	}
	long := []CalendarPlan{{Label: "Long", Phases: []CalendarPhase{{Label: "Ramp", Kind: plan.PhaseRamp, Start: day("2026-01-05"), End: day("2027-01-03")}}}}
	if got := Calendar("c", long); !strings.Contains(got, `data-day-width="4"`) || !strings.Contains(got, `width="1456"`) {
		t.Errorf("a year-long calendar: %s", got[:400])
	}
}
