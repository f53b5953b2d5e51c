package feeds

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"

	"github.com/rolloutdocs/rolloutdocs/internal/history"
)

// parseAtom parses feed.xml with gofeed: its type detection must call it
// Atom, and its Atom parser gives the elements as written.
func parseAtom(t *testing.T, data []byte) *atom.Feed {
	t.Helper()
	universal, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("feed does not parse: %v\n%s", err, data)
	}
	if universal.FeedType != "atom" || universal.FeedVersion != "1.0" {
		t.Errorf("feed type %s %s, want atom 1.0", universal.FeedType, universal.FeedVersion)
	}
	f, err := (&atom.Parser{}).Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("feed does not parse as Atom: %v\n%s", err, data)
	}
	return f
}

var zone = time.FixedZone("", 2*3600)

func commit(hash string, day int, author, subject string) *history.Commit {
	return &history.Commit{Hash: hash, Author: author, Subject: subject, Time: time.Date(2026, 3, day, 9, 30, 0, 0, zone)}
}

// checkoutHistory: added as draft on the 1st, edited on the 2nd, in
// review on the 3rd, edited on the 4th, approved on the 5th.
func checkoutHistory() *history.File {
	c1, c2, c3 := commit("c1", 1, "Ann Lee", "Add checkout"), commit("c2", 2, "Bo Chan", "Fix the canary"), commit("c3", 3, "Ann Lee", "Ready for review")
	c4, c5 := commit("c4", 4, "Bo Chan", "Tighten triggers"), commit("c5", 5, "Cy & Dee", "Approve <checkout>")
	return &history.File{
		Commits:  []*history.Commit{c5, c4, c3, c2, c1},
		Statuses: []history.StatusChange{{Status: "draft", Commit: c1}, {Status: "in-review", Commit: c3}, {Status: "approved", Commit: c5}},
	}
}

func TestFeedOfGitHistory(t *testing.T) {
	p := Plan{Plan: parsePlan(t, "checkout", planSource("Checkout & <Pay>", "approved", "")), URL: "https://docs.example/plans/checkout/", History: checkoutHistory()}
	site := FeedSite{Title: "Rollouts", HomeURL: "https://docs.example/", FeedURL: "https://docs.example/feed.xml"}
	data := Feed(site, Changes(p, true))
	f := parseAtom(t, data)
	if f.ID != site.FeedURL || f.Title != "Rollouts: plan changes" {
		t.Errorf("feed id %q title %q", f.ID, f.Title)
	}
	if f.UpdatedParsed == nil || !f.UpdatedParsed.Equal(time.Date(2026, 3, 5, 9, 30, 0, 0, zone)) {
		t.Errorf("feed updated %v, want the newest commit's time", f.Updated)
	}
	var self, alt string
	for _, l := range f.Links {
		switch l.Rel {
		case "self":
			self = l.Href
		case "alternate":
			alt = l.Href
		}
	}
	if self != site.FeedURL || alt != site.HomeURL {
		t.Errorf("links self %q alternate %q", self, alt)
	}
	// Status changes first, newest first; then the other commits.
	want := []struct{ id, title, author, updated, term string }{
		{"c5", "Checkout & <Pay>: in-review → approved", "Cy & Dee", "2026-03-05T09:30:00+02:00", "status"},
		{"c3", "Checkout & <Pay>: draft → in-review", "Ann Lee", "2026-03-03T09:30:00+02:00", "status"},
		{"c1", "Checkout & <Pay>: added as draft", "Ann Lee", "2026-03-01T09:30:00+02:00", "status"},
		{"c4", "Checkout & <Pay> changed: Tighten triggers", "Bo Chan", "2026-03-04T09:30:00+02:00", "change"},
		{"c2", "Checkout & <Pay> changed: Fix the canary", "Bo Chan", "2026-03-02T09:30:00+02:00", "change"},
	}
	if len(f.Entries) != len(want) {
		t.Fatalf("%d entries, want %d:\n%s", len(f.Entries), len(want), data)
	}
	for i, w := range want {
		e := f.Entries[i]
		if e.ID != "tag:rolloutdocs,2026:plans/checkout/"+w.id {
			t.Errorf("entry %d: id %q, want the plan's and commit %s's", i, e.ID, w.id)
		}
		if e.Title != w.title || e.Updated != w.updated {
			t.Errorf("entry %d: %q at %s, want %q at %s", i, e.Title, e.Updated, w.title, w.updated)
		}
		if len(e.Authors) != 1 || e.Authors[0].Name != w.author {
			t.Errorf("entry %d: authors %+v, want %s", i, e.Authors, w.author)
		}
		if len(e.Links) != 1 || e.Links[0].Href != p.URL || e.Links[0].Rel != "alternate" {
			t.Errorf("entry %d: links %+v, want the plan page", i, e.Links)
		}
		if len(e.Categories) != 1 || e.Categories[0].Term != w.term {
			t.Errorf("entry %d: categories %+v, want %s", i, e.Categories, w.term)
		}
		if !strings.Contains(e.Summary, "commit "+w.id) {
			t.Errorf("entry %d: summary %q does not name the commit", i, e.Summary)
		}
	}
	if !strings.Contains(f.Entries[0].Summary, "Approve <checkout>") {
		t.Errorf("the commit subject is not in the summary as written: %q", f.Entries[0].Summary)
	}
}

