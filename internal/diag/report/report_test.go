package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// sample has what trips formats up: a whole-file position, a hint, a tab
// and a multi-byte character before the column, and %, CR, LF, comma and
// colon in the message and the path.
var sample = []diag.Diagnostic{
	{File: "content/plans/a.md", Pos: diag.Pos{}, Severity: diag.Error, Rule: "file/empty", Message: "file is empty", Hint: "write the plan"},
	{File: "content/plans/a.md", Pos: diag.Pos{Line: 2, Col: 9}, Severity: diag.Error, Rule: "front-matter/enum", Message: `status: "launchd" is not a status`, Hint: `did you mean "launched"?`},
	{File: "content/plans/a.md", Pos: diag.Pos{Line: 3, Col: 7}, Severity: diag.Warning, Rule: "rollout/canary", Message: "the canary step is 20%,\r\nover 10%: too big"},
	{File: "content/plans/odd, name: v2.md", Pos: diag.Pos{Line: 1, Col: 1}, Severity: diag.Warning, Rule: "placeholders/template", Message: `template placeholder "[X days]" is still in the plan`},
}

var sources = map[string][]byte{
	"content/plans/a.md": []byte("---\nstatus: launchd\n\tcafé 20% canary\n"),
}

func source(path string) []byte { return sources[path] }

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/diag/report -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s:\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestFormats(t *testing.T) {
	tests := []struct {
		golden string
		format Format
		opts   Options
	}{
		{"text.golden", Text, Options{Source: source}},
		{"text-excerpts.golden", Text, Options{Source: source, Excerpts: true}},
		{"text-color.golden", Text, Options{Source: source, Excerpts: true, Color: true}},
		{"json.golden", JSON, Options{}},
		{"github.golden", GitHub, Options{}},
		{"sarif.golden", SARIF, Options{ToolVersion: "1.2.3", Rules: []Rule{
			{ID: "front-matter/enum", Severity: diag.Error, Summary: "status takes one of its values."},
			{ID: "rollout/canary", Severity: diag.Warning, Summary: "The canary is 1–10%."},
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, tt.format, sample, tt.opts); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.golden, buf.Bytes())
		})
	}
}

func TestExcerptCaretLinesUp(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteText(&buf, sample[2:3], Options{Source: source, Excerpts: true}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	if len(lines) < 3 {
		t.Fatalf("no excerpt:\n%s", buf.String())
	}
	// Column 7 of "\tcafé 20% canary" is the "2"; the caret line keeps the
	// tab and counts é as one column.
	src, caret := lines[1], lines[2]
	if want := "    \t     ^"; caret != want {
		t.Errorf("caret line %q, want %q (source %q)", caret, want, src)
	}
}

func TestGitHubEscaping(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteGitHub(&buf, sample); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(sample) {
		t.Fatalf("want one command per diagnostic, got %d lines:\n%s", len(lines), out)
	}
	for _, want := range []string{
		"::error file=content/plans/a.md,line=1,col=1,title=file/empty::file is empty; write the plan",
		"::warning file=content/plans/a.md,line=3,col=7,title=rollout/canary::the canary step is 20%25,%0D%0Aover 10%25: too big",
		"::warning file=content/plans/odd%2C name%3A v2.md,line=1,col=1,title=placeholders/template::",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
}

func TestJSONIsAnArray(t *testing.T) {
	for _, ds := range [][]diag.Diagnostic{nil, sample} {
		var buf bytes.Buffer
		if err := WriteJSON(&buf, ds); err != nil {
			t.Fatal(err)
		}
		var got []map[string]any
		if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
			t.Fatalf("not a JSON array: %v\n%s", err, buf.String())
		}
		if len(got) != len(ds) {
			t.Errorf("got %d items, want %d", len(got), len(ds))
		}
	}
}

// TestSARIFShape checks the parts of SARIF 2.1.0 that code-scanning
// uploads require: version, a run with a driver and its rules, results
// whose ruleIndex points at their rule, and 1-based regions.
func TestSARIFShape(t *testing.T) {
	var buf bytes.Buffer
	opts := Options{ToolVersion: "1.0.0", Rules: []Rule{{ID: "rollout/canary", Severity: diag.Warning, Summary: "s"}}}
	if err := WriteSARIF(&buf, sample, opts); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID string `json:"id"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Message   struct {
					Text string `json:"text"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine   int `json:"startLine"`
							StartColumn int `json:"startColumn"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Name != "rolloutdocs" {
		t.Fatalf("bad SARIF envelope:\n%s", buf.String())
	}
	run := log.Runs[0]
	if len(run.Results) != len(sample) {
		t.Fatalf("%d results, want %d", len(run.Results), len(sample))
	}
	for i, r := range run.Results {
		if r.RuleIndex < 0 || r.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %d: ruleIndex %d does not point at %s", i, r.RuleIndex, r.RuleID)
		}
		loc := r.Locations[0].PhysicalLocation
		if loc.Region.StartLine < 1 || loc.Region.StartColumn < 1 || loc.ArtifactLocation.URI == "" || r.Message.Text == "" {
			t.Errorf("result %d: incomplete location or message: %+v", i, r)
		}
		if want := map[diag.Severity]string{diag.Error: "error", diag.Warning: "warning"}[sample[i].Severity]; r.Level != want {
			t.Errorf("result %d: level %q, want %q", i, r.Level, want)
		}
	}
	if got := run.Results[3].Locations[0].PhysicalLocation.ArtifactLocation.URI; got != "content/plans/odd,%20name:%20v2.md" {
		t.Errorf("URI %q is not a relative, escaped URI", got)
	}
}

func TestSummary(t *testing.T) {
	tests := []struct {
		ds    []diag.Diagnostic
		files int
		want  string
	}{
		{nil, 8, "no problems in 8 plans"},
		{sample, 1, "2 errors, 2 warnings in 1 plan"},
		{sample[:2], 2, "2 errors, 0 warnings in 2 plans"},
		{sample[2:3], 2, "0 errors, 1 warning in 2 plans"},
	}
	for _, tt := range tests {
		if got := Summary(tt.ds, tt.files); got != tt.want {
			t.Errorf("Summary = %q, want %q", got, tt.want)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for _, s := range []string{"text", "json", "GitHub", "sarif"} {
		if _, err := ParseFormat(s); err != nil {
			t.Errorf("ParseFormat(%q): %v", s, err)
		}
	}
	if _, err := ParseFormat("xml"); err == nil || !strings.Contains(err.Error(), "text, json, github, sarif") {
		t.Errorf("ParseFormat(xml) error %v should list the formats", err)
	}
}
