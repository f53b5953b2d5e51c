// Package feeds writes the site's two subscription files: calendar.ics,
// an iCalendar file (RFC 5545) with an all-day event per dated phase of
// every plan, and feed.xml, an Atom feed (RFC 4287) of the plans' changes
// from git. Both are made from the plan model and its history alone, and
// their bytes depend only on those: no clock is read, so a site builds the
// same files every time.
//
// Each plan's part is made on its own (Events, Changes) when the plan is
// built, so a rebuild makes only a changed plan's part again and a
// streamed build keeps no plan; Calendar and Feed put the parts together.
package feeds

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/rolloutdocs/rolloutdocs/internal/history"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// Plan is what the feeds read of one plan.
type Plan struct {
	Plan *plan.Plan
	// URL is the plan page's address and PhaseURLs each phase page's, in
	// the order of Plan.Phases ("" for a phase without a page): absolute
	// when the site's base URL has a host, else root-relative ("/plans/x/").
	URL       string
	PhaseURLs []string
	// History is what git knows of the plan's file; nil without.
	History *history.File
}

// UIDDomain is the fixed right-hand side of every event's UID. It is not
// the site's host, so that moving the site (a new base_url) does not make
// every subscriber's calendar see new events; ".invalid" (RFC 2606) says
// it names no real host.
const UIDDomain = "rolloutdocs.invalid"

// Events is one plan's VEVENT components, as content lines, for
// Calendar: an all-day event per phase with dates from the plan's start
// (plan.Schedule), DTEND the day after the phase's last (DTEND is
// exclusive). A plan without a valid start has none, nor has a phase
// without a duration. An open-ended phase ("ongoing") has no end: it is a
// one-day event on the day it begins, so the launch still shows, and its
// description says it goes on.
//
// The UID is the plan's slug and the phase's position (1-based) at
// UIDDomain, so an event keeps its identity while the plan's text changes.
// DTSTAMP is the plan's last commit when git knows the file, else its
// created date, else its start: never the build's clock.
func Events(p Plan) []byte {
	pl := p.Plan
	if pl == nil || pl.Front.Start == "" {
		return nil
	}
	sched := pl.Schedule()
	first, err := time.Parse(time.DateOnly, pl.Front.Start)
	if err != nil {
		return nil
	}
	stamp := dtstamp(p, first)
	status := eventStatus(pl.Front.Status)
	var buf bytes.Buffer
	w := contentLines{&buf}
	next := first // the day a phase begins: the day after the last dated one
	for i, ph := range pl.Phases {
		var start, end time.Time
		switch {
		case sched[i].OK:
			start, end = sched[i].Start, sched[i].End.AddDate(0, 0, 1)
			next = end
		case ph.Duration.OpenEnded:
			start, end = next, next.AddDate(0, 0, 1)
		default:
			continue // no duration: no dates
		}
		w.line("BEGIN", "VEVENT")
		w.text("UID", fmt.Sprintf("%s-phase-%d@%s", pl.Slug, i+1, UIDDomain))
		w.line("DTSTAMP", icalUTC(stamp))
		w.line("DTSTART;VALUE=DATE", icalDate(start))
		w.line("DTEND;VALUE=DATE", icalDate(end))
		w.text("SUMMARY", pl.Title()+" — "+phaseName(ph, i))
		w.text("DESCRIPTION", description(p, i, len(pl.Phases)))
		if u := phaseURL(p, i); u != "" {
			w.line("URL;VALUE=URI", u)
		}
		if status != "" {
			w.line("STATUS", status)
		}
		// A phase does not make anyone busy.
		w.line("TRANSP", "TRANSPARENT")
		w.line("END", "VEVENT")
	}
	return buf.Bytes()
}

func phaseName(ph plan.Phase, i int) string {
	if name := strings.TrimSpace(ph.Name); name != "" {
		return name
	}
	if h := strings.TrimSpace(ph.Heading); h != "" {
		return h
	}
	return fmt.Sprintf("Phase %d", i+1)
}

