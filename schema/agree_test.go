package schema

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/dlclark/regexp2"
	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// baseFrontMatter is a valid header; cases edit one key of it.
const baseFrontMatter = `title: Checkout Redesign
created: 2026-05-11
status: in-progress
owner: Dana Reyes
team_size: 6
timeline: 6 weeks
risk_tolerance: low
`

// with replaces key's line in the base header (or adds it) by line; an
// empty line removes the key.
func with(key, line string) string {
	var out []string
	found := false
	for l := range strings.Lines(baseFrontMatter) {
		if strings.HasPrefix(l, key+":") {
			found = true
			if line != "" {
				out = append(out, line+"\n")
			}
			continue
		}
		out = append(out, l)
	}
	if !found && line != "" {
		out = append(out, line+"\n")
	}
	return strings.Join(out, "")
}

func without(key string) string { return with(key, "") }

type frontMatterCase struct {
	name  string
	yaml  string
	valid bool
}

// frontMatterCases are judged by both validators and must get the verdict
// in valid from each.
var frontMatterCases = []frontMatterCase{
	{"minimal header", baseFrontMatter, true},
	{"every key", baseFrontMatter + "strategy: conservative\nstart: 2026-06-01\nflag: checkout_v2\ntags: [payments, web]\napprovers:\n  - Mei Lin Chen\n", true},
	{"quoted date", with("created", `created: "2026-05-11"`), true},
	{"leap day", with("created", "created: 2024-02-29"), true},
	{"timeline 6w", with("timeline", "timeline: 6w"), true},
	{"timeline 10 days", with("timeline", "timeline: 10 days"), true},
	{"timeline 10d", with("timeline", "timeline: 10d"), true},
	{"timeline 1 week", with("timeline", "timeline: 1 week"), true},
	{"timeline without a space", with("timeline", "timeline: 6weeks"), true},
	{"title as a number", with("title", "title: 2048"), true},
	{"owner as a boolean", with("owner", "owner: true"), true},
	{"owner no", with("owner", "owner: no"), true},
	{"unicode title", with("title", "title: Überweisung 💸 v2"), true},
	{"title with a colon, quoted", with("title", `title: "Checkout: the redesign"`), true},
	{"largest team", with("team_size", "team_size: 2147483647"), true},
	{"hex team size", with("team_size", "team_size: 0x10"), true},
	{"null optional keys", baseFrontMatter + "strategy:\nstart: ~\nflag:\ntags:\napprovers: null\n", true},
	{"empty optional strings", baseFrontMatter + "strategy: \"\"\nstart: ''\nflag: \"\"\n", true},
	{"empty lists", baseFrontMatter + "tags: []\napprovers: []\n", true},
	{"numbers in tags", baseFrontMatter + "tags: [2026, q3, true]\n", true},
	{"every status", baseFrontMatter + "strategy: aggressive\n", true},
	{"rolled-back", with("status", "status: rolled-back"), true},
	{"comments", "# header\n" + baseFrontMatter + "flag: x # the flag\n", true},

	{"missing title", without("title"), false},
	{"missing created", without("created"), false},
	{"missing status", without("status"), false},
	{"missing owner", without("owner"), false},
	{"missing team_size", without("team_size"), false},
	{"missing timeline", without("timeline"), false},
	{"missing risk_tolerance", without("risk_tolerance"), false},
	{"null title", with("title", "title:"), false},
	{"empty title", with("title", `title: ""`), false},
	{"blank title", with("title", `title: "   "`), false},
	{"tab title", with("title", `title: "\t"`), false},
	{"no-break space title", with("title", `title: "\u00a0"`), false},
	{"ideographic space owner", with("owner", `owner: "\u3000\u2003"`), false},
	{"title zero-width space", with("title", `title: "\u200b"`), true}, // TrimSpace keeps U+200B
	{"title as a list", with("title", "title: [a, b]"), false},
	{"title as a mapping", with("title", "title:\n  en: Checkout"), false},
	{"owner list item", with("owner", "owner:\n  - Dana"), false},
	{"impossible date", with("created", "created: 2026-02-30"), false},
	{"month 13", with("created", "created: 2026-13-01"), false},
	{"US date", with("created", `created: "05/11/2026"`), false},
	{"date as a number", with("created", "created: 20260511"), false},
	{"one-digit month", with("created", "created: 2026-5-11"), false},
	{"date with time", with("created", "created: 2026-05-11T10:00:00Z"), false},
	{"status typo", with("status", "status: launchd"), false},
	{"status as written in the template", with("status", "status: In Progress"), false},
	{"status boolean", with("status", "status: true"), false},
	{"team of zero", with("team_size", "team_size: 0"), false},
	{"negative team", with("team_size", "team_size: -3"), false},
	{"team as text", with("team_size", `team_size: "6"`), false},
	{"team as words", with("team_size", "team_size: six"), false},
	{"fractional team", with("team_size", "team_size: 6.5"), false},
	{"huge team", with("team_size", "team_size: 99999999999"), false},
	{"team as a list", with("team_size", "team_size: [6]"), false},
	{"timeline without unit", with("timeline", "timeline: 6"), false},
	{"timeline as a number", with("timeline", "timeline: 42"), false},
	{"timeline of zero", with("timeline", "timeline: 0 weeks"), false},
	{"timeline in words", with("timeline", "timeline: six weeks"), false},
	{"timeline in months", with("timeline", "timeline: 2 months"), false},
	{"timeline range", with("timeline", "timeline: 4-6 weeks"), false},
	{"timeline trailing space", with("timeline", `timeline: "6 weeks "`), false},
	{"timeline no-break space", with("timeline", `timeline: "6\u00a0weeks"`), false},
	{"timeline vertical tab", with("timeline", `timeline: "6\vweeks"`), false},
	{"timeline newline", with("timeline", `timeline: "6\nweeks"`), true}, // Go's \s takes \n
	{"risk capitalised", with("risk_tolerance", "risk_tolerance: Low"), false},
	{"risk unknown", with("risk_tolerance", "risk_tolerance: extreme"), false},
	{"strategy unknown", baseFrontMatter + "strategy: bold\n", false},
	{"strategy blank", baseFrontMatter + "strategy: \" \"\n", false},
	{"start impossible", baseFrontMatter + "start: 2026-04-31\n", false},
	{"start in words", baseFrontMatter + "start: soon\n", false},
	{"start as a list", baseFrontMatter + "start: [2026-06-01]\n", false},
	{"flag blank", baseFrontMatter + "flag: \" \"\n", false},
	{"flag as a mapping", baseFrontMatter + "flag: {key: x}\n", false},
	{"tags as text", baseFrontMatter + "tags: payments\n", false},
	{"tags with an empty item", baseFrontMatter + "tags: [a, \"\"]\n", false},
	{"tags with a blank item", baseFrontMatter + "tags: [a, \" \"]\n", false},
	{"tags with a null item", baseFrontMatter + "tags: [a, ~]\n", false},
	{"tags nested", baseFrontMatter + "tags: [[a]]\n", false},
	{"approvers as a mapping", baseFrontMatter + "approvers: {a: b}\n", false},
	{"unknown key", baseFrontMatter + "ownr: Dana\n", false},
	{"duplicate key", baseFrontMatter + "title: Again\n", false},
	{"header is a list", "- title\n- owner\n", false},
	{"header is a word", "checkout\n", false},
}

