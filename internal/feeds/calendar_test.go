package feeds

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"github.com/rolloutdocs/rolloutdocs/internal/history"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// parsePlan reads a plan from its Markdown, as the builder does.
func parsePlan(t *testing.T, name, src string) *plan.Plan {
	t.Helper()
	p, _ := plan.Parse("content/plans/"+name+".md", []byte(src))
	if p == nil {
		t.Fatalf("%s: no plan", name)
	}
	return p
}

func planSource(title, status, start string, phases ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %q\ncreated: 2026-02-01\nstatus: %s\nowner: Ann Lee\nteam_size: 3\ntimeline: 6 weeks\nrisk_tolerance: low\n", title, status)
	if start != "" {
		fmt.Fprintf(&b, "start: %s\n", start)
	}
	b.WriteString("---\n\n# Rollout Plan\n\n## Rollout Strategy\n\nStandard rollout.\n\n")
	for i, ph := range phases {
		name, dur, _ := strings.Cut(ph, "|")
		fmt.Fprintf(&b, "### Phase %d: %s\n\n", i+1, name)
		if dur != "" {
			fmt.Fprintf(&b, "**Duration:** %s\n\n", dur)
		}
		b.WriteString("**Tasks:**\n- [ ] Do it\n\n")
	}
	return b.String()
}

// parseCalendar parses calendar.ics with an iCalendar parser of the
// ecosystem and indexes its events by UID.
func parseCalendar(t *testing.T, data []byte) (*ics.Calendar, map[string]*ics.VEvent) {
	t.Helper()
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("calendar does not parse: %v\n%s", err, data)
	}
	byUID := map[string]*ics.VEvent{}
	for _, e := range cal.Events() {
		if byUID[e.Id()] != nil {
			t.Errorf("UID %s twice", e.Id())
		}
		byUID[e.Id()] = e
	}
	return cal, byUID
}

func prop(e *ics.VEvent, p ics.ComponentProperty) string {
	if v := e.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

// checkLines holds the file to RFC 5545's line rules: CRLF after every
// line, none longer than 75 octets, no character split by a fold.
func checkLines(t *testing.T, data []byte) {
	t.Helper()
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Error("the file does not end in CRLF")
	}
	for i, line := range bytes.Split(bytes.TrimSuffix(data, []byte("\r\n")), []byte("\r\n")) {
		if bytes.ContainsAny(line, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, line)
		}
		if len(line) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(line), line)
		}
		if !utf8.Valid(line) {
			t.Errorf("line %d splits a character: %q", i+1, line)
		}
	}
}

