package site

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/mmcdole/gofeed/atom"

	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/testtool"
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

// TestFeedFromGit commits status changes, an edit and a rename to a real
// repository, builds it, and reads feed.xml back with an Atom parser: the
// status changes as git log has them, newest first, then the other
// commits; Build and BuildTo write the same feed; without history, the
// feed has an entry per plan for its created date.
func TestFeedFromGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		testtool.Missing(t, "git is not installed: apt-get install git")
		return
	}
	src := examplePortfolio(t)
	dm := filepath.Join(src, "content", "plans", "dark-mode.md")
	orig, err := os.ReadFile(dm)
	if err != nil {
		t.Fatal(err)
	}
	withStatus := func(s string) string {
		return strings.Replace(string(orig), "status: launched", "status: "+s, 1)
	}
	gitRun(t, src, 1, "init", "-q", "-b", "main")
	writeFile(t, dm, withStatus("draft"))
	gitRun(t, src, 1, "add", "-A")
	commit := func(day int, who, msg string) {
		gitRun(t, src, day, "-c", "user.name="+who, "-c", "user.email=x@example.com", "commit", "-q", "-am", msg)
	}
	commit(1, "Ann Lee", "Add the portfolio")
	writeFile(t, dm, withStatus("in-review"))
	commit(3, "Ann Lee", "Dark mode: ready for review")
	writeFile(t, dm, strings.Replace(withStatus("in-review"), "## Overview", "## Overview\n\nNow with a <b>bold</b> & claim.", 1))
	commit(4, "Bo Chan", "Dark mode: say what & why")
	gitRun(t, src, 5, "mv", "content/plans/dark-mode.md", "content/plans/dark-theme.md")
	commit(5, "Bo Chan", "Rename dark mode to dark theme")
	dt := filepath.Join(src, "content", "plans", "dark-theme.md")
	writeFile(t, dt, strings.Replace(withStatus("approved"), "## Overview", "## Overview\n\nNow with a <b>bold</b> & claim.", 1))
	commit(6, "Cy & Dee", "Approve dark theme")

	const base = "https://docs.example/rollouts/"
	cfg := Config{Source: src, BaseURL: base, GitHistory: true}
	_, res := build(t, cfg)
	f, err := (&atom.Parser{}).Parse(bytes.NewReader(res.Files[feedFile]))
	if err != nil {
		t.Fatalf("feed.xml does not parse: %v\n%s", err, res.Files[feedFile])
	}
	if f.ID != base+"feed.xml" {
		t.Errorf("feed id %q", f.ID)
	}
	hashes := strings.Fields(gitRun(t, src, 6, "log", "--follow", "--format=%H", "--", "content/plans/dark-theme.md"))
	if len(hashes) != 5 {
		t.Fatalf("git log: %v", hashes)
	}
	type entry struct{ title, updated, author, id, term string }
	var got []entry
	others := 0
	for _, e := range f.Entries {
		if len(e.Links) != 1 || !strings.HasPrefix(e.Links[0].Href, base+"plans/") {
			t.Errorf("%s: links %+v, want an absolute plan page", e.ID, e.Links)
		} else if page := strings.TrimPrefix(e.Links[0].Href, base) + "index.html"; res.Files[page] == nil {
			t.Errorf("%s: link %s is no page of the site", e.ID, e.Links[0].Href)
		}
		if !strings.Contains(e.ID, "/dark-theme/") {
			others++ // the other plans: added as launched etc. in the first commit
			continue
		}
		got = append(got, entry{e.Title, e.Updated, e.Authors[0].Name, strings.TrimPrefix(e.ID, "tag:rolloutdocs,2026:plans/dark-theme/"), e.Categories[0].Term})
	}
	want := []entry{
		{"Dark Mode: in-review → approved", "2026-03-06T09:30:00+02:00", "Cy & Dee", hashes[0], "status"},
		{"Dark Mode: draft → in-review", "2026-03-03T09:30:00+02:00", "Ann Lee", hashes[3], "status"},
		{"Dark Mode: added as draft", "2026-03-01T09:30:00+02:00", "Ann Lee", hashes[4], "status"},
		{"Dark Mode changed: Rename dark mode to dark theme", "2026-03-05T09:30:00+02:00", "Bo Chan", hashes[1], "change"},
		{"Dark Mode changed: Dark mode: say what & why", "2026-03-04T09:30:00+02:00", "Bo Chan", hashes[2], "change"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("dark theme's entries:\n got %v\nwant %v", got, want)
	}
	if others != 7 {
		t.Errorf("%d entries of the other plans, want one each (7): added in the first commit", others)
	}
	// Status entries come before the other commits in the file.
	last := ""
	for _, e := range f.Entries {
		if e.Categories[0].Term == "status" && last == "change" {
			t.Errorf("%s: a status change after other changes", e.Title)
		}
		last = e.Categories[0].Term
	}
	sink, _, err := buildTo(t, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(sink.files[feedFile], res.Files[feedFile]) {
		t.Error("BuildTo's feed.xml differs from Build's")
	}
	if _, again := build(t, cfg); !bytes.Equal(again.Files[feedFile], res.Files[feedFile]) || !bytes.Equal(again.Files[calendarFile], res.Files[calendarFile]) {
		t.Error("two builds of one commit wrote different feeds")
	}

	// Without history: an entry per plan, for its created date, linked
	// relative to the site's root.
	_, plain := build(t, Config{Source: src})
	pf, err := (&atom.Parser{}).Parse(bytes.NewReader(plain.Files[feedFile]))
	if err != nil {
		t.Fatal(err)
	}
	if len(pf.Entries) != 8 {
		t.Errorf("%d entries without history, want 8 (one per plan)", len(pf.Entries))
	}
	for _, e := range pf.Entries {
		if !strings.HasSuffix(e.Title, ": created") || !strings.HasSuffix(e.Updated, "T00:00:00Z") || !strings.HasPrefix(e.Links[0].Href, "/plans/") {
			t.Errorf("entry without history: %q %s %s", e.Title, e.Updated, e.Links[0].Href)
		}
	}
}
