package threshold

// Dimension is what a quantity measures; only quantities of one dimension
// compare.
type Dimension int

const (
	// Count is a plain number ("<3", "5 errors").
	Count Dimension = iota
	Percent
	// Time is in milliseconds.
	Time
	// Rate is a count per day ("45/week", "10 per hour").
	Rate
	// Size is in bytes.
	Size
	// Factor is a multiple ("2x").
	Factor
)

func (d Dimension) String() string {
	return [...]string{"count", "percentage", "time", "rate", "size", "factor"}[d]
}

// Unit is a unit as written: its dimension, how many base units one of it
// is, and the symbol used to print it.
type Unit struct {
	Dim    Dimension
	Scale  float64
	Symbol string
}

var (
	unitCount   = Unit{Count, 1, ""}
	unitPercent = Unit{Percent, 1, "%"}
)

// units are the unit words that may follow a number, lower case.
var units = map[string]Unit{
	"percent": unitPercent, "pct": unitPercent, "pp": {Percent, 1, "pp"},
	"ms": {Time, 1, "ms"}, "msec": {Time, 1, "ms"}, "msecs": {Time, 1, "ms"},
	"millisecond": {Time, 1, "ms"}, "milliseconds": {Time, 1, "ms"},
	"s": {Time, 1000, "s"}, "sec": {Time, 1000, "s"}, "secs": {Time, 1000, "s"},
	"second": {Time, 1000, "s"}, "seconds": {Time, 1000, "s"},
	"m": {Time, 60_000, "min"}, "min": {Time, 60_000, "min"}, "mins": {Time, 60_000, "min"},
	"minute": {Time, 60_000, "min"}, "minutes": {Time, 60_000, "min"},
	"h": {Time, 3_600_000, "h"}, "hr": {Time, 3_600_000, "h"}, "hrs": {Time, 3_600_000, "h"},
	"hour": {Time, 3_600_000, "h"}, "hours": {Time, 3_600_000, "h"},
	"d": {Time, 86_400_000, "d"}, "day": {Time, 86_400_000, "d"}, "days": {Time, 86_400_000, "d"},
	"w": {Time, 7 * 86_400_000, "w"}, "wk": {Time, 7 * 86_400_000, "w"}, "wks": {Time, 7 * 86_400_000, "w"},
	"week": {Time, 7 * 86_400_000, "w"}, "weeks": {Time, 7 * 86_400_000, "w"},
	"b": {Size, 1, "B"}, "bytes": {Size, 1, "B"},
	"kb": {Size, 1e3, "KB"}, "kib": {Size, 1 << 10, "KiB"},
	"mb": {Size, 1e6, "MB"}, "mib": {Size, 1 << 20, "MiB"},
	"gb": {Size, 1e9, "GB"}, "gib": {Size, 1 << 30, "GiB"},
	"x": {Factor, 1, "x"}, "times": {Factor, 1, "x"},
	"rps": {Rate, 86_400, "/s"}, "qps": {Rate, 86_400, "/s"}, "rpm": {Rate, 1440, "/min"},
}

// periods are the "per X" / "/X" words of a rate, as counts per day.
var periods = map[string]Unit{
	"s": {Rate, 86_400, "/s"}, "sec": {Rate, 86_400, "/s"}, "second": {Rate, 86_400, "/s"},
	"min": {Rate, 1440, "/min"}, "minute": {Rate, 1440, "/min"},
	"h": {Rate, 24, "/h"}, "hr": {Rate, 24, "/h"}, "hour": {Rate, 24, "/h"},
	"d": {Rate, 1, "/day"}, "day": {Rate, 1, "/day"},
	"w": {Rate, 1.0 / 7, "/week"}, "wk": {Rate, 1.0 / 7, "/week"}, "week": {Rate, 1.0 / 7, "/week"},
	"mo": {Rate, 1.0 / 30, "/month"}, "month": {Rate, 1.0 / 30, "/month"},
	"y": {Rate, 1.0 / 365, "/year"}, "yr": {Rate, 1.0 / 365, "/year"}, "year": {Rate, 1.0 / 365, "/year"},
}

// readUnit reads the unit after a number starting at toks[j] and returns
// it with the index of the first token after it. A number with no unit is
// a Count; "5 errors per minute" and "45/week" are Rates.
func readUnit(toks []token, j int) (Unit, int) {
	if j < len(toks) {
		tk := toks[j]
		switch {
		case tk.kind == tokSymbol && (tk.text == "%" || tk.text == "٪"):
			return unitPercent, j + 1
		case tk.kind == tokWord:
			if u, ok := units[tk.text]; ok {
				// "req/s" style rates are written after a count, not a
				// unit; "ms per request" is still a time.
				return u, j + 1
			}
		}
	}
	// "45/week", "10 per hour", "5 errors per minute", "3 tickets/day"
	for _, at := range []int{j, j + 1} {
		if per, end, ok := readPer(toks, at); ok {
			if at == j+1 && (toks[j].kind != tokWord) {
				continue
			}
			return per, end
		}
	}
	return unitCount, j
}

func readPer(toks []token, j int) (Unit, int, bool) {
	if j+1 >= len(toks) {
		return Unit{}, 0, false
	}
	if !(toks[j].text == "/" || (toks[j].kind == tokWord && toks[j].text == "per")) {
		return Unit{}, 0, false
	}
	word := toks[j+1].text
	if len(word) > 2 && word[len(word)-1] == 's' {
		word = word[:len(word)-1] // "per weeks" is rare, "/weeks" less so
	}
	u, ok := periods[word]
	if !ok || toks[j+1].kind != tokWord {
		return Unit{}, 0, false
	}
	return u, j + 2, true
}