func TestEventsPerPhase(t *testing.T) {
	p := parsePlan(t, "checkout", planSource("Checkout", "approved", "2026-03-02",
		"Internal Testing|5 days", "Canary|1 week", "Gradual Rollout|", "Ramp|2-3 days", "Full Launch|ongoing"))
	hist := &history.File{Commits: []*history.Commit{{Hash: "abc", Time: time.Date(2026, 2, 20, 17, 30, 0, 0, time.FixedZone("", 3600))}}}
	in := Plan{Plan: p, URL: "https://docs.example/plans/checkout/", History: hist}
	for _, ph := range p.Phases {
		in.PhaseURLs = append(in.PhaseURLs, "https://docs.example/plans/checkout/phases/"+ph.Slug+"/")
	}
	data := Calendar("Rollouts", [][]byte{Events(in)})
	checkLines(t, data)
	cal, events := parseCalendar(t, data)
	if got := cal.CalendarProperties; len(got) == 0 {
		t.Fatal("no calendar properties")
	}
	if len(events) != 4 {
		t.Fatalf("%d events, want 4 (the phase without a duration has no dates): %v", len(events), data)
	}
	tests := []struct {
		uid, start, end, summary string
	}{
		{"checkout-phase-1@rolloutdocs.invalid", "2026-03-02", "2026-03-07", "Checkout — Internal Testing"},
		{"checkout-phase-2@rolloutdocs.invalid", "2026-03-07", "2026-03-14", "Checkout — Canary"},
		// Phase 3 has no duration: no event, and phase 4 follows phase 2.
		{"checkout-phase-4@rolloutdocs.invalid", "2026-03-14", "2026-03-17", "Checkout — Ramp"},
		// Ongoing: one day, the day after the last dated phase ends.
		{"checkout-phase-5@rolloutdocs.invalid", "2026-03-17", "2026-03-18", "Checkout — Full Launch"},
	}
	for _, tt := range tests {
		e := events[tt.uid]
		if e == nil {
			t.Errorf("no event %s; have %v", tt.uid, keys(events))
			continue
		}
		start, err := e.GetAllDayStartAt()
		if err != nil || start.Format(time.DateOnly) != tt.start {
			t.Errorf("%s: DTSTART %v (%v), want %s", tt.uid, start, err, tt.start)
		}
		end, err := e.GetAllDayEndAt()
		if err != nil || end.Format(time.DateOnly) != tt.end {
			t.Errorf("%s: DTEND %v (%v), want %s (exclusive)", tt.uid, end, err, tt.end)
		}
		if v := e.GetProperty(ics.ComponentPropertyDtStart); v == nil || strings.Join(v.ICalParameters["VALUE"], ",") != "DATE" {
			t.Errorf("%s: DTSTART is not VALUE=DATE: %+v", tt.uid, v)
		}
		if got := prop(e, ics.ComponentPropertySummary); got != tt.summary {
			t.Errorf("%s: SUMMARY %q, want %q", tt.uid, got, tt.summary)
		}
		stamp, err := e.GetDtStampTime()
		if err != nil || !stamp.Equal(hist.Commits[0].Time) {
			t.Errorf("%s: DTSTAMP %v (%v), want the last commit's %v", tt.uid, stamp, err, hist.Commits[0].Time)
		}
		if got := prop(e, ics.ComponentPropertyStatus); got != "CONFIRMED" {
			t.Errorf("%s: STATUS %q, want CONFIRMED for an approved plan", tt.uid, got)
		}
	}
	canary := events["checkout-phase-2@rolloutdocs.invalid"]
	if got, want := prop(canary, ics.ComponentPropertyUrl), "https://docs.example/plans/checkout/phases/"+p.Phases[1].Slug+"/"; got != want {
		t.Errorf("URL %q, want %q", got, want)
	}
	desc := prop(canary, ics.ComponentPropertyDescription)
	for _, want := range []string{"Phase 2 of 5 (1 week)", "Status: approved", "Owner: Ann Lee", "\n"} {
		if !strings.Contains(desc, want) {
			t.Errorf("DESCRIPTION %q lacks %q", desc, want)
		}
	}
	if d := prop(events["checkout-phase-5@rolloutdocs.invalid"], ics.ComponentPropertyDescription); !strings.Contains(d, "open-ended") {
		t.Errorf("the ongoing phase's DESCRIPTION does not say it is open-ended: %q", d)
	}
}

func keys(m map[string]*ics.VEvent) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestEventsWithoutStartOrBaseURL(t *testing.T) {
	if got := Events(Plan{Plan: parsePlan(t, "x", planSource("X", "draft", "", "Canary|5 days"))}); got != nil {
		t.Errorf("a plan without start has events:\n%s", got)
	}
	p := parsePlan(t, "y", planSource("Y", "draft", "2026-01-05", "Canary|5 days"))
	// Root-relative phase URLs (no base_url): a calendar cannot resolve
	// them, so the events have none. DTSTAMP falls back to created.
	data := Calendar("", [][]byte{Events(Plan{Plan: p, URL: "/plans/y/", PhaseURLs: []string{"/plans/y/phases/canary/"}})})
	_, events := parseCalendar(t, data)
	e := events["y-phase-1@rolloutdocs.invalid"]
	if e == nil {
		t.Fatalf("no event: %s", data)
	}
	if got := prop(e, ics.ComponentPropertyUrl); got != "" {
		t.Errorf("URL %q from a relative address", got)
	}
	if strings.Contains(prop(e, ics.ComponentPropertyDescription), "/plans/") {
		t.Errorf("DESCRIPTION has the relative address: %q", prop(e, ics.ComponentPropertyDescription))
	}
	if stamp, _ := e.GetDtStampTime(); !stamp.Equal(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("DTSTAMP %v, want the created date", stamp)
	}
	if got := prop(e, ics.ComponentPropertyStatus); got != "TENTATIVE" {
		t.Errorf("STATUS %q for a draft", got)
	}
}

