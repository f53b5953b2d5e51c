package pages

import (
	"encoding/json"
	"fmt"
	"html"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/rules"
)

func examplePages(t *testing.T) []Page {
	t.Helper()
	files, err := plan.FindFiles("../../content/plans")
	if err != nil {
		t.Fatal(err)
	}
	pf := plan.LoadFiles(files)
	ds := rules.CheckPortfolio(pf)
	var in []PlanInput
	for _, p := range pf.Plans {
		pi := PlanInput{Plan: p, SourcePath: "content/plans/" + filepath.Base(p.Path)}
		for _, d := range ds {
			if d.File == p.Path {
				pi.Diagnostics = append(pi.Diagnostics, d)
			}
		}
		in = append(in, pi)
	}
	return Build(Site{Title: "Rollouts", RepoURL: "https://git.example/x/blob/main/"}, in)
}

var paramKey = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// checkPlain walks a param value: plain JSON data only, and keys Hugo
// will not change (it lower-cases them).
func checkPlain(t *testing.T, where string, v any) {
	switch x := v.(type) {
	case string, bool, int, float64, nil:
	case []any:
		for i, e := range x {
			checkPlain(t, fmt.Sprintf("%s[%d]", where, i), e)
		}
	case map[string]any:
		for k, e := range x {
			if !paramKey.MatchString(k) {
				t.Errorf("%s: key %q is not lower-case snake_case", where, k)
			}
			checkPlain(t, where+"."+k, e)
		}
	default:
		t.Errorf("%s: %T is not plain JSON data", where, v)
	}
}

// Params are what the Hugo exporter writes: plain, JSON-serialisable data
// with lower-case keys, which survives a JSON round trip unchanged.
func TestParamsArePlainData(t *testing.T) {
	ps := examplePages(t)
	if len(ps) < 50 {
		t.Fatalf("only %d pages", len(ps))
	}
	seen := map[string]bool{}
	for _, p := range ps {
		if seen[p.Path] {
			t.Errorf("two pages at %q", p.Path)
		}
		seen[p.Path] = true
		checkPlain(t, p.Path, p.Params)
		for _, key := range []string{"rollout_page", "breadcrumbs", "description", "source_url", "source_path"} {
			if _, ok := p.Params[key]; !ok {
				t.Errorf("%s: no %s param", p.Path, key)
			}
		}
		if p.Params["rollout_page"] != p.Layout {
			t.Errorf("%s: rollout_page %v, layout %s", p.Path, p.Params["rollout_page"], p.Layout)
		}
		if strings.HasPrefix(p.Path, "/") {
			t.Errorf("path %q starts with a slash", p.Path)
		}
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("%s: %v", p.Path, err)
		}
		var back Page
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		again, _ := json.Marshal(back)
		if string(again) != string(b) {
			t.Errorf("%s does not survive a JSON round trip", p.Path)
		}
	}
}

// Every url param is a site path without a leading slash, pointing at a
// page of the set (templates pass it through relURL).
func TestURLParamsPointAtPages(t *testing.T) {
	ps := examplePages(t)
	paths := map[string]bool{}
	for _, p := range ps {
		paths[p.Path] = true
	}
	var walk func(where string, v any)
	walk = func(where string, v any) {
		switch x := v.(type) {
		case []any:
			for i, e := range x {
				walk(fmt.Sprintf("%s[%d]", where, i), e)
			}
		case map[string]any:
			for k, e := range x {
				if s, ok := e.(string); ok && (k == "url" || strings.HasSuffix(k, "_url")) && k != "source_url" {
					if !paths[s] {
						t.Errorf("%s.%s = %q: no such page", where, k, s)
					}
				}
				walk(where+"."+k, e)
			}
		}
	}
	for _, p := range ps {
		walk(p.Path, p.Params)
	}
}

func TestSourceURL(t *testing.T) {
	for _, p := range examplePages(t) {
		if p.Layout == LayoutPlan && p.Params["source_url"] != "https://git.example/x/blob/main/"+p.Params["source_path"].(string) {
			t.Errorf("%s: source_url %v", p.Path, p.Params["source_url"])
		}
	}
}

