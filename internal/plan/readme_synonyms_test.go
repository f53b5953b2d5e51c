package plan

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite generated text (the README's synonym list) from the code")

// The README's "Writing a plan" lists every name synonyms.go accepts,
// between these markers; TestREADMESynonyms keeps the list and the table
// the same (go test ./internal/plan -run TestREADMESynonyms -update
// rewrites the list).
const (
	synonymsBegin = "<!-- synonyms: generated from internal/plan/synonyms.go by `go test ./internal/plan -run TestREADMESynonyms -update`; edit synonyms.go, not this list -->\n"
	synonymsEnd   = "<!-- synonyms: end -->\n"
)

// synonymsMarkdown is the README's list of the names synonyms.go accepts.
func synonymsMarkdown() string {
	var b strings.Builder
	names := func(keys []string, first string) string {
		slices.Sort(keys)
		if i := slices.Index(keys, first); i > 0 {
			keys = append([]string{first}, slices.Delete(keys, i, i+1)...)
		}
		quoted := make([]string, len(keys))
		for i, k := range keys {
			quoted[i] = "`" + k + "`"
		}
		return strings.Join(quoted, ", ")
	}
	b.WriteString("Sections (level 2 or 3 headings):\n\n")
	for _, kind := range []SectionKind{KindOverview, KindStrategy, KindMetrics, KindTriggers} {
		var keys []string
		for k, v := range sectionSynonyms {
			if v == kind {
				keys = append(keys, k)
			}
		}
		fmt.Fprintf(&b, "- **%s:** %s\n", templateNames[kind], names(keys, strings.ToLower(templateNames[kind])))
	}
	var phases []string
	for k := range phasesSectionNames {
		phases = append(phases, k)
	}
	fmt.Fprintf(&b, "- **a list of phases** (a `### 1. Name` heading under one is a phase): %s\n", names(phases, "phases"))
	b.WriteString("\nMetrics table columns:\n\n")
	for _, col := range []string{"metric", "baseline", "target", "method"} {
		var keys []string
		for k, v := range columnSynonyms {
			if v == col {
				keys = append(keys, k)
			}
		}
		fmt.Fprintf(&b, "- **%s:** %s\n", columnNames[col], names(keys, col))
	}
	b.WriteString("\nPhase headings begin with ")
	b.WriteString(names(slices.Clone(phaseWords), "phase"))
	b.WriteString(". A duration that has no end: ")
	var open []string
	for k := range openEndedWords {
		open = append(open, k)
	}
	b.WriteString(names(open, "ongoing"))
	b.WriteString(". A phase that reaches every user (it counts as 100%): ")
	var launch []string
	for _, words := range fullLaunchPhrases {
		launch = append(launch, strings.Join(words, " "))
	}
	b.WriteString(names(launch, "full launch"))
	b.WriteString(".\n")
	return b.String()
}

func TestREADMESynonyms(t *testing.T) {
	path := filepath.Join("..", "..", "README.md")
	readme, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(readme, []byte(synonymsBegin))
	j := bytes.Index(readme, []byte(synonymsEnd))
	if i < 0 || j < i {
		t.Fatalf("README.md has no synonym list between\n%s and\n%s", synonymsBegin, synonymsEnd)
	}
	got := string(readme[i+len(synonymsBegin) : j])
	want := synonymsMarkdown()
	if got == want {
		return
	}
	if *update {
		out := append(append(append([]byte{}, readme[:i+len(synonymsBegin)]...), want...), readme[j:]...)
		if err := os.WriteFile(path, out, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's synonym list is not synonyms.go's; run go test ./internal/plan -run TestREADMESynonyms -update\ngot:\n%s\nwant:\n%s", got, want)
}
