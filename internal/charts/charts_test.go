package charts

import (
	"strings"
	"testing"
)

var phases = []Phase{
	{Label: "Internal <testing>", Days: 5, State: "done"},
	{Label: "Canary & friends", Days: 7, Percentages: []float64{1}, State: "active"},
	{Label: "Ramp", Days: 10, Percentages: []float64{10, 25, 50}},
	{Label: "Launch", Days: 0, Percentages: []float64{100}},
}

func TestTimeline(t *testing.T) {
	svg := Timeline("t1", phases, "2026-02-02")
	for _, want := range []string{
		`role="img"`, `aria-labelledby="t1-title t1-desc"`, `<title id="t1-title">Phase timeline</title>`,
		"Internal &lt;testing&gt;: 5 days, Feb 2 to Feb 6", "Canary &amp; friends: 7 days, Feb 7 to Feb 13",
		"Launch: length not given", `class="bar done"`, `class="bar active"`, `class="bar todo"`, ">Feb 2<",
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("timeline lacks %q:\n%s", want, svg)
		}
	}
	if strings.Contains(svg, "<testing>") {
		t.Error("label not escaped")
	}
	if got := Timeline("t1", phases, "2026-02-02"); got != svg {
		t.Error("not deterministic")
	}
	if days := Timeline("t2", phases, ""); !strings.Contains(days, ">day 0<") || strings.Contains(days, "Feb") {
		t.Errorf("without a start the axis counts days:\n%s", days)
	}
	if Timeline("t3", nil, "") != "" {
		t.Error("no phases should draw nothing")
	}
}

func TestCurve(t *testing.T) {
	svg := Curve("c1", phases, "")
	for _, want := range []string{`<title id="c1-title">Rollout curve</title>`, "1% by day 5", "50% by day", "100% by day 22", `class="line"`} {
		if !strings.Contains(svg, want) {
			t.Errorf("curve lacks %q:\n%s", want, svg)
		}
	}
	if strings.Count(svg, `class="dot"`) != 5 {
		t.Errorf("want one dot per step:\n%s", svg)
	}
	if Curve("c2", []Phase{{Label: "x", Days: 3}}, "") != "" {
		t.Error("no percentages should draw nothing")
	}
}

func TestTicks(t *testing.T) {
	for _, total := range []int{0, 1, 5, 42, 100, 400, 5000} {
		ts := ticks(total)
		if len(ts) == 0 || ts[0] != 0 || len(ts) > 20 {
			t.Errorf("ticks(%d) = %v", total, ts)
		}
	}
}
