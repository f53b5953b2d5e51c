package plan_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// TestMisspeltRequiredKey: a typo in a required key's name is one problem,
// so it gets one diagnostic, on the typo, saying what it costs. An unknown
// key that has nothing to do with a missing one leaves both reported.
func TestMisspeltRequiredKey(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // "line:col rule: message; hint", sorted
	}{
		{
			"typo of a required key",
			strings.Replace(header, "owner:", "ownr:", 1),
			[]string{`5:1 front-matter/unknown-key: unknown front-matter key "ownr", so the required key "owner" is missing; did you mean "owner"?`},
		},
		{
			"the first word of a required key",
			strings.Replace(header, "risk_tolerance:", "risk:", 1),
			[]string{`8:1 front-matter/unknown-key: unknown front-matter key "risk", so the required key "risk_tolerance" is missing; did you mean "risk_tolerance"?`},
		},
		{
			"two typos of one required key",
			strings.Replace(header, "owner: Dana Reyes", "ownr: Dana Reyes\nonwer: Sam Lee", 1),
			[]string{
				`5:1 front-matter/unknown-key: unknown front-matter key "ownr", so the required key "owner" is missing; did you mean "owner"?`,
				`6:1 front-matter/unknown-key: unknown front-matter key "onwer", so the required key "owner" is missing; did you mean "owner"?`,
			},
		},
		{
			"typo of a key that is also written correctly",
			strings.Replace(header, "owner: Dana Reyes", "owner: Dana Reyes\nownr: Sam Lee", 1),
			[]string{`6:1 front-matter/unknown-key: unknown front-matter key "ownr"; did you mean "owner"?`},
		},
		{
			"typo of an optional key",
			strings.Replace(header, "owner:", "tgas: [a]\nowner:", 1),
			[]string{`5:1 front-matter/unknown-key: unknown front-matter key "tgas"; did you mean "tags"?`},
		},
		{
			"unknown key and an unrelated missing key",
			strings.Replace(header, "owner:", "reviewer:", 1),
			[]string{
				"1:1 front-matter/required: missing required key \"owner\"; add `owner: <name of who drives the rollout>` to the front matter",
				`5:1 front-matter/unknown-key: unknown front-matter key "reviewer"; known keys are ` + strings.Join(plan.FrontMatterKeys(), ", "),
			},
		},
		{
			"typo of one required key, another missing",
			strings.Replace(strings.Replace(header, "owner:", "ownr:", 1), "timeline: 6 weeks\n", "", 1),
			[]string{
				"1:1 front-matter/required: missing required key \"timeline\"; add `timeline: <time budget as N weeks or N days>` to the front matter",
				`5:1 front-matter/unknown-key: unknown front-matter key "ownr", so the required key "owner" is missing; did you mean "owner"?`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, parse := range []func(string, []byte) (*plan.Plan, []diag.Diagnostic){plan.Parse, plan.ParseForCheck} {
				_, ds := parse("plan.md", []byte(tt.src+"# Body\n"))
				diag.Sort(ds)
				var got []string
				for _, d := range ds {
					got = append(got, fmt.Sprintf("%d:%d %s: %s; %s", d.Pos.Line, d.Pos.Col, d.Rule, d.Message, d.Hint))
				}
				if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
					t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
				}
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	keys := plan.FrontMatterKeys()
	tests := []struct {
		in, want string
	}{
		{"ownr", "owner"},
		{"Titel", "title"},
		{"teamsize", "team_size"},
		{"team-size", "team_size"},
		{"risk", "risk_tolerance"},
		{"team", "team_size"},
		{"reviewer", ""},
		{"ri", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := plan.Suggest(tt.in, keys); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// A first word two candidates share suggests neither.
	if got := plan.Suggest("rollout", []string{"rollout_start", "rollout_end"}); got != "" {
		t.Errorf("Suggest(rollout) between two = %q, want none", got)
	}
}