func TestFeedIsBoundedAndDeterministic(t *testing.T) {
	var all []Change
	for i := range 30 {
		h := &history.File{}
		for d := 1; d <= 4; d++ {
			c := commit(fmt.Sprintf("p%dc%d", i, d), d+i%20, "A", fmt.Sprintf("edit %d", d))
			h.Commits = append([]*history.Commit{c}, h.Commits...)
			if d == 1 || d == 3 {
				h.Statuses = append(h.Statuses, history.StatusChange{Status: fmt.Sprintf("s%d", d), Commit: c})
			}
		}
		p := Plan{Plan: parsePlan(t, fmt.Sprintf("p%02d", i), planSource(fmt.Sprintf("P%d", i), "draft", "")), URL: "/plans/x/", History: h}
		all = append(all, Changes(p, true)...)
	}
	site := FeedSite{HomeURL: "/", FeedURL: "/feed.xml"}
	data := Feed(site, all)
	f := parseAtom(t, data)
	if len(f.Entries) != MaxEntries {
		t.Fatalf("%d entries, want %d", len(f.Entries), MaxEntries)
	}
	// The newest MaxEntries of the 120 changes are in it: none older than
	// any left out.
	kept := map[string]bool{}
	var oldestKept time.Time
	for _, e := range f.Entries {
		kept[e.ID] = true
		if oldestKept.IsZero() || e.UpdatedParsed.Before(oldestKept) {
			oldestKept = *e.UpdatedParsed
		}
	}
	for _, c := range all {
		if !kept[c.ID] && c.Time.After(oldestKept) {
			t.Errorf("%s (%v) left out, yet newer than a kept entry (%v)", c.ID, c.Time, oldestKept)
		}
	}
	// Status entries first, then changes; each part newest first.
	seenChange := false
	for i, e := range f.Entries {
		status := e.Categories[0].Term == "status"
		if status && seenChange {
			t.Errorf("entry %d is a status change after other changes", i)
		}
		seenChange = seenChange || !status
		if i > 0 && (f.Entries[i-1].Categories[0].Term == "status") == status && e.UpdatedParsed.After(*f.Entries[i-1].UpdatedParsed) {
			t.Errorf("entry %d is newer than the one before it", i)
		}
	}
	// The plans' order does not change the bytes.
	reversed := make([]Change, len(all))
	for i, c := range all {
		reversed[len(all)-1-i] = c
	}
	if again := Feed(site, reversed); !bytes.Equal(again, data) {
		t.Error("the feed depends on the order of the plans")
	}
	if f.ID != "tag:rolloutdocs,2026:feed" {
		t.Errorf("feed id %q without a base URL", f.ID)
	}
}

func TestFeedWithoutGit(t *testing.T) {
	p := Plan{Plan: parsePlan(t, "dark", planSource("Dark", "in-review", "")), URL: "/plans/dark/"}
	if got := Changes(p, true); got != nil {
		t.Errorf("a file git does not know has changes: %+v", got)
	}
	f := parseAtom(t, Feed(FeedSite{Title: "R", HomeURL: "/", FeedURL: "/feed.xml"}, Changes(p, false)))
	if len(f.Entries) != 1 {
		t.Fatalf("%d entries, want the plan's creation", len(f.Entries))
	}
	e := f.Entries[0]
	if e.Title != "Dark: created" || e.Updated != "2026-02-01T00:00:00Z" || e.ID != "tag:rolloutdocs,2026:plans/dark/created" {
		t.Errorf("entry %q %s %s", e.Title, e.Updated, e.ID)
	}
	if e.Authors[0].Name != "Ann Lee" || !strings.Contains(e.Summary, "status in-review") {
		t.Errorf("author %q summary %q", e.Authors[0].Name, e.Summary)
	}
	if e.Links[0].Href != "/plans/dark/" {
		t.Errorf("link %q, want the relative page address", e.Links[0].Href)
	}
	// No plans: still a feed, with a fixed updated time.
	empty := parseAtom(t, Feed(FeedSite{HomeURL: "/", FeedURL: "/feed.xml"}, nil))
	if len(empty.Entries) != 0 || empty.Updated != "1970-01-01T00:00:00Z" {
		t.Errorf("empty feed: %d entries, updated %s", len(empty.Entries), empty.Updated)
	}
}

// TestFeedHostileText: markup, ampersands, quotes, control characters and
// long non-ASCII text in titles, owners and commit subjects come back from
// the parser as written (control characters as U+FFFD).
func TestFeedHostileText(t *testing.T) {
	title := `</title><script>alert("x")</script> & ]]> ` + strings.Repeat("段階的 🚀 ", 40)
	c := commit("h1", 1, `"Eve" <eve@x> & co`, "subject with \x07 bell & <b>")
	h := &history.File{Commits: []*history.Commit{c}, Statuses: []history.StatusChange{{Status: "draft", Commit: c}}}
	p := Plan{Plan: parsePlan(t, "h", planSource(title, "draft", "")), URL: "https://x.example/plans/h/?a=1&b=2", History: h}
	data := Feed(FeedSite{Title: "A & B <c>", HomeURL: "https://x.example/", FeedURL: "https://x.example/feed.xml"}, Changes(p, true))
	if bytes.Contains(data, []byte("<script>")) || bytes.Contains(data, []byte("\x07")) {
		t.Fatalf("unescaped text in the feed:\n%s", data)
	}
	f := parseAtom(t, data)
	if f.Title != "A & B <c>: plan changes" {
		t.Errorf("feed title %q", f.Title)
	}
	e := f.Entries[0]
	if e.Title != title+": added as draft" {
		t.Errorf("title round trip:\n got %q\nwant %q", e.Title, title+": added as draft")
	}
	if e.Authors[0].Name != `"Eve" <eve@x> & co` {
		t.Errorf("author %q", e.Authors[0].Name)
	}
	if !strings.Contains(e.Summary, "subject with \uFFFD bell & <b>") {
		t.Errorf("summary %q", e.Summary)
	}
	if e.Links[0].Href != p.URL {
		t.Errorf("link %q", e.Links[0].Href)
	}
}
