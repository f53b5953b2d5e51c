package plandiff

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n%s", name, got)
	}
}

// sampleReport is a pull request touching three plans: an approved plan
// made riskier (canary raised, a criterion removed, a trigger loosened, a
// phase cut), a plan made safer, and a new plan.
func sampleReport(t *testing.T) *Report {
	base := readBase(t)
	riskier := edit(t, base,
		"Canary Release (5% of users)", "Canary Release (10% of users)",
		"- [ ] Error rate within baseline\n", "",
		"increases by more than 0.5%", "increases by more than 2%",
		"**Duration:** 7 days", "**Duration:** 2 days",
		"| Search success rate | 61% | >= 66% |", "| Search success rate | 61% | >= 64% |",
		"a week before Phase 2", "two weeks before Phase 2")
	other := strings.NewReplacer("title: Search Filters", "title: Saved Views", "status: approved", "status: in-progress").Replace(base)
	safer := edit(t, other, "exceeds 400ms", "exceeds 350ms", "status: in-progress", "status: paused", "  - Priya Raman\n", "  - Priya Raman\n  - Lee Park\n")
	added := strings.Replace(base, "title: Search Filters", "title: Pipes | and <b>tags</b>", 1)
	return &Report{
		Base: "origin/main (merge base 1a2b3c4)",
		Head: "the working tree",
		Plans: Diff([]FilePair{
			{Base: &Version{"content/plans/saved-views.md", []byte(other)}, Head: &Version{"content/plans/saved-views.md", []byte(safer)}},
			{Head: &Version{"content/plans/pipes.md", []byte(added)}},
			{Base: &Version{"content/plans/search-filters.md", []byte(base)}, Head: &Version{"content/plans/search-filters.md", []byte(riskier)}},
		}),
	}
}

func TestFormatsGolden(t *testing.T) {
	r := sampleReport(t)
	for _, tc := range []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{"report.txt", func(b *bytes.Buffer) error { return WriteText(b, r, Options{}) }},
		{"report-color.txt", func(b *bytes.Buffer) error { return WriteText(b, r, Options{Color: true}) }},
		{"report.md", func(b *bytes.Buffer) error {
			return WriteMarkdown(b, r, Options{BaseURL: "https://rollouts.example.com/"})
		}},
		{"report.json", func(b *bytes.Buffer) error { return WriteJSON(b, r) }},
		{"report.github", func(b *bytes.Buffer) error { return WriteGitHub(b, r) }},
	} {
		var b bytes.Buffer
		if err := tc.write(&b); err != nil {
			t.Fatal(err)
		}
		golden(t, tc.name, b.Bytes())
	}
}

func TestRiskiestPlanFirst(t *testing.T) {
	r := sampleReport(t)
	var order []string
	for _, p := range r.Plans {
		order = append(order, string(p.Verdict))
	}
	if strings.Join(order, ",") != "riskier,safer,neutral" {
		t.Errorf("verdicts in order %v", order)
	}
	if !r.Plans[0].Reapproval || r.Plans[1].Reapproval {
		t.Errorf("reapproval: %v %v", r.Plans[0].Reapproval, r.Plans[1].Reapproval)
	}
}

// TestJSONShape holds the documented field names.
func TestJSONShape(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, sampleReport(t)); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Plans []map[string]json.RawMessage `json:"plans"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"file", "slug", "verdict", "reapproval", "changes"} {
		if _, ok := doc.Plans[0][key]; !ok {
			t.Errorf("plan has no %q", key)
		}
	}
	var changes []map[string]json.RawMessage
	if err := json.Unmarshal(doc.Plans[0]["changes"], &changes); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"kind", "risk", "reason", "before", "after", "line"} {
		if _, ok := changes[0][key]; !ok {
			t.Errorf("change has no %q", key)
		}
	}
	var empty bytes.Buffer
	if err := WriteJSON(&empty, &Report{}); err != nil || !strings.Contains(empty.String(), `"plans": []`) {
		t.Errorf("an empty report's plans are not []: %s", empty.String())
	}
}

func TestMarkdownEscapesCells(t *testing.T) {
	var b bytes.Buffer
	if err := WriteMarkdown(&b, sampleReport(t), Options{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "<b>") {
		t.Errorf("raw HTML from a plan's title reached the Markdown:\n%s", b.String())
	}
	for _, line := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(line, "| ") && strings.Count(strings.ReplaceAll(line, `\|`, ""), "|") != 4 {
			t.Errorf("table row with an unescaped pipe: %s", line)
		}
	}
}
