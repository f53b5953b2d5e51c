package threshold

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokKind int

const (
	tokWord tokKind = iota + 1
	tokNumber
	tokSymbol
)

// token is a word (lower-cased), a number or one symbol, with its byte span
// in the original string.
type token struct {
	kind       tokKind
	text       string
	start, end int
}

// tokenize splits s into words, numbers and symbols. Words start with a
// letter and may contain digits ("p95"); numbers start with a digit and may
// have a decimal part and thousands separators ("5,000.5").
func tokenize(s string) []token {
	toks := make([]token, 0, 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case r >= '0' && r <= '9':
			j := digitsEnd(s, i)
			for j+4 <= len(s) && s[j] == ',' && digitsEnd(s, j+1) == j+4 {
				j += 4
			}
			if j+1 < len(s) && s[j] == '.' && isDigit(s[j+1]) {
				j = digitsEnd(s, j+1)
			}
			toks = append(toks, token{tokNumber, s[i:j], i, j})
			i = j
		case unicode.IsLetter(r):
			j := i + size
			for j < len(s) {
				r2, size2 := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(r2) && !unicode.IsDigit(r2) {
					break
				}
				j += size2
			}
			toks = append(toks, token{tokWord, strings.ToLower(s[i:j]), i, j})
			i = j
		default:
			j := i + size
			if (r == '>' || r == '<') && j < len(s) && s[j] == '=' {
				j++
			}
			toks = append(toks, token{tokSymbol, s[i:j], i, j})
			i = j
		}
	}
	return toks
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func digitsEnd(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

// qualifiers are the comparison words that may stand right before a
// number, longest first so "no more than" wins over "more than".
var qualifiers = []struct {
	words []string
	op    Op
	// level is true for words that compare a level ("above", "below"):
	// after a verb without "by" they keep the threshold absolute ("rises
	// above 2%"), while "increases more than 5%" is a change.
	level bool
}{
	{[]string{"no", "more", "than"}, LessEq, false},
	{[]string{"not", "more", "than"}, LessEq, false},
	{[]string{"no", "less", "than"}, GreaterEq, false},
	{[]string{"not", "less", "than"}, GreaterEq, false},
	{[]string{"no", "fewer", "than"}, GreaterEq, false},
	{[]string{"more", "than"}, Greater, false},
	{[]string{"greater", "than"}, Greater, false},
	{[]string{"higher", "than"}, Greater, false},
	{[]string{"larger", "than"}, Greater, false},
	{[]string{"less", "than"}, Less, false},
	{[]string{"fewer", "than"}, Less, false},
	{[]string{"lower", "than"}, Less, false},
	{[]string{"smaller", "than"}, Less, false},
	{[]string{"at", "least"}, GreaterEq, false},
	{[]string{"at", "most"}, LessEq, false},
	{[]string{"up", "to"}, LessEq, false},
	{[]string{"minimum", "of"}, GreaterEq, false},
	{[]string{"maximum", "of"}, LessEq, false},
	{[]string{"above"}, Greater, true},
	{[]string{"over"}, Greater, true},
	{[]string{"exceeds"}, Greater, true},
	{[]string{"exceed"}, Greater, true},
	{[]string{"exceeding"}, Greater, true},
	{[]string{"exceeded"}, Greater, true},
	{[]string{"surpasses"}, Greater, true},
	{[]string{"beyond"}, Greater, true},
	{[]string{"below"}, Less, true},
	{[]string{"under"}, Less, true},
	{[]string{"beneath"}, Less, true},
	{[]string{">="}, GreaterEq, true},
	{[]string{"≥"}, GreaterEq, true},
	{[]string{"⩾"}, GreaterEq, true},
	{[]string{">"}, Greater, true},
	{[]string{"<="}, LessEq, true},
	{[]string{"≤"}, LessEq, true},
	{[]string{"⩽"}, LessEq, true},
	{[]string{"<"}, Less, true},
	{[]string{"min"}, GreaterEq, true},
	{[]string{"minimum"}, GreaterEq, true},
	{[]string{"max"}, LessEq, true},
	{[]string{"maximum"}, LessEq, true},
}

// changeVerbs say which way a "<verb> by N" change goes.
var changeVerbs = map[string]int{
	"increase": 1, "increases": 1, "increased": 1, "increasing": 1,
	"rise": 1, "rises": 1, "rose": 1, "rising": 1,
	"grow": 1, "grows": 1, "grew": 1, "growing": 1,
	"climb": 1, "climbs": 1, "climbed": 1,
	"jump": 1, "jumps": 1, "jumped": 1,
	"spike": 1, "spikes": 1, "spiked": 1,
	"up":       1,
	"decrease": -1, "decreases": -1, "decreased": -1, "decreasing": -1,
	"drop": -1, "drops": -1, "dropped": -1, "dropping": -1,
	"fall": -1, "falls": -1, "fell": -1, "falling": -1,
	"decline": -1, "declines": -1, "declined": -1,
	"dip": -1, "dips": -1, "dipped": -1,
	"shrink": -1, "shrinks": -1, "shrank": -1,
	"down": -1,
}

// postfixChange are the words after a quantity that make it a change:
// "<10% increase", "20% fewer".
var postfixChange = map[string]int{
	"increase": 1, "rise": 1, "growth": 1, "higher": 1, "more": 1, "up": 1, "regression": 1,
	"decrease": -1, "drop": -1, "reduction": -1, "decline": -1, "lower": -1, "fewer": -1, "less": -1, "down": -1,
}

type prefix struct {
	op     Op
	change int // +1, -1 for a change, 0 for a level
}

// matchPrefix reads the comparison that ends right before toks[i] and
// returns it with the byte offset where it starts, or nil.
func matchPrefix(toks []token, i int) (*prefix, int) {
	k := i - 1
	var q *prefix
	qualStart, level := -1, false
	for _, cand := range qualifiers {
		n := len(cand.words)
		if k-n+1 < 0 || !wordsAt(toks, k-n+1, cand.words) {
			continue
		}
		q = &prefix{op: cand.op}
		qualStart, level = toks[k-n+1].start, cand.level
		k -= n
		break
	}
	// "<verb> by [qualifier] N" is a change whatever the qualifier.
	if k >= 1 && toks[k].kind == tokWord && toks[k].text == "by" {
		if sign, ok := changeVerbs[toks[k-1].text]; ok && toks[k-1].kind == tokWord {
			op := GreaterEq
			if q != nil {
				op = q.op
			}
			return &prefix{op: op, change: sign}, toks[k-1].start
		}
	}
	// "<verb> [more than] N": a change, unless the qualifier names a level
	// ("rises above 2%").
	if k >= 0 && toks[k].kind == tokWord && (q == nil || !level) {
		if sign, ok := changeVerbs[toks[k].text]; ok {
			op := GreaterEq
			if q != nil {
				op = q.op
			}
			return &prefix{op: op, change: sign}, toks[k].start
		}
	}
	if q == nil {
		return nil, 0
	}
	return q, qualStart
}

func wordsAt(toks []token, at int, words []string) bool {
	for j, w := range words {
		if toks[at+j].text != w {
			return false
		}
	}
	return true
}

// matchPostfix reads a change word after a quantity ("<10% increase");
// change is 0 when there is none.
func matchPostfix(toks []token, j int) (change int, end int) {
	if j >= len(toks) || toks[j].kind != tokWord {
		return 0, 0
	}
	if sign, ok := postfixChange[toks[j].text]; ok {
		return sign, toks[j].end
	}
	return 0, 0
}

// matchTail reads "or more", "or less", "and above", "minimum" after a
// quantity, for "99.9% or more".
func matchTail(toks []token, j int) (Op, int) {
	if j < len(toks) && toks[j].kind == tokWord {
		switch toks[j].text {
		case "minimum", "min":
			return GreaterEq, toks[j].end
		case "maximum", "max":
			return LessEq, toks[j].end
		}
	}
	if j+1 >= len(toks) || toks[j+1].kind != tokWord {
		return 0, 0
	}
	switch toks[j].text + " " + toks[j+1].text {
	case "or more", "or higher", "or above", "or greater", "and above", "and up":
		return GreaterEq, toks[j+1].end
	case "or less", "or lower", "or below", "or fewer", "and below", "and under":
		return LessEq, toks[j+1].end
	}
	return 0, 0
}