// description is an event's DESCRIPTION: the plan's status and owner, the
// phase's place and duration, and the page's address.
func description(p Plan, i, n int) string {
	pl := p.Plan
	ph := pl.Phases[i]
	var b strings.Builder
	fmt.Fprintf(&b, "Phase %d of %d", i+1, n)
	if d := strings.TrimSpace(ph.Duration.Text); d != "" {
		fmt.Fprintf(&b, " (%s)", d)
	}
	if ph.Duration.OpenEnded {
		b.WriteString(": open-ended, shown on the day it begins")
	}
	b.WriteString("\n")
	if s := pl.Front.Status; s != "" {
		fmt.Fprintf(&b, "Status: %s\n", s)
	}
	if o := strings.TrimSpace(pl.Front.Owner); o != "" {
		fmt.Fprintf(&b, "Owner: %s\n", o)
	}
	if u := phaseURL(p, i); u != "" {
		b.WriteString(u + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// phaseURL is the phase page's address when it is absolute: a calendar
// has no base to resolve a relative one against.
func phaseURL(p Plan, i int) string {
	if i >= len(p.PhaseURLs) {
		return ""
	}
	u, err := url.Parse(p.PhaseURLs[i])
	if err != nil || !u.IsAbs() || u.Host == "" {
		return ""
	}
	return u.String()
}

// dtstamp is when the plan's information last changed, as far as the
// sources say: its last commit, else its created date, else its start.
func dtstamp(p Plan, start time.Time) time.Time {
	if last := p.History.Last(); last != nil && !last.Time.IsZero() {
		return last.Time
	}
	if t, err := time.Parse(time.DateOnly, p.Plan.Front.Created); err == nil {
		return t
	}
	return start
}

// eventStatus maps a plan's status to the event's STATUS: a plan still
// being written or reviewed is tentative, a cancelled one cancelled, any
// other confirmed; "" (no STATUS) for a plan without one.
func eventStatus(s string) string {
	switch s {
	case "":
		return ""
	case "draft", "in-review":
		return "TENTATIVE"
	case "cancelled":
		return "CANCELLED"
	}
	return "CONFIRMED"
}

// CalendarWriter writes calendar.ics a plan at a time.
type CalendarWriter struct {
	w   io.Writer
	err error
}

// NewCalendar starts a calendar named name (the site's title).
func NewCalendar(w io.Writer, name string) *CalendarWriter {
	c := &CalendarWriter{w: w}
	var buf bytes.Buffer
	l := contentLines{&buf}
	l.line("BEGIN", "VCALENDAR")
	l.line("VERSION", "2.0")
	l.line("PRODID", "-//rolloutdocs//rolloutdocs//EN")
	l.line("CALSCALE", "GREGORIAN")
	if name != "" {
		l.text("NAME", name)         // RFC 7986
		l.text("X-WR-CALNAME", name) // what most clients read
	}
	c.write(buf.Bytes())
	return c
}

// Add writes one plan's Events.
func (c *CalendarWriter) Add(events []byte) { c.write(events) }

// Close ends the calendar and returns the first write error.
func (c *CalendarWriter) Close() error {
	c.write([]byte("END:VCALENDAR\r\n"))
	return c.err
}

func (c *CalendarWriter) write(p []byte) {
	if c.err == nil && len(p) > 0 {
		_, c.err = c.w.Write(p)
	}
}

// Calendar is the whole calendar.ics from the plans' Events, in order.
// A portfolio without a dated phase still gets a calendar, without
// events, so a subscription keeps working while no plan has dates.
func Calendar(name string, events [][]byte) []byte {
	size := 256
	for _, e := range events {
		size += len(e)
	}
	buf := bytes.NewBuffer(make([]byte, 0, size))
	c := NewCalendar(buf, name)
	for _, e := range events {
		c.Add(e)
	}
	c.Close() // a bytes.Buffer does not fail
	return buf.Bytes()
}
