package legacyheader

import (
	"strings"
	"testing"
)

// TestConvertSaysHowLinesWereRead: a header line read under another name
// or as another form of its value gets a note saying what it became; a
// line written as the key and its value already gets none, and a line
// that went back to the body (a second title) is not said to be read.
func TestConvertSaysHowLinesWereRead(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // notes that must be there, in order
		notWant   []string
	}{
		{"template header reads silently",
			"# Rollout Plan: Q\n**Created:** 2026-03-01\n**Status:** draft\n**Owner:** Mia Chen\n**Team Size:** 3\n**Timeline:** 6 weeks\n**Risk Tolerance:** low\n",
			nil, []string{"read "}},
		{"values and labels read otherwise",
			"# Rollout Plan: Q\n**Created:** March 1, 2026\n**DRI:** Mia\n**Team Size:** 4 people\n**Timeline:** 10 weeks (two waves)\n**Status:** In Progress\n**Risk level:** HIGH\n**Version:** 1.0\n",
			[]string{
				"line 2: read **Created:** March 1, 2026 as created: 2026-03-01",
				"line 3: read **DRI:** Mia as owner: Mia",
				"line 4: read **Team Size:** 4 people as team_size: 4",
				"line 5: read **Timeline:** 10 weeks (two waves) as timeline: 10 weeks # two waves",
				"line 6: read **Status:** In Progress as status: in-progress",
				"line 7: read **Risk level:** HIGH as risk_tolerance: high",
				"line 8: **Version:** 1.0 has no front-matter key",
			}, nil},
		{"table rows and lists",
			"# Plan\n\n| | |\n|---|---|\n| **Document owner** | @dana |\n| Labels | payments, web |\n| Status | draft |\n",
			[]string{"line 5: read the row Document owner | @dana as owner: @dana", "line 6: read the row Labels | payments, web as tags: payments, web"},
			[]string{"row Status"}},
		{"a key given twice is not read",
			"# Rollout Plan: Q\n**Feature:** Checkout\n**Owner:** Mia\n**Title:** Payments\n",
			[]string{"line 4 and line 2 both give title"}, []string{"as title:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Convert([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			notes := strings.Join(res.Notes, "\n")
			at := 0
			for _, w := range tt.want {
				i := strings.Index(notes[at:], w)
				if i < 0 {
					t.Fatalf("no note %q (in order) in:\n%s", w, notes)
				}
				at += i + len(w)
			}
			for _, w := range tt.notWant {
				if strings.Contains(notes, w) {
					t.Errorf("note %q should not be there:\n%s", w, notes)
				}
			}
		})
	}
}
