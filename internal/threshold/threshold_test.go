package threshold

import (
	"math"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in     string
		ok     bool
		op     Op
		change bool
		value  float64 // in the dimension's base unit
		dim    Dimension
		text   string
	}{
		// targets
		{"<0.1% increase", true, Less, true, 0.1, Percent, "<0.1% increase"},
		{"<10% increase", true, Less, true, 10, Percent, "<10% increase"},
		{"<150ms", true, Less, false, 150, Time, "<150ms"},
		{"< 150 ms", true, Less, false, 150, Time, "< 150 ms"},
		{">= 35%", true, GreaterEq, false, 35, Percent, ">= 35%"},
		{"≥ 99.5%", true, GreaterEq, false, 99.5, Percent, "≥ 99.5%"},
		{"<=2s", true, LessEq, false, 2000, Time, "<=2s"},
		{"below 99.9%", true, Less, false, 99.9, Percent, "below 99.9%"},
		{"at least 40%", true, GreaterEq, false, 40, Percent, "at least 40%"},
		{"no more than 3", true, LessEq, false, 3, Count, "no more than 3"},
		{"<3", true, Less, false, 3, Count, "<3"},
		{"99.9% or more", true, GreaterEq, false, 99.9, Percent, "99.9% or more"},
		{"30s max", true, LessEq, false, 30_000, Time, "30s max"},
		{"<20% increase", true, Less, true, 20, Percent, "<20% increase"},
		{"<5% decrease", true, Greater, true, -5, Percent, "<5% decrease"},
		{"10% reduction", true, LessEq, true, -10, Percent, "10% reduction"},
		{"<500ms", true, Less, false, 500, Time, "<500ms"},
		{"< 10/week", true, Less, false, 10.0 / 7, Rate, "< 10/week"},
		{"<2 MB", true, Less, false, 2e6, Size, "<2 MB"},
		{"under 1,500 ms", true, Less, false, 1500, Time, "under 1,500 ms"},
		// triggers
		{"Error rate increases by more than 0.5%", true, Greater, true, 0.5, Percent, "increases by more than 0.5%"},
		{"P95 latency increases by more than 50%", true, Greater, true, 50, Percent, "increases by more than 50%"},
		{"Latency exceeds 1 second", true, Greater, false, 1000, Time, "exceeds 1 second"},
		{"exceeds 2 seconds for 5 minutes", true, Greater, false, 2000, Time, "exceeds 2 seconds"},
		{"Checkout conversion rate drops below 3.0% for 24 hours", true, Less, false, 3, Percent, "below 3.0%"},
		{"Crash-free sessions drop below 99.0%", true, Less, false, 99, Percent, "below 99.0%"},
		{"Support tickets increase by more than 50% week over week", true, Greater, true, 50, Percent, "increase by more than 50%"},
		{"Conversion decreases by more than 5%", true, Less, true, -5, Percent, "decreases by more than 5%"},
		{"Revenue drops by 10%", true, LessEq, true, -10, Percent, "drops by 10%"},
		{"Queue depth rises above 5000", true, Greater, false, 5000, Count, "above 5000"},
		{"Latency increases more than 20%", true, Greater, true, 20, Percent, "increases more than 20%"},
		{"Replication lag exceeds 5000ms during a cutover", true, Greater, false, 5000, Time, "exceeds 5000ms"},
		{"Write downtime per shard exceeds 120s", true, Greater, false, 120_000, Time, "exceeds 120s"},
		{"more than 5 errors per minute", true, Greater, false, 5 * 1440, Rate, "more than 5 errors per minute"},
		{"p99 latency over 2.5 s", true, Greater, false, 2500, Time, "over 2.5 s"},
		{"Error rate in EU-1 exceeds 2%", true, Greater, false, 2, Percent, "exceeds 2%"},
		{"latency up by more than 100ms", true, Greater, true, 100, Time, "up by more than 100ms"},
		{"LATENCY EXCEEDS 300MS", true, Greater, false, 300, Time, "EXCEEDS 300MS"},
		// no threshold
		{"Any data corruption detected", false, 0, false, 0, 0, ""},
		{"99.9%", false, 0, false, 0, 0, ""},
		{"[target]%", false, 0, false, 0, 0, ""},
		{"Critical security vulnerability discovered", false, 0, false, 0, 0, ""},
		{"P95 latency regresses", false, 0, false, 0, 0, ""},
		{"", false, 0, false, 0, 0, ""},
		{"over the weekend", false, 0, false, 0, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := Parse(tt.in)
			if ok != tt.ok {
				t.Fatalf("Parse(%q) ok = %v, want %v (got %+v)", tt.in, ok, tt.ok, got)
			}
			if !ok {
				return
			}
			if got.Op != tt.op || got.Change != tt.change || got.Bound.Unit.Dim != tt.dim || math.Abs(got.Bound.Value-tt.value) > 1e-9 || got.Text != tt.text {
				t.Errorf("Parse(%q) = op %v change %v value %v %v text %q; want op %v change %v value %v %v text %q",
					tt.in, got.Op, got.Change, got.Bound.Value, got.Bound.Unit.Dim, got.Text,
					tt.op, tt.change, tt.value, tt.dim, tt.text)
			}
			if tt.in[got.Start:got.End] != got.Text {
				t.Errorf("span %d:%d = %q, want %q", got.Start, got.End, tt.in[got.Start:got.End], got.Text)
			}
		})
	}
}