func TestEmptyCalendarParses(t *testing.T) {
	data := Calendar("Rollouts", nil)
	checkLines(t, data)
	cal, events := parseCalendar(t, data)
	if len(events) != 0 || len(cal.CalendarProperties) == 0 {
		t.Errorf("events %d, properties %d", len(events), len(cal.CalendarProperties))
	}
}

// TestHostileTextRoundTrips writes titles, phase names and owners that
// need every escape and fold, and reads them back with the parser.
func TestHostileTextRoundTrips(t *testing.T) {
	long := strings.Repeat("Déploiement progressif — 段階的なロールアウト 🚀, ", 6)
	tests := []struct{ title, phase, owner string }{
		{"Checkout, v2; \"beta\" \\ final", "Canary; 5%, EU", "Ann, Lee; \\ ops"},
		{long, "Ramp " + strings.Repeat("é", 80), strings.Repeat("名前", 40)},
		{`Trailing backslash \`, `\n is not a newline`, "a\\,b"},
		{"Tab\there", "Ramp:colon", "x"},
	}
	var frags [][]byte
	for i, tt := range tests {
		src := planSource(tt.title, "in-progress", "2026-04-01", tt.phase+"|3 days")
		src = strings.Replace(src, "owner: Ann Lee", fmt.Sprintf("owner: %q", tt.owner), 1)
		p := parsePlan(t, fmt.Sprintf("p%d", i), src)
		if p.Front.Title != tt.title || p.Front.Owner != tt.owner {
			t.Fatalf("the fixture did not parse as meant: %q %q", p.Front.Title, p.Front.Owner)
		}
		frags = append(frags, Events(Plan{Plan: p}))
	}
	data := Calendar("Rollouts, \"all\"; of them", frags)
	checkLines(t, data)
	_, events := parseCalendar(t, data)
	for i, tt := range tests {
		uid := fmt.Sprintf("p%d-phase-1@rolloutdocs.invalid", i)
		e := events[uid]
		if e == nil {
			t.Errorf("no event %s", uid)
			continue
		}
		p := parsePlan(t, "q", planSource("q", "draft", "", tt.phase+"|3 days"))
		want := tt.title + " — " + p.Phases[0].Name
		if got := prop(e, ics.ComponentPropertySummary); got != want {
			t.Errorf("SUMMARY round trip:\n got %q\nwant %q", got, want)
		}
		if got := prop(e, ics.ComponentPropertyDescription); !strings.Contains(got, "Owner: "+tt.owner+"\n") && !strings.HasSuffix(got, "Owner: "+tt.owner) {
			t.Errorf("DESCRIPTION round trip: %q lacks owner %q", got, tt.owner)
		}
	}
}

// TestNewlinesInText: a value with line breaks (which YAML front matter
// can carry) becomes \n escapes, never a bare line break in the file.
func TestNewlinesInText(t *testing.T) {
	src := planSource("x", "approved", "2026-04-01", "Canary|3 days")
	src = strings.Replace(src, `title: "x"`, `title: "Line one\r\nline two\nthree\u0007bell"`, 1)
	p := parsePlan(t, "nl", src)
	data := Calendar("", [][]byte{Events(Plan{Plan: p})})
	checkLines(t, data)
	_, events := parseCalendar(t, data)
	e := events["nl-phase-1@rolloutdocs.invalid"]
	if e == nil {
		t.Fatalf("no event:\n%s", data)
	}
	if got, want := prop(e, ics.ComponentPropertySummary), "Line one\nline two\nthree bell — Canary"; got != want {
		t.Errorf("SUMMARY %q, want %q", got, want)
	}
}

func TestFoldKeepsCharacters(t *testing.T) {
	for n := 60; n < 90; n++ {
		for _, unit := range []string{"a", "é", "名", "🚀"} {
			var buf bytes.Buffer
			value := strings.Repeat("a", n%7) + strings.Repeat(unit, n)
			contentLines{&buf}.text("SUMMARY", value)
			checkLines(t, buf.Bytes())
			unfolded := strings.ReplaceAll(buf.String(), "\r\n ", "")
			if unfolded != "SUMMARY:"+value+"\r\n" {
				t.Fatalf("unfolding gives %q, want %q", unfolded, "SUMMARY:"+value)
			}
		}
	}
}
