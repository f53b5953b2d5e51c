package sitegraph

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Difference is one way two builds disagree.
type Difference struct {
	URL  string
	What string // "missing", "title", "h1", "text", "links"
	// A and B say what each site has.
	A, B string
}

func (d Difference) String() string {
	return fmt.Sprintf("%s: %s differs:\n\tA: %s\n\tB: %s", d.URL, d.What, d.A, d.B)
}

// Scope limits a comparison. A nil func selects everything.
type Scope struct {
	// Page selects the page URLs to compare (for example only the pages
	// rolloutdocs made, not a Hugo site's own).
	Page func(url string) bool
	// Link selects which link targets take part in link-set comparison.
	Link func(target string) bool
}

// Compare reports how site b differs from site a on the pages in scope:
// pages only one has, and pages whose title, h1 or set of internal link
// targets differ. The result is sorted by URL.
func Compare(a, b *Site, scope Scope) []Difference {
	pageIn := scope.Page
	if pageIn == nil {
		pageIn = func(string) bool { return true }
	}
	linkIn := scope.Link
	if linkIn == nil {
		linkIn = func(string) bool { return true }
	}
	urls := map[string]bool{}
	for u := range a.Pages {
		if pageIn(u) {
			urls[u] = true
		}
	}
	for u := range b.Pages {
		if pageIn(u) {
			urls[u] = true
		}
	}
	var diffs []Difference
	for _, u := range slices.Sorted(maps.Keys(urls)) {
		pa, pb := a.Pages[u], b.Pages[u]
		switch {
		case pa == nil:
			diffs = append(diffs, Difference{URL: u, What: "missing", A: "(no page)", B: pb.File})
			continue
		case pb == nil:
			diffs = append(diffs, Difference{URL: u, What: "missing", A: pa.File, B: "(no page)"})
			continue
		}
		if pa.Title != pb.Title {
			diffs = append(diffs, Difference{URL: u, What: "title", A: pa.Title, B: pb.Title})
		}
		if pa.H1 != pb.H1 {
			diffs = append(diffs, Difference{URL: u, What: "h1", A: pa.H1, B: pb.H1})
		}
		if pa.Text != pb.Text {
			at, bt := firstDifference(pa.Text, pb.Text)
			diffs = append(diffs, Difference{URL: u, What: "text", A: at, B: bt})
		}
		la, lb := filter(pa.Links, linkIn), filter(pb.Links, linkIn)
		if !slices.Equal(la, lb) {
			onlyA, onlyB := minus(la, lb), minus(lb, la)
			diffs = append(diffs, Difference{URL: u, What: "links",
				A: "only here: " + strings.Join(onlyA, " "),
				B: "only here: " + strings.Join(onlyB, " ")})
		}
	}
	return diffs
}

func filter(xs []string, keep func(string) bool) []string {
	var out []string
	for _, x := range xs {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

// minus returns the elements of a (sorted) not in b (sorted).
func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if _, found := slices.BinarySearch(b, x); !found {
			out = append(out, x)
		}
	}
	return out
}

// firstDifference returns both texts around where they first differ, so a
// long page's difference reads in one line.
func firstDifference(a, b string) (string, string) {
	ra, rb := []rune(a), []rune(b)
	i := 0
	for i < len(ra) && i < len(rb) && ra[i] == rb[i] {
		i++
	}
	start := max(0, i-40)
	clip := func(r []rune) string {
		end := min(len(r), i+60)
		out := string(r[min(start, len(r)):end])
		if start > 0 {
			out = "…" + out
		}
		if end < len(r) {
			out += "…"
		}
		return out
	}
	return clip(ra), clip(rb)
}
