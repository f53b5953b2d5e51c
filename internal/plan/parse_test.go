package plan_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// header is a valid front matter; cases put a body after it.
const header = `---
title: Checkout Redesign
created: 2026-05-11
status: draft
owner: Dana Reyes
team_size: 6
timeline: 6 weeks
risk_tolerance: medium
---
`

// rulesAt renders diagnostics as "line:col rule" for compact comparison.
func rulesAt(ds []diag.Diagnostic) []string {
	out := make([]string, 0, len(ds))
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%d:%d %s", d.Pos.Line, d.Pos.Col, d.Rule))
	}
	return out
}

func TestParseBadInput(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // "line:col rule", in order
	}{
		{"empty file", "", []string{"1:1 file/empty"}},
		{"only whitespace", " \n\n\t\n", []string{"1:1 file/empty"}},
		{"only a BOM", "\ufeff", []string{"1:1 file/empty"}},
		{"binary", "---\ntitle: x\x00\x01\x02\n---\n", []string{"1:1 file/encoding"}},
		{"latin-1", "---\ntitle: Caf\xe9\n---\n", []string{"2:11 file/encoding"}},
		{"missing front matter", "# Rollout Plan: X\n\n## Overview\n", []string{"1:1 front-matter/missing"}},
		{"legacy bold header", "# Rollout Plan: X\n\n**Created:** 2026-05-11\n**Status:** Draft\n**Owner:** Dana\n\n---\n", []string{"1:1 front-matter/legacy-header"}},
		{"unclosed front matter", "---\ntitle: X\ncreated: 2026-05-11\n\n# Body\n", []string{"1:1 front-matter/unclosed"}},
		{"toml front matter", "+++\ntitle = \"X\"\n+++\n", []string{"1:1 front-matter/toml"}},
		{"empty front matter", "---\n---\n# Body\n", []string{"1:1 front-matter/required"}},
		{"invalid yaml", "---\ntitle: a: b\n---\n", []string{"2:8 front-matter/yaml"}},
		{"not a mapping", "---\n- a\n- b\n---\n", []string{"2:1 front-matter/not-a-mapping"}},
		{"alias", "---\ntitle: &t X\nowner: *t\n---\n", []string{"2:8 front-matter/alias"}},
		{
			"duplicate key",
			strings.Replace(header, "owner: Dana Reyes\n", "owner: Dana Reyes\nowner: Sam Lee\n", 1),
			[]string{"6:1 front-matter/duplicate-key"},
		},
		{
			"unknown key that misspells a required one",
			strings.Replace(header, "owner:", "ownr:", 1),
			[]string{"5:1 front-matter/unknown-key"},
		},
		{
			"unknown key beside an unrelated missing one",
			strings.Replace(header, "owner:", "reviewer:", 1),
			[]string{"1:1 front-matter/required", "5:1 front-matter/unknown-key"},
		},
		{
			"wrong types",
			strings.NewReplacer("team_size: 6", "team_size: six", "title: Checkout Redesign", "title: [PM Name]").Replace(header),
			[]string{"2:8 front-matter/type", "6:12 front-matter/type"},
		},
		{"bad enum", strings.Replace(header, "status: draft", "status: launchd", 1), []string{"4:9 front-matter/enum"}},
		{"bad date", strings.Replace(header, "2026-05-11", "2026-02-30", 1), []string{"3:10 front-matter/format"}},
		{"bad timeline", strings.Replace(header, "6 weeks", "six weeks", 1), []string{"7:11 front-matter/format"}},
		{"team size zero", strings.Replace(header, "team_size: 6", "team_size: 0", 1), []string{"6:12 front-matter/range"}},
		{"team size huge", strings.Replace(header, "team_size: 6", "team_size: 99999999999999999999", 1), []string{"6:12 front-matter/range"}},
		{"valid", header + "# Body\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ds := plan.Parse("plan.md", []byte(tt.src))
			diag.Sort(ds)
			got := rulesAt(ds)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("diagnostics:\n%s\nwant:\n%s\nfull:\n%v", strings.Join(got, "\n"), strings.Join(tt.want, "\n"), ds)
			}
			for _, d := range ds {
				if d.Message == "" || d.File != "plan.md" || d.Severity != diag.Error {
					t.Errorf("diagnostic lacks a message, file or severity: %+v", d)
				}
			}
		})
	}
}