// yamlOnlyCases are headers plan.Parse rejects for reasons that do not
// survive the trip to JSON, so no JSON Schema can see them. They are kept
// here so the difference stays known: the test fails if either side
// changes its verdict.
var yamlOnlyCases = []struct {
	frontMatterCase
	why string
}{
	{frontMatterCase{"team size written 6.0", with("team_size", "team_size: 6.0"), false},
		"JSON has no integer type; 6.0 and 6 are the same JSON number"},
	{frontMatterCase{"aliases", strings.NewReplacer("title: Checkout Redesign", "title: &t Checkout Redesign", "owner: Dana Reyes", "owner: *t").Replace(baseFrontMatter), false},
		"anchors and aliases are resolved before JSON sees the value"},
	{frontMatterCase{"block scalar timeline", with("timeline", "timeline: |\n  6 weeks"), true},
		"plan.Parse drops a block scalar's final newline; JSON keeps it, so the pattern fails"},
}

// parseVerdict judges a header the way `rolloutdocs check` does: through
// plan.Parse, which decodes YAML into plan.FrontMatter and runs validator.
func parseVerdict(t *testing.T, header string) (bool, []diag.Diagnostic) {
	t.Helper()
	src := "---\n" + header + "---\n\n# Rollout Plan\n"
	_, ds := plan.Parse("plan.md", []byte(src))
	var fm []diag.Diagnostic
	for _, d := range ds {
		if strings.HasPrefix(d.Rule, "front-matter/") {
			fm = append(fm, d)
		}
	}
	return len(fm) == 0, fm
}

