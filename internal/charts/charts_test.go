package charts

import (
	"encoding/xml"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var phases = []Phase{
	{Label: "Internal <testing>", Days: 5, State: "done", StateLabel: "Done"},
	{Label: "Canary & friends", Days: 7, Percentages: []float64{1}, State: "active", StateLabel: "In progress"},
	{Label: "Ramp", Days: 10, Percentages: []float64{10, 25, 50}, State: "todo", StateLabel: "Not started"},
	{Label: "Launch", Days: 0, Percentages: []float64{100}, StateLabel: "Not started"},
}

// node is a parsed element: enough of a DOM to ask what a chart holds.
type node struct {
	name     string
	attr     map[string]string
	children []*node
	text     strings.Builder // all the text inside, in document order
}

// parse reads a chart's markup as XML, which also proves every element is
// closed and every character escaped.
func parse(t *testing.T, markup string) *node {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(markup))
	root := &node{name: "#root"}
	stack := []*node{root}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("chart markup is not well formed: %v\n%s", err, markup)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{name: tok.Name.Local, attr: map[string]string{}}
			for _, a := range tok.Attr {
				n.attr[a.Name.Local] = a.Value
			}
			top := stack[len(stack)-1]
			top.children = append(top.children, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			for _, open := range stack {
				open.text.Write(tok)
			}
		}
	}
	return root
}

// all returns the elements under n (n included) that match keep, in
// document order.
func (n *node) all(keep func(*node) bool) []*node {
	var out []*node
	if keep(n) {
		out = append(out, n)
	}
	for _, c := range n.children {
		out = append(out, c.all(keep)...)
	}
	return out
}

func (n *node) hasClass(c string) bool { return slices.Contains(strings.Fields(n.attr["class"]), c) }

func byClass(c string) func(*node) bool { return func(n *node) bool { return n.hasClass(c) } }

func byName(name string) func(*node) bool { return func(n *node) bool { return n.name == name } }

// textContent is the element's text with runs of spaces collapsed.
func (n *node) textContent() string { return strings.Join(strings.Fields(n.text.String()), " ") }