func TestParseOversize(t *testing.T) {
	src := bytes.Repeat([]byte("a"), plan.MaxFileSize+1)
	_, ds := plan.Parse("big.md", src)
	if got := rulesAt(ds); len(got) != 1 || got[0] != "1:1 file/too-large" {
		t.Errorf("oversize file: %v", ds)
	}
}

// TestAliasBombIsRejectedQuickly: a billion-laughs header must be refused
// without expanding it (the test would run out of memory or time if it
// were expanded).
func TestAliasBombIsRejectedQuickly(t *testing.T) {
	var b strings.Builder
	b.WriteString("---\na0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	for i := 1; i < 10; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [", i, i)
		for j := 0; j < 9; j++ {
			if j > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	b.WriteString("title: *a9\n---\n")
	_, ds := plan.Parse("bomb.md", []byte(b.String()))
	if got := rulesAt(ds); len(got) != 1 || got[0] != "2:5 front-matter/alias" {
		t.Errorf("alias bomb: %v", ds)
	}
}

// shape renders everything Parse located, with positions, so two parses can
// be compared element by element.
func shape(p *plan.Plan, ds []diag.Diagnostic) string {
	var b strings.Builder
	fmt.Fprintf(&b, "front %+v\n", p.Front)
	keys := plan.FrontMatterKeys()
	for _, k := range keys {
		if pos, ok := p.FrontPos[k]; ok {
			fmt.Fprintf(&b, "key %s %v\n", k, pos)
		}
	}
	fmt.Fprintf(&b, "heading %q strategy %+v\n", p.Heading, p.StrategyLine)
	for _, s := range p.Sections {
		fmt.Fprintf(&b, "section %s %q %v %q\n", s.Kind, s.Heading, s.Pos, s.Markdown)
	}
	for _, ph := range p.Phases {
		fmt.Fprintf(&b, "phase %d %q %v summary %q %v duration %+v\n", ph.Number, ph.Name, ph.Pos, ph.Summary, ph.SummaryPos, ph.Duration)
		for _, pc := range ph.Percentages {
			fmt.Fprintf(&b, "  step %v %v\n", pc.Value, pc.Pos)
		}
		for _, t := range append(append([]plan.Task(nil), ph.Tasks...), ph.ExitCriteria...) {
			fmt.Fprintf(&b, "  task %q %v %v\n", t.Text, t.Done, t.Pos)
		}
	}
	for _, m := range p.Metrics.Rows {
		fmt.Fprintf(&b, "metric %q %q %q %v %v\n", m.Name, m.Baseline, m.Target, m.Pos, m.CellPos)
	}
	for _, tr := range p.Triggers {
		fmt.Fprintf(&b, "trigger %q %v\n", tr.Text, tr.Pos)
	}
	for _, d := range ds {
		fmt.Fprintf(&b, "diag %v\n", d)
	}
	return b.String()
}

// TestBOMAndCRLFParseLikeLF: a plan saved with a BOM, CRLF line endings or
// both reads exactly like its LF twin, positions included.
func TestBOMAndCRLFParseLikeLF(t *testing.T) {
	files, err := filepath.Glob("../../content/plans/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no example plans: %v", err)
	}
	files = append(files, "testdata/broken-plan.md")
	for _, f := range files {
		lf, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want := shape(plan.Parse("plan.md", lf))
		crlf := bytes.ReplaceAll(lf, []byte("\n"), []byte("\r\n"))
		variants := map[string][]byte{
			"bom":      append([]byte("\ufeff"), lf...),
			"crlf":     crlf,
			"bom+crlf": append([]byte("\ufeff"), crlf...),
		}
		for name, src := range variants {
			if got := shape(plan.Parse("plan.md", src)); got != want {
				t.Errorf("%s as %s parses differently from LF:\n%s", f, name, firstDifference(want, got))
			}
		}
	}
}

func firstDifference(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("LF:    %s\nother: %s", al[i], bl[i])
		}
	}
	return fmt.Sprintf("lengths differ: %d vs %d lines", len(al), len(bl))
}
