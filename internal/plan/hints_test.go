package plan

import (
	"strings"
	"testing"
)

// TestHintsNameTheForm: a hint about a value says what form to write it
// in and never offers a made-up value (a date, a number, a person) the
// author might paste in unread.
func TestHintsNameTheForm(t *testing.T) {
	front := map[string]string{
		"title": "T", "created": "2026-03-01", "status": "draft", "owner": "O",
		"team_size": "2", "timeline": "4 weeks", "risk_tolerance": "low",
	}
	keys := []string{"title", "created", "status", "owner", "team_size", "timeline", "risk_tolerance"}
	tests := []struct {
		key, value string // value "" drops the key
		rule, hint string
	}{
		{"created", "2026-02-30", RuleFMFormat, "write the date as YYYY-MM-DD, a day that exists in the calendar"},
		{"created", "March", RuleFMFormat, "write the date as YYYY-MM-DD, a day that exists in the calendar"},
		{"team_size", `"four"`, RuleFMType, "write the number alone, without quotes or words"},
		{"timeline", "soon", RuleFMFormat, "write a whole number of weeks or days: `N weeks`, `Nw`, `N days` or `Nd`"},
		{"timeline", "", RuleFMRequired, "add `timeline: <time budget as N weeks or N days>` to the front matter"},
		{"owner", "", RuleFMRequired, "add `owner: <name of who drives the rollout>` to the front matter"},
		{"created", "", RuleFMRequired, "add `created: <the day the plan was written, YYYY-MM-DD>` to the front matter"},
	}
	for _, tt := range tests {
		t.Run(tt.key+"="+tt.value, func(t *testing.T) {
			var b strings.Builder
			b.WriteString("---\n")
			for _, k := range keys {
				v := front[k]
				if k == tt.key {
					v = tt.value
				}
				if v != "" {
					b.WriteString(k + ": " + v + "\n")
				}
			}
			b.WriteString("---\n# T\n")
			_, ds := Parse("t.md", []byte(b.String()))
			var hints []string
			for _, d := range ds {
				if d.Rule == tt.rule {
					hints = append(hints, d.Hint)
				}
			}
			if len(hints) != 1 || hints[0] != tt.hint {
				t.Fatalf("%s hints %q, want %q (all: %v)", tt.rule, hints, tt.hint, ds)
			}
			if strings.ContainsAny(hints[0], "0123456789") {
				t.Errorf("hint %q has a number in it: name the form instead", hints[0])
			}
		})
	}
}
