// Package threshold reads the quantities that success-metric targets and
// rollback triggers are written with ("<0.1% increase", "exceeds 1 second",
// "drops below 99.5%", ">= 35%") into a comparable form: a bound, a
// direction, whether it is a change from the baseline, and a unit.
//
// It is a small hand-written scanner rather than a set of regular
// expressions: a portfolio check reads every target and trigger of
// thousands of plans, and the phrases are easier to list as words anyway.
package threshold

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Op is the comparison a threshold makes: the region it describes is
// "value Op Bound".
type Op int

const (
	Less Op = iota + 1
	LessEq
	Greater
	GreaterEq
)

// Upper reports whether the region lies below the bound (Less, LessEq).
func (o Op) Upper() bool { return o == Less || o == LessEq }

// Inclusive reports whether the bound itself is in the region.
func (o Op) Inclusive() bool { return o == LessEq || o == GreaterEq }

func (o Op) String() string {
	switch o {
	case Less:
		return "<"
	case LessEq:
		return "<="
	case Greater:
		return ">"
	case GreaterEq:
		return ">="
	}
	return "?"
}

// flip mirrors an op, for "decreases by more than 5%" (change < -5).
func (o Op) flip() Op {
	switch o {
	case Less:
		return Greater
	case LessEq:
		return GreaterEq
	case Greater:
		return Less
	case GreaterEq:
		return LessEq
	}
	return o
}

// Quantity is a number with its unit, the value converted to the unit's
// dimension's base (milliseconds, percent, per day, bytes, a plain count).
type Quantity struct {
	Value float64
	Unit  Unit
}

func (q Quantity) String() string {
	return formatNumber(q.Value/q.Unit.Scale) + q.Unit.Symbol
}

// Threshold is one "value Op Bound" region read from text.
type Threshold struct {
	Op Op
	// Change is true for a change from the baseline ("increases by more
	// than 5%", "<10% increase"); Bound is then signed: decreases are
	// negative.
	Change bool
	Bound  Quantity
	// Text is the phrase as written ("increases by more than 0.5%"), Start
	// and End its byte offsets in the parsed string, Number the offset of
	// the bound's digits.
	Text       string
	Start, End int
	Number     int
}

// String describes the region in plain words, e.g. "above 0.5%" or "an
// increase of less than 10%".
func (t Threshold) String() string {
	if !t.Change {
		return opWords[t.Op] + " " + t.Bound.String()
	}
	v := t.Bound.Value
	noun, op := "an increase", t.Op
	if v < 0 || (v == 0 && t.Op.Upper()) {
		noun, op = "a decrease", t.Op.flip()
		v = -v
	}
	q := Quantity{Value: v, Unit: t.Bound.Unit}
	return fmt.Sprintf("%s of %s %s", noun, changeWords[op], q)
}

var opWords = map[Op]string{Less: "below", LessEq: "at most", Greater: "above", GreaterEq: "at least"}

var changeWords = map[Op]string{Less: "less than", LessEq: "at most", Greater: "more than", GreaterEq: "at least"}

// Parse finds the first threshold in s: a comparison phrase followed by a
// quantity ("exceeds 2.5%", "<150ms", "increases by more than 50%"), or a
// quantity followed by a change word ("10% increase"). ok is false when s
// holds none, e.g. "Any data corruption detected" or a bare "99.9%".
func Parse(s string) (t Threshold, ok bool) {
	if !hasDigit(s) {
		return Threshold{}, false // no number, so no tokens to make
	}
	toks := tokenize(s)
	for i, tk := range toks {
		if tk.kind != tokNumber {
			continue
		}
		num, err := parseNumber(tk.text)
		if err != nil || math.IsInf(num, 0) || math.IsNaN(num) {
			continue
		}
		unit, afterUnit := readUnit(toks, i+1)
		p, start := matchPrefix(toks, i)
		post, end := matchPostfix(toks, afterUnit)
		if p == nil && post == 0 {
			// "99.9% or more", "30s max"
			op, tailEnd := matchTail(toks, afterUnit)
			if op == 0 {
				continue
			}
			t = Threshold{Op: op, Bound: Quantity{Value: num * unit.Scale, Unit: unit}, Number: tk.start}
			t.Start, t.End, t.Text = tk.start, tailEnd, s[tk.start:tailEnd]
			return t, true
		}
		t = Threshold{Bound: Quantity{Value: num * unit.Scale, Unit: unit}, Number: tk.start}
		switch {
		case p != nil && p.change != 0:
			// "increases by more than 5%": a change whatever follows.
			t.Op, t.Change = p.op, true
			if p.change < 0 {
				t.Bound.Value, t.Op = -t.Bound.Value, t.Op.flip()
			}
		case post != 0:
			// "<10% increase", "10% decrease", ">5% drop".
			t.Change = true
			t.Op = GreaterEq
			if p != nil {
				t.Op = p.op
			}
			if post < 0 {
				t.Bound.Value, t.Op = -t.Bound.Value, t.Op.flip()
			}
		default:
			t.Op = p.op
		}
		if p == nil {
			start = tk.start
		}
		if post == 0 {
			end = toks[afterUnit-1].end
		}
		t.Start, t.End = start, end
		t.Text = s[start:end]
		return t, true
	}
	return Threshold{}, false
}

// ParseQuantity reads the first number in s with its unit, as baselines are
// written ("820ms", "45/week", "3.4%"). ok is false when s has no number.
func ParseQuantity(s string) (Quantity, bool) {
	if !hasDigit(s) {
		return Quantity{}, false
	}
	toks := tokenize(s)
	for i, tk := range toks {
		if tk.kind != tokNumber {
			continue
		}
		num, err := parseNumber(tk.text)
		if err != nil || math.IsInf(num, 0) || math.IsNaN(num) {
			continue
		}
		unit, _ := readUnit(toks, i+1)
		return Quantity{Value: num * unit.Scale, Unit: unit}, true
	}
	return Quantity{}, false
}

// hasDigit reports whether s has an ASCII digit, which every number token
// starts with.
func hasDigit(s string) bool {
	return strings.ContainsAny(s, "0123456789")
}

func parseNumber(s string) (float64, error) {
	if strings.IndexByte(s, ',') >= 0 {
		s = strings.ReplaceAll(s, ",", "")
	}
	return strconv.ParseFloat(s, 64)
}

// formatNumber prints v for messages: at most four decimals, so a bound
// computed from a baseline reads 24, not 23.999999999999996.
func formatNumber(v float64) string {
	if math.Abs(v) < 1e15 {
		v = math.Round(v*1e4) / 1e4
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