// schemaVerdict judges a header with the committed schema: YAML to JSON
// through goccy/go-yaml, then santhosh-tekuri/jsonschema with format
// assertions on. YAML that cannot become JSON is invalid.
func schemaVerdict(sch *jsonschema.Schema, header string) (bool, error) {
	js, err := yaml.YAMLToJSON([]byte(header))
	if err != nil {
		return false, fmt.Errorf("YAML to JSON: %w", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
	if err != nil {
		return false, fmt.Errorf("reading the JSON %s: %w", js, err)
	}
	if err := sch.Validate(doc); err != nil {
		return false, err
	}
	return true, nil
}

// regexEngines are the regular-expression dialects the schema must mean
// the same thing in: Go's (the test validator's default) and ECMA-262's
// (what editors use, per the JSON Schema spec).
var regexEngines = []struct {
	name   string
	engine jsonschema.RegexpEngine
}{
	{"go-regexp", nil},
	{"ecma-262", ecmaRegexp},
}

type ecmaRE struct{ *regexp2.Regexp }

func (r ecmaRE) MatchString(s string) bool {
	ok, err := r.Regexp.MatchString(s)
	return err == nil && ok
}

func ecmaRegexp(s string) (jsonschema.Regexp, error) {
	re, err := regexp2.Compile(s, regexp2.ECMAScript)
	if err != nil {
		return nil, err
	}
	return ecmaRE{re}, nil
}

func compileCommitted(t *testing.T, engine jsonschema.RegexpEngine) *jsonschema.Schema {
	t.Helper()
	raw, err := os.ReadFile(FileName)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("%s is not JSON: %v", FileName, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	c.UseRegexpEngine(engine)
	if err := c.AddResource(ID, doc); err != nil {
		t.Fatal(err)
	}
	// Compile also validates the schema against the draft-07 meta-schema.
	sch, err := c.Compile(ID)
	if err != nil {
		t.Fatalf("compiling %s: %v", FileName, err)
	}
	return sch
}

func TestSchemaAgreesWithValidator(t *testing.T) {
	for _, eng := range regexEngines {
		sch := compileCommitted(t, eng.engine)
		for _, tt := range frontMatterCases {
			t.Run(eng.name+"/"+tt.name, func(t *testing.T) {
				planOK, ds := parseVerdict(t, tt.yaml)
				schemaOK, schemaErr := schemaVerdict(sch, tt.yaml)
				if planOK != tt.valid {
					t.Errorf("plan.Parse says valid=%v, the case expects %v; diagnostics: %v", planOK, tt.valid, ds)
				}
				if schemaOK != planOK {
					t.Errorf("the schema says valid=%v but plan.Parse says valid=%v\nheader:\n%s\nschema: %v\nplan: %v",
						schemaOK, planOK, tt.yaml, schemaErr, ds)
				}
			})
		}
	}
}

func TestYAMLOnlyDifferencesStayKnown(t *testing.T) {
	sch := compileCommitted(t, nil)
	for _, tt := range yamlOnlyCases {
		t.Run(tt.name, func(t *testing.T) {
			planOK, ds := parseVerdict(t, tt.yaml)
			schemaOK, _ := schemaVerdict(sch, tt.yaml)
			if planOK != tt.valid {
				t.Errorf("plan.Parse says valid=%v, expected %v (%v)", planOK, tt.valid, ds)
			}
			if schemaOK == planOK {
				t.Errorf("schema and plan.Parse now agree (valid=%v); move this case to frontMatterCases (it was listed because %s)", planOK, tt.why)
			}
		})
	}
}

// TestExamplePortfolioMatchesSchema runs the committed schema over every
// plan in content/, which must all be valid.
func TestExamplePortfolioMatchesSchema(t *testing.T) {
	files, err := plan.FindFiles("../content")
	if err != nil {
		t.Skipf("no example portfolio: %v", err)
	}
	sch := compileCommitted(t, nil)
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rest, ok := bytes.CutPrefix(src, []byte("---\n"))
		header, _, closed := bytes.Cut(rest, []byte("\n---\n"))
		if !ok || !closed {
			t.Errorf("%s: no front matter", f)
			continue
		}
		if ok, err := schemaVerdict(sch, string(header)+"\n"); !ok {
			t.Errorf("%s: schema rejects the header: %v", f, err)
		}
	}
}