func TestParseQuantity(t *testing.T) {
	tests := []struct {
		in    string
		ok    bool
		value float64
		dim   Dimension
	}{
		{"820ms", true, 820, Time},
		{"45/week", true, 45.0 / 7, Rate},
		{"3.4%", true, 3.4, Percent},
		{"1.2 s", true, 1200, Time},
		{"14", true, 14, Count},
		{"[current]", false, 0, 0},
		{"n/a", false, 0, 0},
	}
	for _, tt := range tests {
		got, ok := ParseQuantity(tt.in)
		if ok != tt.ok || (ok && (math.Abs(got.Value-tt.value) > 1e-9 || got.Unit.Dim != tt.dim)) {
			t.Errorf("ParseQuantity(%q) = %+v, %v; want %v %v, %v", tt.in, got, ok, tt.value, tt.dim, tt.ok)
		}
	}
}

func TestOverlap(t *testing.T) {
	tests := []struct {
		name, target, trigger, baseline string
		comparable, overlap             bool
	}{
		{"looser trigger", "<0.1% increase", "increases by more than 0.5%", "", true, false},
		{"trigger inside target", "<1% increase", "increases by more than 0.5%", "", true, true},
		{"units convert", "<150ms", "exceeds 1 second", "", true, false},
		{"units convert, inside", "<2s", "exceeds 1500ms", "", true, true},
		{"lower bound target", ">= 3.8%", "drops below 3.0%", "", true, false},
		{"lower bound target, inside", ">= 3.8%", "drops below 4%", "", true, true},
		{"equal open bounds touch", "<150ms", "exceeds 150ms", "", true, false},
		{"equal closed bounds meet", "<=150ms", ">= 150ms", "", true, true},
		{"same direction always meets", "<1.5%", "drops below 1%", "", true, true},
		{"change vs level through baseline", "<10% increase", "exceeds 600ms", "180ms", true, false},
		{"change vs level through baseline, inside", "<10% increase", "exceeds 190ms", "180ms", true, true},
		{"change vs level without baseline", "<10% increase", "exceeds 600ms", "", false, false},
		{"percent change of a percent baseline is ambiguous", "<0.1% increase", "exceeds 0.15%", "0.12%", false, false},
		{"time vs percent", "<150ms", "exceeds 5%", "", false, false},
		{"count rate", "<20% increase", "more than 100 per week", "45/week", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target, ok1 := Parse(tt.target)
			trigger, ok2 := Parse(tt.trigger)
			if !ok1 || !ok2 {
				t.Fatalf("parse failed: %v %v", ok1, ok2)
			}
			base, haveBase := ParseQuantity(tt.baseline)
			a, b, ok := Comparable(target, trigger, base, haveBase)
			if ok != tt.comparable {
				t.Fatalf("Comparable = %v, want %v", ok, tt.comparable)
			}
			if ok && Overlap(a, b) != tt.overlap {
				t.Errorf("Overlap(%v, %v) = %v, want %v", a, b, !tt.overlap, tt.overlap)
			}
		})
	}
}

func TestString(t *testing.T) {
	tests := map[string]string{
		"increases by more than 0.5%": "an increase of more than 0.5%",
		"<10% decrease":               "a decrease of less than 10%",
		"exceeds 1 second":            "above 1s",
		">= 35%":                      "at least 35%",
	}
	for in, want := range tests {
		th, ok := Parse(in)
		if !ok {
			t.Fatalf("Parse(%q) failed", in)
		}
		if got := th.String(); got != want {
			t.Errorf("Parse(%q).String() = %q, want %q", in, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"<0.1% increase", "increases by more than 0.5%", "exceeds 1 second", "<150ms",
		"P95 latency increases by more than 50%", "below 99.9%", ">= 35%", "5,000.5 errors per minute",
		"99% or more", "1,5%", "", "≥", "by by by 5",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		th, ok := Parse(s)
		if ok {
			if th.Start < 0 || th.End > len(s) || th.Start > th.End || s[th.Start:th.End] != th.Text {
				t.Fatalf("bad span %d:%d for %q", th.Start, th.End, s)
			}
			if th.Op < Less || th.Op > GreaterEq {
				t.Fatalf("bad op %v", th.Op)
			}
			if math.IsNaN(th.Bound.Value) || math.IsInf(th.Bound.Value, 0) {
				t.Fatalf("non-finite bound %v", th.Bound.Value)
			}
			_ = th.String()
		}
		if q, ok := ParseQuantity(s); ok && math.IsNaN(q.Value) {
			t.Fatalf("NaN quantity for %q", s)
		}
	})
}