func TestTimeline(t *testing.T) {
	type bar struct{ x, width string }
	tests := []struct {
		name   string
		phases []Phase
		start  string
		rows   []string
		bars   []bar // the percentage bar of each row
		axis   []string
	}{
		{
			name:   "dated",
			phases: phases,
			start:  "2026-02-02",
			rows: []string{
				"Internal <testing> Done · Feb 2 – Feb 6 (5 days)",
				"Canary & friends In progress · Feb 7 – Feb 13 (7 days)",
				"Ramp Not started · Feb 14 – Feb 23 (10 days)",
				"Launch Not started · length not given",
			},
			// 22 days in all; the phase without a length takes none.
			bars: []bar{{"0%", "22.7%"}, {"22.7%", "31.8%"}, {"54.5%", "45.5%"}, {"100%", "0%"}},
			axis: []string{"Feb 2", "Feb 7", "Feb 12", "Feb 17", "Feb 22"},
		},
		{
			name:   "days without a start date",
			phases: phases[:2],
			rows:   []string{"Internal <testing> Done · 5 days", "Canary & friends In progress · 7 days"},
			bars:   []bar{{"0%", "41.7%"}, {"41.7%", "58.3%"}},
			axis:   []string{"day 0", "day 2", "day 4", "day 6", "day 8", "day 10", "day 12"},
		},
		{
			name:   "a one-day phase",
			phases: []Phase{{Label: "Flip", Days: 1, State: "active", StateLabel: "In progress"}},
			start:  "2026-03-01",
			rows:   []string{"Flip In progress · Mar 1 (1 day)"},
			bars:   []bar{{"0%", "100%"}},
			axis:   []string{"Mar 1", "Mar 2"},
		},
		{
			name:   "no phase has a length: equal slots, no axis",
			phases: []Phase{{Label: "A", State: "done"}, {Label: "B"}},
			start:  "2026-02-02",
			rows:   []string{"A length not given", "B length not given"},
			bars:   []bar{{"0%", "50%"}, {"50%", "50%"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := Timeline(tt.phases, tt.start)
			doc := parse(t, out)
			var rows []string
			var bars []bar
			for i, li := range doc.all(byName("li")) {
				rows = append(rows, li.textContent())
				if want := "state-" + stateClass(tt.phases[i].State); !li.hasClass(want) {
					t.Errorf("row %d has class %q, want %s", i, li.attr["class"], want)
				}
				rects := li.all(byClass("bar"))
				if len(rects) == 0 {
					t.Fatalf("row %d has no bar", i)
				}
				bars = append(bars, bar{rects[0].attr["x"], rects[0].attr["width"]})
				// A sliver of a bar gets a companion of fixed width, so it shows.
				hasMin := slices.ContainsFunc(rects, func(r *node) bool { return r.attr["width"] == "6" })
				if thin := percent(t, rects[0].attr["width"]) < 2; thin != hasMin {
					t.Errorf("row %d: bar of %s, minimum-width bar drawn: %v", i, rects[0].attr["width"], hasMin)
				}
			}
			if !slices.Equal(rows, tt.rows) {
				t.Errorf("rows:\n got %q\nwant %q", rows, tt.rows)
			}
			if !slices.Equal(bars, tt.bars) {
				t.Errorf("bars (x, width):\n got %v\nwant %v", bars, tt.bars)
			}
			var axis []string
			for i, l := range doc.all(byClass("tick-label")) {
				axis = append(axis, l.textContent())
				// Every other label may drop out on a narrow screen.
				if l.hasClass("minor") != (i%2 == 1) {
					t.Errorf("axis label %d (%s) has class %q", i, l.textContent(), l.attr["class"])
				}
			}
			if !slices.Equal(axis, tt.axis) {
				t.Errorf("axis labels %q, want %q", axis, tt.axis)
			}
			if Timeline(tt.phases, tt.start) != out {
				t.Error("two calls with the same input differ")
			}
		})
	}
	if Timeline(nil, "") != "" {
		t.Error("no phases should draw nothing")
	}
}

// TestTimelineTextIsHTML checks what keeps the timeline legible at every
// width: its words are HTML text, the drawings it holds are decoration,
// and nothing in it is scaled (no viewBox) or styled inline.
func TestTimelineTextIsHTML(t *testing.T) {
	out := Timeline(phases, "2026-02-02")
	if strings.Contains(out, "<testing>") || !strings.Contains(out, "Internal &lt;testing&gt;") {
		t.Errorf("label not escaped:\n%s", out)
	}
	doc := parse(t, out)
	for _, svg := range doc.all(byName("svg")) {
		if svg.attr["aria-hidden"] != "true" {
			t.Errorf("an svg in the timeline is not aria-hidden: %v", svg.attr)
		}
		if _, ok := svg.attr["viewBox"]; ok {
			t.Errorf("an svg in the timeline has a viewBox, which would scale its text: %v", svg.attr)
		}
	}
	for _, n := range doc.all(func(*node) bool { return true }) {
		if _, ok := n.attr["style"]; ok {
			t.Errorf("<%s> has an inline style", n.name)
		}
	}
	if rows := doc.all(byName("ol")); len(rows) != 1 {
		t.Errorf("want the phases as one ordered list, found %d", len(rows))
	}
}

func percent(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	if err != nil || !strings.HasSuffix(s, "%") {
		t.Fatalf("%q is not a percentage", s)
	}
	return f
}

func TestCurve(t *testing.T) {
	svg := Curve("c1", phases, "")
	doc := parse(t, svg)
	root := doc.children[0]
	if root.attr["role"] != "img" || root.attr["aria-labelledby"] != "c1-title c1-desc" {
		t.Errorf("the curve is not an image named by its title and description: %v", root.attr)
	}
	if got := doc.all(byName("desc"))[0].textContent(); got != "Share of users exposed: 1% by day 5, 10% by day 12, 25% by day 15, 50% by day 19, 100% by day 22." {
		t.Errorf("desc = %q", got)
	}
	// One dot per step, placed along the width in percent.
	var cx []string
	for _, d := range doc.all(byClass("dot")) {
		cx = append(cx, d.attr["cx"])
	}
	if want := []string{"22.7%", "54.5%", "69.7%", "84.8%", "100%"}; !slices.Equal(cx, want) {
		t.Errorf("dots at %q, want %q", cx, want)
	}
	// Only the plot is stretched; the text around it keeps its size.
	for _, s := range doc.all(func(n *node) bool { _, ok := n.attr["viewBox"]; return ok }) {
		if s.attr["preserveAspectRatio"] != "none" || len(s.all(byName("text"))) > 0 {
			t.Errorf("a scaled drawing holds text or keeps its aspect: %v", s.attr)
		}
		for _, l := range s.all(byClass("line")) {
			if l.attr["vector-effect"] != "non-scaling-stroke" {
				t.Error("the curve's line would stretch with the plot")
			}
		}
	}
	var ys []string
	for _, l := range doc.all(byClass("y")) {
		ys = append(ys, l.textContent())
	}
	if want := []string{"0%", "25%", "50%", "75%", "100%"}; !slices.Equal(ys, want) {
		t.Errorf("y labels %q, want %q", ys, want)
	}
	if dated := Curve("c2", phases, "2026-02-02"); !strings.Contains(dated, "1% by Feb 7") || !strings.Contains(dated, ">Feb 2<") {
		t.Errorf("with a start date the curve speaks in dates:\n%s", dated)
	}
	if Curve("c3", []Phase{{Label: "x", Days: 3}}, "") != "" {
		t.Error("no percentages should draw nothing")
	}
	undated := parse(t, Curve("c4", []Phase{{Label: "x", Percentages: []float64{50}}, {Label: "y", Percentages: []float64{100}}}, ""))
	if n := len(undated.all(byClass("tick-label"))) - len(undated.all(byClass("y"))); n != 0 {
		t.Errorf("no phase has a length, yet the curve labels %d made-up days", n)
	}
	if strings.Contains(Curve("c5", []Phase{{Label: "<b>", Days: 2, Percentages: []float64{5}}}, ""), "<b>") {
		t.Error("the curve let markup through")
	}
}

func TestTicks(t *testing.T) {
	for _, total := range []int{0, 1, 5, 42, 100, 400, 5000} {
		ts := ticks(total)
		if len(ts) == 0 || ts[0] != 0 || len(ts) > 20 || ts[len(ts)-1] > total && total > 0 {
			t.Errorf("ticks(%d) = %v", total, ts)
		}
	}
}

// BenchmarkCharts draws one plan's timeline and rollout curve, as every
// plan page carries them.
//
//	go test ./internal/charts -run '^$' -bench Charts -benchmem
func BenchmarkCharts(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if Timeline(phases, "2025-03-03") == "" || Curve("curve-x", phases, "2025-03-03") == "" {
			b.Fatal("no chart")
		}
	}
}

