package feeds

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

// MaxEntries bounds feed.xml: the newest changes of the portfolio. Feed
// readers poll the file; a few hundred kilobytes of old news each time
// would be waste.
const MaxEntries = 50

// tagPrefix begins every id in the feed: a tag URI (RFC 4151) under a
// fixed authority, so an entry keeps its id when the site moves.
const tagPrefix = "tag:rolloutdocs,2026:"

// Change is one entry of feed.xml: a status a plan took, or another
// commit that changed it (or, without history from git, the plan's
// creation).
type Change struct {
	// ID is the entry's atom:id: the plan's slug and the commit's hash.
	ID string
	// Time is the commit's author date (the created date without git).
	Time    time.Time
	Title   string
	Summary string
	Author  string
	// URL is the plan page's address.
	URL string
	// Status is set for a status change (the first status included).
	Status bool
}

// Changes is one plan's entries for Feed, newest first, at most
// MaxEntries: with history from git (fromGit), a Status entry for each
// status the file took (draft, then draft → in-review, ...) and an entry
// for each other commit that changed it; a file git does not know (not
// committed yet) has none. Without history, one entry for the plan's
// created date, so a site built from a tarball still has a feed of its
// plans; a plan without a valid created date then has none.
func Changes(p Plan, fromGit bool) []Change {
	pl := p.Plan
	if pl == nil {
		return nil
	}
	title := pl.Title()
	id := tagPrefix + "plans/" + url.PathEscape(pl.Slug) + "/"
	if !fromGit {
		created, err := time.Parse(time.DateOnly, pl.Front.Created)
		if err != nil {
			return nil
		}
		var sum strings.Builder
		sum.WriteString("New rollout plan")
		if o := strings.TrimSpace(pl.Front.Owner); o != "" {
			fmt.Fprintf(&sum, " by %s", o)
		}
		if s := pl.Front.Status; s != "" {
			fmt.Fprintf(&sum, "; status %s", s)
		}
		sum.WriteString(".")
		return []Change{{ID: id + "created", Time: created, Title: title + ": created", Summary: sum.String(),
			Author: cmp.Or(strings.TrimSpace(pl.Front.Owner), "unknown"), URL: p.URL, Status: true}}
	}
	f := p.History
	if f == nil {
		return nil
	}
	var out []Change
	statusAt := map[string]bool{}
	for i, sc := range f.Statuses {
		if sc.Commit == nil {
			continue
		}
		statusAt[sc.Commit.Hash] = true
		var what string
		if i == 0 {
			what = "added as " + orNone(sc.Status)
		} else {
			what = orNone(f.Statuses[i-1].Status) + " → " + orNone(sc.Status)
		}
		out = append(out, Change{
			ID: id + sc.Commit.Hash, Time: sc.Commit.Time, Title: title + ": " + what,
			Summary: fmt.Sprintf("Status %s, by %s in commit %s: %s", what, authorOf(sc.Commit.Author), sc.Commit.Short(), sc.Commit.Subject),
			Author:  authorOf(sc.Commit.Author), URL: p.URL, Status: true,
		})
	}
	for _, c := range f.Commits {
		if statusAt[c.Hash] {
			continue // the status entry tells of this commit
		}
		out = append(out, Change{
			ID: id + c.Hash, Time: c.Time, Title: title + " changed: " + c.Subject,
			Summary: fmt.Sprintf("Changed by %s in commit %s: %s", authorOf(c.Author), c.Short(), c.Subject),
			Author:  authorOf(c.Author), URL: p.URL,
		})
	}
	return Latest(out, MaxEntries)
}

func orNone(status string) string { return cmp.Or(status, "(no status)") }

func authorOf(name string) string { return cmp.Or(strings.TrimSpace(name), "unknown") }

// Latest sorts changes newest first (the same instant by id, so the order
// never depends on the plans' order) and keeps the first n. It sorts in
// place.
func Latest(changes []Change, n int) []Change {
	slices.SortFunc(changes, func(a, b Change) int {
		if c := b.Time.Compare(a.Time); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	if len(changes) > n {
		changes = changes[:n:n]
	}
	return changes
}

// FeedSite is what the feed says of the site.
type FeedSite struct {
	Title string
	// HomeURL and FeedURL are the addresses of the site's index and of
	// feed.xml: absolute when the site has a base URL with a host, else
	// root-relative (readers resolve those against the feed's own
	// address).
	HomeURL, FeedURL string
}

// Feed is feed.xml: the newest MaxEntries of the changes, status changes
// first, then the other changes, each newest first. Its updated time is
// the newest entry's; a feed without entries (no plans) says 1970-01-01,
// since no time in the sources would be truer and the clock would make
// every build differ.
func Feed(site FeedSite, changes []Change) []byte {
	changes = Latest(slices.Clone(changes), MaxEntries)
	ordered := make([]Change, 0, len(changes))
	for _, status := range []bool{true, false} {
		for _, c := range changes {
			if c.Status == status {
				ordered = append(ordered, c)
			}
		}
	}
	updated := time.Unix(0, 0).UTC()
	if len(changes) > 0 {
		updated = changes[0].Time
	}
	id := tagPrefix + "feed"
	if u, err := url.Parse(site.FeedURL); err == nil && u.IsAbs() && u.Host != "" {
		id = site.FeedURL
	}
	title := "Rollout plan changes"
	if site.Title != "" {
		title = site.Title + ": plan changes"
	}
	feed := atomFeed{
		XMLNS:     "http://www.w3.org/2005/Atom",
		ID:        id,
		Title:     atomText{Type: "text", Text: title},
		Updated:   atomTime(updated),
		Author:    &atomPerson{Name: cmp.Or(site.Title, "rolloutdocs")},
		Generator: "rolloutdocs",
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: site.FeedURL},
			{Rel: "alternate", Type: "text/html", Href: site.HomeURL},
		},
	}
	for _, c := range ordered {
		e := atomEntry{
			ID: c.ID, Title: atomText{Type: "text", Text: c.Title}, Updated: atomTime(c.Time),
			Author:  &atomPerson{Name: c.Author},
			Summary: &atomText{Type: "text", Text: c.Summary},
		}
		if c.URL != "" {
			e.Links = []atomLink{{Rel: "alternate", Type: "text/html", Href: c.URL}}
		}
		term := "change"
		if c.Status {
			term = "status"
		}
		e.Categories = []atomCategory{{Term: term}}
		feed.Entries = append(feed.Entries, e)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(feed); err != nil {
		// The feed is strings and slices of them, which always encode
		// (a character XML cannot hold becomes U+FFFD): a bug if not.
		panic(fmt.Sprintf("feed.xml: %v", err))
	}
	buf.WriteString("\n")
	return buf.Bytes()
}

func atomTime(t time.Time) string { return t.Format(time.RFC3339) }

type atomFeed struct {
	XMLName   xml.Name    `xml:"feed"`
	XMLNS     string      `xml:"xmlns,attr"`
	ID        string      `xml:"id"`
	Title     atomText    `xml:"title"`
	Updated   string      `xml:"updated"`
	Author    *atomPerson `xml:"author"`
	Generator string      `xml:"generator"`
	Links     []atomLink  `xml:"link"`
	Entries   []atomEntry `xml:"entry"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Updated    string         `xml:"updated"`
	Author     *atomPerson    `xml:"author"`
	Links      []atomLink     `xml:"link"`
	Categories []atomCategory `xml:"category"`
	Summary    *atomText      `xml:"summary"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}
