package plan

import (
	"strconv"
	"strings"
)

// A rollout step written in words: "100 percent", "one hundred percent",
// "fifty per cent of users", "half of users", "a quarter of the fleet".
// Only these clear forms are read; anything vaguer ("most users", "a few
// percent", "a third") is left alone rather than guessed at.

// stepAt is one rollout step found in a line: its value and the bytes
// line[start:end] that say it ("5%", "fifty percent").
type stepAt struct {
	value      float64
	start, end int
}

// fractionWords are the fractions read before "of <audience>".
var fractionWords = map[string]float64{"half": 50, "quarter": 25}

// audienceWords are what a fraction must be of to be a share of users:
// "half of users", "half the traffic", "a quarter of all accounts". A
// fraction of anything else ("half of the team", "half of the tests") is
// no rollout step.
var audienceWords = map[string]bool{
	"users": true, "traffic": true, "requests": true, "accounts": true, "customers": true,
	"tenants": true, "sessions": true, "devices": true, "installs": true, "visitors": true,
	"clients": true, "members": true, "merchants": true, "workspaces": true, "organizations": true,
	"orgs": true, "stores": true, "regions": true, "clusters": true, "servers": true, "hosts": true,
	"nodes": true, "pods": true, "instances": true, "fleet": true, "population": true, "userbase": true,
}

// determiners may stand between a fraction and its audience: "half of
// the users", "half of all traffic", "half our customers".
var determiners = map[string]bool{"the": true, "all": true, "our": true, "of": true}

var (
	unitWords = map[string]float64{
		"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
		"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
		"seventeen": 17, "eighteen": 18, "nineteen": 19,
	}
	tensWords = map[string]float64{
		"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
	}
)

// mayHaveWordStep is a cheap test that skips most lines: every form
// wordSteps reads has "percent", "per cent", "half" or "quarter" in it.
func mayHaveWordStep(line string) bool {
	for i := 0; i+3 < len(line); i++ {
		switch line[i] | 0x20 {
		case 'p':
			if hasFoldPrefix(line[i:], "percent") || hasFoldPrefix(line[i:], "per cent") {
				return true
			}
		case 'h':
			if hasFoldPrefix(line[i:], "half") {
				return true
			}
		case 'q':
			if hasFoldPrefix(line[i:], "quarter") {
				return true
			}
		}
	}
	return false
}

func hasFoldPrefix(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// word is one run of ASCII letters or digits in a line, lower-cased.
type word struct {
	text       string
	start, end int
}

// words splits line into runs of ASCII letters and digits (a decimal
// point between digits stays in the run: "2.5"), remembering where each
// is. The separator before each word is line[prev.end:w.start].
func words(line string) []word {
	var out []word
	for i := 0; i < len(line); {
		c := line[i]
		if !isASCIILetter(c) && !isDigitByte(c) {
			i++
			continue
		}
		j := i
		for j < len(line) && (isASCIILetter(line[j]) || isDigitByte(line[j]) ||
			(line[j] == '.' && j > i && isDigitByte(line[j-1]) && j+1 < len(line) && isDigitByte(line[j+1]))) {
			j++
		}
		out = append(out, word{strings.ToLower(line[i:j]), i, j})
		i = j
	}
	return out
}

// wordSteps finds the steps line writes in words, in order.
func wordSteps(line string) []stepAt {
	if !mayHaveWordStep(line) {
		return nil
	}
	ws := words(line)
	var out []stepAt
	for i := 0; i < len(ws); i++ {
		switch w := ws[i]; {
		case w.text == "percent":
			if v, start, ok := numberBefore(line, ws, i); ok {
				out = append(out, stepAt{v, start, w.end})
			}
		case w.text == "per" && i+1 < len(ws) && ws[i+1].text == "cent" && spaced(line, w, ws[i+1]):
			if v, start, ok := numberBefore(line, ws, i); ok {
				out = append(out, stepAt{v, start, ws[i+1].end})
			}
			i++
		case fractionWords[w.text] > 0:
			if end, ok := audienceAfter(line, ws, i); ok {
				start := w.start
				if i > 0 && (ws[i-1].text == "a" || ws[i-1].text == "one") && spaced(line, ws[i-1], w) {
					start = ws[i-1].start
				}
				out = append(out, stepAt{fractionWords[w.text], start, end})
			}
		}
	}
	return out
}

// spaced reports whether only blanks stand between words a and b.
func spaced(line string, a, b word) bool {
	sep := line[a.end:b.start]
	return sep != "" && strings.Trim(sep, " \t") == ""
}

// numberBefore reads the number right before ws[i] ("percent"): digits
// ("100", "2.5") or the words for 0 to 100 ("fifty", "twenty-five",
// "twenty five", "one hundred", "a hundred"). It returns the value and
// where the number starts.
func numberBefore(line string, ws []word, i int) (float64, int, bool) {
	if i == 0 || !spaced(line, ws[i-1], ws[i]) {
		return 0, 0, false
	}
	prev := ws[i-1]
	if isDigitByte(prev.text[0]) {
		v, err := strconv.ParseFloat(prev.text, 64)
		return v, prev.start, err == nil
	}
	// joined reports whether ws[k] and ws[k+1] are one number's parts:
	// "twenty-five", "twenty five", "one hundred".
	joined := func(k int) bool {
		sep := line[ws[k].end:ws[k+1].start]
		return sep == "-" || (sep != "" && strings.Trim(sep, " \t") == "")
	}
	switch {
	case prev.text == "hundred":
		if i >= 2 && (ws[i-2].text == "one" || ws[i-2].text == "a") && joined(i-2) {
			return 100, ws[i-2].start, true
		}
		return 100, prev.start, true
	case tensWords[prev.text] > 0:
		return tensWords[prev.text], prev.start, true
	}
	u, isUnit := unitWords[prev.text]
	if !isUnit {
		return 0, 0, false
	}
	if u >= 1 && u <= 9 && i >= 2 && tensWords[ws[i-2].text] > 0 && joined(i-2) {
		return tensWords[ws[i-2].text] + u, ws[i-2].start, true
	}
	return u, prev.start, true
}

// audienceAfter reads "of users", "the traffic", "of all accounts" after
// the fraction ws[i], returning where the audience word ends.
func audienceAfter(line string, ws []word, i int) (int, bool) {
	for k := i + 1; k < len(ws) && k <= i+3; k++ {
		if !spaced(line, ws[k-1], ws[k]) {
			return 0, false
		}
		switch {
		case audienceWords[ws[k].text]:
			return ws[k].end, true
		case !determiners[ws[k].text]:
			return 0, false
		}
	}
	return 0, false
}
