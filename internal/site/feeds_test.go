package site

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// TestCalendarOfExamplePortfolio builds the example portfolio under a
// base URL and reads calendar.ics back with an iCalendar parser: an event
// per dated phase of every plan with a start, on the phase's dates, whose
// URL is the phase's page in the site.
func TestCalendarOfExamplePortfolio(t *testing.T) {
	src := examplePortfolio(t)
	const base = "https://docs.example/rollouts/"
	_, res := build(t, Config{Source: src, BaseURL: base})
	data := res.Files[calendarFile]
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("calendar.ics does not parse: %v", err)
	}
	events := map[string]*ics.VEvent{}
	for _, e := range cal.Events() {
		events[e.Id()] = e
	}

	files, err := examplePlans(t, src)
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, p := range files {
		if p.Front.Start == "" {
			continue
		}
		for i, d := range p.Schedule() {
			if !d.OK && !p.Phases[i].Duration.OpenEnded {
				continue
			}
			want++
			uid := p.Slug + "-phase-" + strconv.Itoa(i+1) + "@rolloutdocs.invalid"
			e := events[uid]
			if e == nil {
				t.Errorf("%s: no event %s", p.Slug, uid)
				continue
			}
			start, err := e.GetAllDayStartAt()
			if err != nil {
				t.Errorf("%s: %v", uid, err)
				continue
			}
			if d.OK && !start.Equal(d.Start) {
				t.Errorf("%s: starts %s, the plan's schedule says %s", uid, start.Format(time.DateOnly), d.Start.Format(time.DateOnly))
			}
			if !strings.HasPrefix(e.GetProperty(ics.ComponentPropertySummary).Value, p.Title()+" — ") {
				t.Errorf("%s: SUMMARY %q", uid, e.GetProperty(ics.ComponentPropertySummary).Value)
			}
			u := e.GetProperty(ics.ComponentPropertyUrl)
			if u == nil || !strings.HasPrefix(u.Value, base) {
				t.Errorf("%s: URL %+v, want one under %s", uid, u, base)
				continue
			}
			if page := strings.TrimPrefix(u.Value, base) + "index.html"; res.Files[page] == nil {
				t.Errorf("%s: URL %s is no page of the site", uid, u.Value)
			}
		}
	}
	if want == 0 || len(events) != want {
		t.Errorf("%d events, want %d (one per dated phase)", len(events), want)
	}
}

// examplePlans parses the example portfolio's plans as the builder does.
func examplePlans(t *testing.T, src string) ([]*plan.Plan, error) {
	t.Helper()
	b, err := New(Config{Source: src})
	if err != nil {
		return nil, err
	}
	names, err := b.findPlans()
	if err != nil {
		return nil, err
	}
	var out []*plan.Plan
	for _, f := range names {
		out = append(out, plan.LoadFile(f).Plan)
	}
	return out, nil
}
