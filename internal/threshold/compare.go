package threshold

import "math"

// Absolute turns a change into a level using the metric's baseline: with a
// baseline of 820ms, "<10% increase" is "<902ms". A level is returned as
// is. ok is false when the change cannot be placed: no baseline, a baseline
// of zero for a relative change, or a percentage change of a percentage
// baseline (percentage points or relative? the text does not say).
func (t Threshold) Absolute(baseline Quantity, haveBaseline bool) (Threshold, bool) {
	if !t.Change {
		return t, true
	}
	if !haveBaseline {
		return t, false
	}
	abs := t
	abs.Change = false
	b, v := baseline.Value, t.Bound.Value
	switch {
	case t.Bound.Unit.Dim == Percent && baseline.Unit.Dim != Percent:
		if b <= 0 {
			return t, false
		}
		abs.Bound = Quantity{Value: b * (1 + v/100), Unit: baseline.Unit}
	case t.Bound.Unit.Dim == baseline.Unit.Dim && t.Bound.Unit.Dim != Percent:
		abs.Bound = Quantity{Value: b + v, Unit: baseline.Unit}
	default:
		return t, false
	}
	return abs, true
}

// Comparable returns target and trigger in one space: both as they are
// when they already share one (two changes, or two levels of one
// dimension), else both as levels through the baseline. ok is false when
// they cannot be compared.
func Comparable(target, trigger Threshold, baseline Quantity, haveBaseline bool) (Threshold, Threshold, bool) {
	if target.Change == trigger.Change && target.Bound.Unit.Dim == trigger.Bound.Unit.Dim {
		return target, trigger, true
	}
	t, okT := target.Absolute(baseline, haveBaseline)
	f, okF := trigger.Absolute(baseline, haveBaseline)
	if !okT || !okF || t.Bound.Unit.Dim != f.Bound.Unit.Dim {
		return target, trigger, false
	}
	return t, f, true
}

// Overlap reports whether some value lies in both regions. a and b must be
// in one space (see Comparable).
func Overlap(a, b Threshold) bool {
	if a.Op.Upper() == b.Op.Upper() {
		return true // both reach down (or up) without end
	}
	lo, hi := a, b // lo is the region reaching up: value > lo.Bound
	if a.Op.Upper() {
		lo, hi = b, a
	}
	x, y := lo.Bound.Value, hi.Bound.Value
	if nearlyEqual(x, y) {
		return lo.Op.Inclusive() && hi.Op.Inclusive()
	}
	return x < y
}

func nearlyEqual(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}