func TestInline(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain words", "plain words"},
		{">= 3.8%", "&gt;= 3.8%"},
		{"<1.5%", "&lt;1.5%"},
		{"1. Deploy", "1. Deploy"},
		{"- not a list", "- not a list"},
		{"# not a heading", "# not a heading"},
		{"**bold** and `code`", "<strong>bold</strong> and <code>code</code>"},
		{"<script>alert(1)</script>", "&lt;script&gt;alert(1)<!-- raw HTML omitted -->"},
		{"x <b>bold</b>", "x <!-- raw HTML omitted -->bold<!-- raw HTML omitted -->"},
		{"[x](javascript:alert(1))", `<a href="">x</a>`},
		{"Zendesk `billing-checkout` tag", "Zendesk <code>billing-checkout</code> tag"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Inline(tt.in); got != tt.want {
			t.Errorf("Inline(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// The fast path gives exactly what goldmark gives.
func FuzzInlineFastPath(f *testing.F) {
	for _, s := range []string{"plain words", "P95 latency", "a - b", "Error rate 0.5%", "it's", "x -- y", "www.example.org", "ünïcode", "1x", "a.b",
		"<10% increase", ">= 99.5%", "0.7%", "1. Deploy", "2) x", "1..2", "<<x", ">> y", "<a>", "= x", "===", "- x", "99.9%", "<", ">", "1.", "160ms"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		s = strings.TrimSpace(s)
		if s == "" || !plainText(s) {
			return
		}
		if got, want := html.EscapeString(s), inlineMarkdown(s); got != want {
			t.Errorf("fast path for %q = %q, goldmark gives %q", s, got, want)
		}
	})
}

func TestMentions(t *testing.T) {
	tests := []struct {
		text, metric string
		want         bool
	}{
		{"P95 latency increases by more than 50%", "Latency (p95)", true},
		{"Error rate increases by more than 0.5%", "Error rate", true},
		{"No regression in checkout p95 latency", "Latency (p95)", true},
		{"Support ticket volume within budget", "Support tickets", true},
		{"Payment failure rate exceeds 2.5%", "Error rate", false},
		{"Anything", "", false},
	}
	for _, tt := range tests {
		if got := mentions(tt.text, metricWords(tt.metric)); got != tt.want {
			t.Errorf("mentions(%q, %q) = %v", tt.text, tt.metric, got)
		}
	}
}

// wordSet reads the words plan.MetricKey keeps, without building the key.
func FuzzWordSet(f *testing.F) {
	for _, s := range []string{"P95 latency increases by more than 50%", "Support tickets", "", "!!", "Kelvin \u212a", "İstanbul", "class pass", "bus buses", "x", "\xff\xfeabc", "ÀÉÎ words",
		"Increase to 25% → 50% → 100%", "error rate ≥ 2% – “p95” latency…", "cafe\u0301s", "Phase Ⅻ", "ｐ９５ latency", "日本 latency", "a\u00a0b\u2003c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := map[string]bool{}
		for _, w := range strings.Split(plan.MetricKey(s), "-") {
			want[w] = true
		}
		if got := wordSet(s, nil); !maps.Equal(got, want) {
			t.Errorf("wordSet(%q) = %v, MetricKey gives %v", s, got, want)
		}
		// Kept to some of those words, and one it does not have.
		keep, wantKept := map[string]bool{"zz-not-a-word": true}, map[string]bool{}
		for i, w := range slices.Sorted(maps.Keys(want)) {
			if i%2 == 0 {
				keep[w], wantKept[w] = true, true
			}
		}
		if got := wordSet(s, keep); !maps.Equal(got, wantKept) {
			t.Errorf("wordSet(%q, %v) = %v, want %v", s, keep, got, wantKept)
		}
	})
}

func TestStatusLabel(t *testing.T) {
	for in, want := range map[string]string{"in-progress": "In progress", "rolled-back": "Rolled back", "": "No status", "draft": "Draft"} {
		if got := StatusLabel(in); got != want {
			t.Errorf("StatusLabel(%q) = %q", in, got)
		}
	}
}

func TestClip(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly 10", 10, "exactly 10"},
		{"eleven char", 10, "eleven ch…"},
		{"ééééé", 5, "ééééé"}, // 10 bytes, 5 characters
		{"éééééé", 5, "éééé…"},
		{"word  and more", 7, "word…"}, // the cut's trailing space goes
	}
	for _, tt := range tests {
		if got := clip(tt.in, tt.n); got != tt.want {
			t.Errorf("clip(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
