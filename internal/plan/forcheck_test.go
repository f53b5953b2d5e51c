package plan_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"github.com/rolloutdocs/rolloutdocs/internal/genplans"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// forCheckCases are bodies that exercise the inline content ParseForCheck
// still parses (headings, task checkboxes) next to content it skips.
var forCheckCases = []string{
	"## Overview see www.example.com and [link](http://x.y) `code` **bold** <b>raw</b> \\# \"quotes\" -- dash...\n\nText with www.example.com, *emphasis* and [a link][ref].\n\n[ref]: https://example.com\n",
	"## [ref] Overview\n\n[ref]: https://example.com\n\n## Rollout Strategy\n\n### Phase 1: [ref] *Internal* `Testing`\n> Summary with [ref]\n",
	"## Rollout Strategy\n\n### Phase 1: Canary\n\n**Tasks:**\n- [ ] one\n- [x] two\n- [X]  three\n- [ ]\n- [] four\n- [y] five\n-  [ ] six\n- [link](x) seven\n- *[ ]* eight\n- [ ] nine\n  continued [ ] with www.example.com\n\n  - [ ] nested\n",
	"## Rollout Strategy\n\n### Phase 1: A\n\n**Tasks:**\n1. [ ] ordered\n2. [x] done\n\n* [ ] star\n+ [x] plus\n",
	"## Rollout Strategy\n\n### Phase 1: A\n\n**Tasks:**\n- > [ ] quoted\n- # [ ] heading item\n-     [ ] code item\n- ```\n  [ ] fenced\n  ```\n",
	"Setext *Heading* with [link](x)\n======\n\nSecond\nline\n------\n\n## Overview {#custom-id}\n\n## Overview\n\n#### Deep [ref] heading\n\n## Overview\n",
	"## Success Metrics\n\n| Metric | Baseline | Target | Method |\n|---|:-:|--:|:--|\n| *Error* rate | 0.1% | <0.2% | [APM](x) |\n| `Latency` | 1 | 2 | www.example.com |\n",
	"## Rollback Triggers\n\nText[^1] with a footnote.\n\n- Error rate above 1%[^2]\n\n[^1]: The note.\n[^2]: Another *note*.\n",
	"## Overview\n\nText[^1].\n\n## Rollback Triggers\n\n- a\n\n[^1]: Only definitions here.\n",
	"## Overview\n\n- [ ] not a phase\n\nTerm\n: Definition with [ref]\n\n<div>\n## not a heading\n</div>\n\n    ## code\n\n> ## Quoted heading\n\n- ## Heading in a list\n",
	"## Heading with trailing hashes ##\n\n##Not a heading\n\n## Phase 2: Out of order\n\n## Rollout Strategy\nConservative rollout with three phases.\n### Phase 1: Hard\\\nbreak\n",
	"# Rollout Plan: Title with *emphasis*\n\n# Second title\n\n## Overview\n\nAutolinks <https://example.com> and <a@b.c>; ~~strike~~; ![img](x.png \"t\").\n",
}

// TestParseForCheckReadsWhatParseReads: the model and the diagnostics are
// the same either way, for every kind of plan the tests know.
func TestParseForCheckReadsWhatParseReads(t *testing.T) {
	srcs := map[string][]byte{}
	for i := range 200 {
		srcs[fmt.Sprintf("generated-%d", i)] = genplans.Plan(i, int64(1+i%5))
	}
	for i, body := range forCheckCases {
		srcs[fmt.Sprintf("case-%d", i)] = []byte(header + body)
	}
	for _, pattern := range []string{
		"../../content/plans/*.md", "testdata/*.md", "testdata/fuzz/FuzzParse/*",
		"../rules/testdata/*/*.md", "../rules/testdata/*/*/*.md", "../rules/testdata/*/*/*/*.md",
	} {
		files, _ := filepath.Glob(pattern)
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(f, "testdata/fuzz/") {
				src = fuzzCorpusBytes(t, src)
			}
			srcs[f] = src
		}
	}
	if len(srcs) < 300 {
		t.Fatalf("only %d plans to compare", len(srcs))
	}
	for name, src := range srcs {
		if diff := forCheckDifference(src); diff != "" {
			t.Errorf("%s: %s", name, diff)
		}
	}
}

// fuzzCorpusBytes decodes a `go test fuzz v1` file holding one []byte.
func fuzzCorpusBytes(t *testing.T, file []byte) []byte {
	t.Helper()
	_, rest, _ := bytes.Cut(file, []byte("\n"))
	s := strings.TrimSpace(string(rest))
	s = strings.TrimSuffix(strings.TrimPrefix(s, "[]byte("), ")")
	var out string
	if _, err := fmt.Sscanf(s, "%q", &out); err != nil {
		t.Fatalf("fuzz corpus file: %v", err)
	}
	return []byte(out)
}

// forCheckDifference describes how ParseForCheck's reading of src differs
// from Parse's, or returns "".
func forCheckDifference(src []byte) string {
	full, fullDiags := plan.Parse("plan.md", src)
	lean, leanDiags := plan.ParseForCheck("plan.md", src)
	if !reflect.DeepEqual(fullDiags, leanDiags) {
		return fmt.Sprintf("diagnostics differ:\nParse         %v\nParseForCheck %v", fullDiags, leanDiags)
	}
	if (full.Doc == nil) != (lean.Doc == nil) {
		return fmt.Sprintf("Doc is nil after Parse: %v, after ParseForCheck: %v", full.Doc == nil, lean.Doc == nil)
	}
	fullBlocks, leanBlocks := detachBlocks(full), detachBlocks(lean)
	if fullBlocks != leanBlocks {
		return fmt.Sprintf("blocks differ:\nParse\n%s\nParseForCheck\n%s", fullBlocks, leanBlocks)
	}
	for _, s := range lean.Sections {
		if s.Markdown != "" || s.ID != "" {
			return fmt.Sprintf("ParseForCheck kept the Markdown or the id of section %q", s.Heading)
		}
	}
	for _, s := range full.Sections {
		s.Markdown, s.ID = "", ""
	}
	full.Doc, lean.Doc = nil, nil
	if !reflect.DeepEqual(full, lean) {
		return fmt.Sprintf("models differ:\nParse\n%s\nParseForCheck\n%s", shape(full, nil), shape(lean, nil))
	}
	return ""
}

// detachBlocks describes the blocks of every section and phase note (kind
// and position; their inline content is what ParseForCheck skips) and
// removes them from the plan. A footnote list is left out: Parse adds it
// when the text refers to a footnote, which ParseForCheck does not read.
func detachBlocks(p *plan.Plan) string {
	var b strings.Builder
	describe := func(what string, nodes []ast.Node) {
		fmt.Fprintf(&b, "%s:", what)
		for _, n := range nodes {
			if n.Kind() != east.KindFootnoteList {
				fmt.Fprintf(&b, " %s@%d", n.Kind(), n.Pos())
			}
		}
		b.WriteByte('\n')
	}
	if p.Preamble != nil {
		describe("preamble", p.Preamble.Blocks)
		p.Preamble.Blocks = nil
	}
	for _, s := range p.Sections {
		describe("section "+s.Heading, s.Blocks)
		s.Blocks = nil
	}
	for i := range p.Phases {
		describe("notes of "+p.Phases[i].Name, p.Phases[i].Notes)
		p.Phases[i].Notes = nil
	}
	return b.String()
}
