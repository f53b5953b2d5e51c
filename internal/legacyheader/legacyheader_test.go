package legacyheader

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestConvertGolden converts every testdata/*.md and compares the result
// with testdata/*.golden byte for byte (line endings included).
func TestConvertGolden(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("testdata", "*.md"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no inputs in testdata: %v", err)
	}
	for _, in := range inputs {
		t.Run(filepath.Base(in), func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Convert(src)
			if err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(in, ".md") + ".golden"
			if *update {
				if err := os.WriteFile(golden, res.Output, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/legacyheader -update)", err)
			}
			if !bytes.Equal(res.Output, want) {
				t.Errorf("Convert(%s) differs from %s (run with -update if intended):\n%s", in, golden, res.Output)
			}
		})
	}
}

// TestConvertKeepsBody checks that everything after the header's rule
// comes through byte for byte.
func TestConvertKeepsBody(t *testing.T) {
	for _, name := range []string{"template-filled.md", "template-filled-crlf.md", "template-unfilled.md"} {
		src, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		res, err := Convert(src)
		if err != nil {
			t.Fatal(err)
		}
		body := src[bytes.Index(src, []byte("## Overview")):]
		if !bytes.HasSuffix(res.Output, body) {
			t.Errorf("%s: the body after the header changed", name)
		}
		heading := src[:bytes.IndexByte(src, '\n')+1]
		if !bytes.Contains(res.Output, heading) {
			t.Errorf("%s: the # heading line changed", name)
		}
	}
}

// checkConverted parses and checks a converted plan as `rolloutdocs check`
// would.
func checkConverted(t *testing.T, out []byte) (*plan.Plan, []diag.Diagnostic) {
	t.Helper()
	p, ds := plan.Parse("plan.md", out)
	ds = append(ds, rules.Check(p)...)
	diag.Sort(ds)
	return p, ds
}

func TestConvertedTemplatePassesCheck(t *testing.T) {
	for _, name := range []string{"template-filled.md", "template-filled-crlf.md"} {
		t.Run(name, func(t *testing.T) {
			src, _ := os.ReadFile(filepath.Join("testdata", name))
			res, err := Convert(src)
			if err != nil {
				t.Fatal(err)
			}
			p, ds := checkConverted(t, res.Output)
			for _, d := range ds {
				t.Errorf("converted plan: %v", d)
			}
			want := plan.FrontMatter{
				Title: "Search Autocomplete: Typeahead #2", Created: "2026-05-11", Status: "in-progress",
				Owner: "Amara Osei", TeamSize: 6, Timeline: "6 weeks", RiskTolerance: "medium", Strategy: "standard",
			}
			if p.Front.Title != want.Title || p.Front.Status != want.Status || p.Front.TeamSize != want.TeamSize ||
				p.Front.RiskTolerance != want.RiskTolerance || p.Front.Strategy != want.Strategy ||
				p.Front.Created != want.Created || p.Front.Owner != want.Owner || p.Front.Timeline != want.Timeline {
				t.Errorf("front matter %+v, want %+v", p.Front, want)
			}
			if len(res.Notes) != 0 {
				t.Errorf("notes for a complete header: %q", res.Notes)
			}
		})
	}
}

// TestConvertedPlanReportsItsOwnProblems: values that do not fit are kept
// as written, so check explains them instead of import guessing.
func TestConvertedPlanReportsItsOwnProblems(t *testing.T) {
	tests := []struct {
		file  string
		rules []string // rules check must report, among others
		notes []string // parts of the notes
	}{
		{"template-unfilled.md", []string{plan.RuleFMFormat, plan.RuleFMType, plan.RuleFMEnum, rules.RulePlaceholder}, nil},
		{"variants-bom-list.md", []string{plan.RuleFMType}, []string{"**Jira:** has no front-matter key"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			src, _ := os.ReadFile(filepath.Join("testdata", tt.file))
			res, err := Convert(src)
			if err != nil {
				t.Fatal(err)
			}
			_, ds := checkConverted(t, res.Output)
			for _, rule := range tt.rules {
				found := false
				for _, d := range ds {
					found = found || d.Rule == rule
				}
				if !found {
					t.Errorf("check does not report %s; got %v", rule, ds)
				}
			}
			for _, d := range ds {
				if d.Rule == plan.RuleFMSyntax || d.Rule == plan.RuleFMLegacyHeader || d.Rule == plan.RuleFMMissing {
					t.Errorf("the converted header is not readable front matter: %v", d)
				}
			}
			notes := strings.Join(res.Notes, "\n")
			for _, n := range tt.notes {
				if !strings.Contains(notes, n) {
					t.Errorf("notes %q lack %q", notes, n)
				}
			}
		})
	}
}

func TestConvertValues(t *testing.T) {
	src := "\xef\xbb\xbf# Rollout Plan: SAML SSO\n\n- **Created:** 2026-03-02  \n- **Status:** rolled back\n- **Owner**: Jonas Weber\\\n" +
		"- **Team Size:** six\n- **Timeline:** 4w\n- **Risk Tolerance:** HIGH\n- **Feature Flag:** `saml_sso`\n- **Tags:** auth, enterprise\n\n## Overview\n"
	res, err := Convert([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := plan.Parse("x.md", res.Output)
	got := p.Front
	if got.Created != "2026-03-02" || got.Status != "rolled-back" || got.Owner != "Jonas Weber" || got.Timeline != "4w" ||
		got.RiskTolerance != "high" || got.Flag != "saml_sso" || strings.Join(got.Tags, "|") != "auth|enterprise" || got.Title != "SAML SSO" {
		t.Errorf("front matter %+v", got)
	}
	if !bytes.HasPrefix(res.Output, []byte("\xef\xbb\xbf---\n")) {
		t.Errorf("the BOM should stay first: %q", res.Output[:8])
	}
	if !strings.Contains(string(res.Output), "team_size: six\n") {
		t.Errorf("a team size in words should be kept as written for check to report:\n%s", res.Output)
	}
}

func TestConvertQuotesValues(t *testing.T) {
	src := "# Rollout Plan: C#: the \"new\" SDK\n\n**Created:** 2026-05-11\n**Status:** Draft\n**Owner:** [PM Name]\n" +
		"**Team Size:** 3\n**Timeline:** 2 weeks\n**Risk Tolerance:** low\n\n---\n\n## Overview\n"
	res, err := Convert([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	p, ds := plan.Parse("x.md", res.Output)
	for _, d := range ds {
		if strings.HasPrefix(d.Rule, "front-matter/") {
			t.Errorf("%v\n%s", d, res.Output)
		}
	}
	if p.Front.Title != `C#: the "new" SDK` || p.Front.Owner != "[PM Name]" || p.Front.Status != "draft" {
		t.Errorf("front matter %+v", p.Front)
	}
}

func TestConvertRefuses(t *testing.T) {
	tests := []struct {
		name string
		src  string
		err  error
		want string
	}{
		{"front matter", "---\ntitle: X\n---\n# X\n", ErrHasFrontMatter, "nothing to import"},
		{"TOML front matter", "+++\ntitle = 'X'\n+++\n", ErrHasFrontMatter, "TOML"},
		{"empty", "\n\n", ErrNotTemplate, "empty"},
		{"prose", "# Notes\n\nSome text about **Status:** things.\n", ErrNotTemplate, "after the # heading"},
		{"one label", "# X\n\n**Status:** Draft\n\n---\n", ErrNotTemplate, "**Created:**"},
		{"text before the header", "Intro line\n**Created:** 2026-01-01\n**Status:** Draft\n", ErrNotTemplate, "at the top of the file"},
		{"label twice", "# X\n**Status:** Draft\n**Created:** 2026-01-01\n**Status:** Launched\n", ErrNotTemplate, "keep one"},
		{"binary", "**Created:** x\n**Status:** y\n\x00\x01", ErrNotTemplate, "not UTF-8"},
		{"Latin-1", "**Created:** x\n**Status:** caf\xe9\n", ErrNotTemplate, "not UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Convert([]byte(tt.src))
			if !errors.Is(err, tt.err) || !strings.Contains(fmtErr(err), tt.want) {
				t.Errorf("Convert = %v, %v; want %v mentioning %q", res, err, tt.err, tt.want)
			}
		})
	}
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestConvertMissingKeysAreNoted(t *testing.T) {
	res, err := Convert([]byte("**Created:** 2026-05-11\n**Status:** Draft\n\n---\n\n## Overview\n"))
	if err != nil {
		t.Fatal(err)
	}
	notes := strings.Join(res.Notes, "\n")
	for _, key := range []string{"title", "owner", "team_size", "timeline", "risk_tolerance"} {
		if !strings.Contains(notes, "no "+key) {
			t.Errorf("notes %q do not mention the missing %s", notes, key)
		}
	}
	if !bytes.HasPrefix(res.Output, []byte("---\ncreated: 2026-05-11\nstatus: draft\n---\n\n## Overview\n")) {
		t.Errorf("output:\n%s", res.Output)
	}
}

func FuzzConvert(f *testing.F) {
	for _, name := range []string{"template-filled.md", "template-unfilled.md", "variants-bom-list.md"} {
		src, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte("**Created:** x\n**Status:** y\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		res, err := Convert(src)
		if err != nil {
			return
		}
		// Whatever it accepts must come out as a plan whose header is
		// readable front matter, never a file check cannot open.
		p, ds := plan.Parse("plan.md", res.Output)
		if !p.HasFrontMatter {
			t.Fatalf("converted output has no front matter:\n%q\nfrom\n%q", res.Output, src)
		}
		for _, d := range ds {
			switch d.Rule {
			case plan.RuleFMSyntax, plan.RuleFMNotMapping, plan.RuleFMUnknownKey, plan.RuleFMUnclosed, plan.RuleFMAlias:
				t.Fatalf("converted header is broken: %v\n%q\nfrom\n%q", d, res.Output, src)
			}
		}
	})
}
