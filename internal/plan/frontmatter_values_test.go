package plan_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// TestPlaceholderValues: a bracketed placeholder is accepted for every key,
// typed ones included, and recorded for the placeholders rule rather than
// reported as a value of the wrong type.
func TestPlaceholderValues(t *testing.T) {
	tests := []struct {
		key, line string
		text      bool // the field holds the placeholder as text
	}{
		{"title", `title: "[feature name]"`, true},
		{"created", `created: "[YYYY-MM-DD]"`, false},
		{"status", `status: "[draft / in-review]"`, false},
		{"owner", `owner: "[owner's name]"`, true},
		{"team_size", `team_size: "[number of people]"`, false},
		{"team_size", `team_size: '[Number]'`, false},
		{"timeline", `timeline: "[N weeks]"`, false},
		{"risk_tolerance", `risk_tolerance: "[low / medium / high]"`, false},
		{"start", `start: "[YYYY-MM-DD]"`, false},
		{"strategy", `strategy: "[Conservative / Standard]"`, false},
		{"tags", `tags: "[tags]"`, false},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			src := headerWith(tt.key, tt.line)
			p, ds := plan.Parse("plan.md", []byte(src+"\n# X\n"))
			for _, d := range ds {
				if strings.HasPrefix(d.Rule, "front-matter/") {
					t.Errorf("%v", d)
				}
			}
			want := tt.line[strings.Index(tt.line, "[") : strings.LastIndex(tt.line, "]")+1]
			if got := p.FrontPlaceholders[tt.key]; got != want {
				t.Errorf("FrontPlaceholders[%s] = %q, want %q", tt.key, got, want)
			}
			field := reflect.ValueOf(p.Front).FieldByIndex([]int{fieldIndex(tt.key)})
			if tt.text && field.String() != want {
				t.Errorf("%s holds %v, want the placeholder as text", tt.key, field)
			}
			if !tt.text && !field.IsZero() {
				t.Errorf("%s holds %v, want it zero", tt.key, field)
			}
		})
	}
}

// headerWith is header with key's line replaced by line (or line added).
func headerWith(key, line string) string {
	out, found := "", false
	for l := range strings.Lines(header) {
		if strings.HasPrefix(l, key+":") {
			l, found = line+"\n", true
		}
		out += l
	}
	if !found {
		out = strings.Replace(out, "---\n", "---\n"+line+"\n", 1)
	}
	return out
}

func fieldIndex(key string) int {
	for i, k := range plan.FrontMatterKeys() {
		if k == key {
			return i
		}
	}
	panic(key)
}

// TestNotPlaceholders: brackets that are YAML lists, or placeholders inside
// a longer value, are what they were before.
func TestNotPlaceholders(t *testing.T) {
	for _, line := range []string{"team_size: [6]", "owner: [PM Name]", `team_size: "[6] people"`, `created: "[]"`} {
		key, _, _ := strings.Cut(line, ":")
		src := headerWith(key, line)
		p, ds := plan.Parse("plan.md", []byte(src))
		if len(p.FrontPlaceholders) != 0 {
			t.Errorf("%s: placeholders %v", line, p.FrontPlaceholders)
		}
		found := false
		for _, d := range ds {
			found = found || d.Rule == plan.RuleFMType || d.Rule == plan.RuleFMFormat
		}
		if !found {
			t.Errorf("%s: no type or format error in %v", line, ds)
		}
	}
}

func TestNormalizeFrontValue(t *testing.T) {
	tests := []struct {
		key, in string
		want    any
		note    string
		ok      bool
	}{
		{"team_size", "4", 4, "", true},
		{"team_size", "4 people", 4, "", true},
		{"team_size", "Six engineers", 6, "", true},
		{"team_size", "4 (2 eng, 1 PM, 1 QA)", 4, "2 eng, 1 PM, 1 QA", true},
		{"team_size", "4-6 people", nil, "", false},
		{"team_size", "a few", nil, "", false},
		{"team_size", "0", nil, "", false},
		{"timeline", "10 weeks (two waves)", "10 weeks", "two waves", true},
		{"timeline", "2 week(s)", "2 weeks", "", true},
		{"timeline", "6w", "6w", "", true},
		{"timeline", "six weeks", "6 weeks", "", true},
		{"timeline", "1 wk", "1 week", "", true},
		{"timeline", "10 Days", "10 days", "", true},
		{"timeline", "4-6 weeks", nil, "", false},
		{"timeline", "2 months", nil, "", false},
		{"timeline", "Q3 2026", nil, "", false},
		{"timeline", "~6 weeks", nil, "", false},
		{"status", "In Progress", "in-progress", "", true},
		{"status", "IN_REVIEW", "in-review", "", true},
		{"status", "Planning", "draft", "", true},
		{"status", "Shipped", "launched", "", true},
		{"status", "Draft (v2)", "draft", "v2", true},
		{"status", "Blocked", nil, "", false},
		{"status", "Not started", nil, "", false},
		{"risk_tolerance", "Medium – payments only", "medium", "payments only", true},
		{"risk_tolerance", "Moderate", "medium", "", true},
		{"risk_tolerance", "Low-Medium", nil, "", false},
		{"created", "2026-03-01", "2026-03-01", "", true},
		{"created", "March 1, 2026", "2026-03-01", "", true},
		{"created", "1st March 2026", "2026-03-01", "", true},
		{"created", "2026/3/1", "2026-03-01", "", true},
		{"created", "March 1, 2026 10:14 AM", "2026-03-01", "10:14 AM", true},
		{"created", "2026-03-01T10:14:00Z", "2026-03-01", "10:14:00Z", true},
		{"created", "03/04/2026", nil, "", false},
		{"created", "2026-02-30", nil, "", false},
		{"created", "[Date]", nil, "", false},
		{"owner", "Dana Reyes (PM)", "Dana Reyes (PM)", "", true},
		{"tags", "auth, enterprise", []string{"auth", "enterprise"}, "", true},
		{"flag", "`saml_sso`", "saml_sso", "", true},
	}
	for _, tt := range tests {
		got, note, ok := plan.NormalizeFrontValue(tt.key, tt.in)
		if ok != tt.ok || !reflect.DeepEqual(got, tt.want) || note != tt.note {
			t.Errorf("NormalizeFrontValue(%s, %q) = %#v, %q, %v; want %#v, %q, %v", tt.key, tt.in, got, note, ok, tt.want, tt.note, tt.ok)
		}
	}
}

func TestKeyForLabel(t *testing.T) {
	tests := []struct{ label, value, want string }{
		{"Created on", "2026-01-01", "created"},
		{"Date", "2026-01-01", "created"},
		{"DRI", "Dana", "owner"},
		{"PM", "Dana", "owner"},
		{"Team  Size", "4 people", "team_size"},
		{"Team", "4 people", "team_size"},
		{"Team", "Payments Platform", ""},
		{"Duration", "10 weeks", "timeline"},
		{"Duration", "Q3", ""},
		{"Author", "Dana", ""},
		{"Version", "1.0", ""},
		{"Document status", "DRAFT", "status"},
	}
	for _, tt := range tests {
		got, ok := plan.KeyForLabel(tt.label, tt.value)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("KeyForLabel(%q, %q) = %q, %v; want %q", tt.label, tt.value, got, ok, tt.want)
		}
	}
}
