package plan

import (
	"fmt"
	"regexp"
	"testing"
)

// The regular expressions phaseHeading and phaseLabel replace.
var (
	phaseHeadingRE = regexp.MustCompile(`(?i)^phase\s+(\d+)\s*(?:[:.\-–—]\s*(.*))?$`)
	labelRE        = regexp.MustCompile(`(?i)^\s*(?:\*\*|__)?\s*(duration|tasks|exit criteria)\s*:?\s*(?:\*\*|__)?\s*:?\s*(.*)$`)
)

func isLabel(line string) bool {
	_, _, ok := phaseLabel(line)
	return ok
}

var matcherCases = []string{
	"Phase 1: Internal Testing", "phase 2 - Canary (5% of users)", "PHASE 3 – Gradual", "Phase 4 — Full Launch",
	"Phase 5. Done", "Phase 6", "Phase 7 ", "Phase  8:Name", "Phase\t9 :  Name  ", "Phase 10\n: Name", "Phase 11: a\nb",
	"Phase", "Phase ", "Phase 1a", "Phase one: x", "Phases 1: x", "phase1: x", "Phase 1 Name", "Phase 1 ; x",
	"Phaſe 1: x", "Phase 1:", "Phase 1: \n", "Phase 1 -", "Phase 12345678901234567890: big", "Phase ١: Arabic digit",
	"**Duration:** 5 days", "__Tasks:__", "Exit Criteria:", "  **exit criteria**", "DURATION: 1w", "Duration 5 days",
	"**Duration**: 5 days", "**Duration:**5 days", "Duration:\n", "**Duration:** 5 days\n", "**Tasks:**\nmore",
	"tasKs: x", "taſks: x", "** Duration :** x", "*Duration:* x", "___Tasks:", "****Tasks", "Tasks::x", "Tasks: : x",
	"Exit  criteria: x", "exit criteria:** done", "Durations: x", "Deploy to staging", "- item", "", " ", "**",
	"Duration:\t\f\r x", "__duration__ ** : x", "Duration: 5 days \n ",
}

// TestMatchersAgreeWithRegexps: the hand matchers give the regular
// expressions' answers and submatches.
func TestMatchersAgreeWithRegexps(t *testing.T) {
	for _, s := range matcherCases {
		if got, want := phaseHeadingResult(s), phaseHeadingREResult(s); got != want {
			t.Errorf("phaseHeading(%q) = %s, want %s", s, got, want)
		}
		if got, want := phaseLabelResult(s), labelREResult(s); got != want {
			t.Errorf("phaseLabel(%q) = %s, want %s", s, got, want)
		}
	}
}

func FuzzMatchers(f *testing.F) {
	for _, s := range matcherCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := phaseHeadingResult(s), phaseHeadingREResult(s); got != want {
			t.Errorf("phaseHeading(%q) = %s, want %s", s, got, want)
		}
		if got, want := phaseLabelResult(s), labelREResult(s); got != want {
			t.Errorf("phaseLabel(%q) = %s, want %s", s, got, want)
		}
	})
}

func phaseHeadingResult(s string) string {
	number, name, ok := phaseHeading(s)
	if !ok {
		return "no match"
	}
	return fmt.Sprintf("%q %q", number, name)
}

// phaseHeadingREResult is what sectionKind did: the regular expression
// only for text longer than "phase" that starts with it in ASCII.
func phaseHeadingREResult(s string) string {
	if len(s) <= 5 || !asciiFoldPrefix(s, "phase") {
		return "no match"
	}
	m := phaseHeadingRE.FindStringSubmatch(s)
	if m == nil {
		return "no match"
	}
	return fmt.Sprintf("%q %q", m[1], m[2])
}

func asciiFoldPrefix(s, prefix string) bool {
	for i := range len(prefix) {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

func phaseLabelResult(s string) string {
	label, rest, ok := phaseLabel(s)
	if !ok {
		return "no match"
	}
	return fmt.Sprintf("%q at %d", label, rest)
}

func labelREResult(s string) string {
	m := labelRE.FindStringSubmatchIndex(s)
	if m == nil {
		return "no match"
	}
	return fmt.Sprintf("%q at %d", s[m[2]:m[3]], m[4])
}