// TestOpenEndedPhaseStopsTheDates: a phase after an open-ended one never
// starts, so neither chart gives a date from there on; a last phase that
// is open-ended leaves the dates as they are.
func TestOpenEndedPhaseStopsTheDates(t *testing.T) {
	middle := []Phase{{Label: "1. Internal", Days: 5}, {Label: "2. Canary", OpenEnded: true, Percentages: []float64{5}}, {Label: "3. Launch", Days: 7, Percentages: []float64{100}}}
	last := []Phase{{Label: "1. Internal", Days: 5}, {Label: "2. Launch", OpenEnded: true, Percentages: []float64{100}}}
	cases := []struct {
		name       string
		phases     []Phase
		want, lack []string
	}{
		{"open-ended in the middle", middle,
			[]string{"Mar 2 – Mar 6 (5 days)", "open-ended", "7 days, after an open-ended phase", ">day 0<"},
			[]string{"Mar 7", "Mar 13", ">Mar 2<"}},
		{"open-ended last", last,
			[]string{"Mar 2 – Mar 6 (5 days)", "open-ended", ">Mar 2<"},
			[]string{"after an open-ended phase", ">day 0<"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			html := Timeline(tc.phases, "2026-03-02")
			for _, w := range tc.want {
				if !strings.Contains(html, w) {
					t.Errorf("timeline lacks %q", w)
				}
			}
			for _, l := range tc.lack {
				if strings.Contains(html, l) {
					t.Errorf("timeline has %q", l)
				}
			}
		})
	}
	if svg := Curve("c", middle, "2026-03-02"); strings.Contains(svg, "Mar ") {
		t.Errorf("the curve dates steps after an open-ended phase: %s", svg)
	}
}
