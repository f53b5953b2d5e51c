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

// TestConvertedPlansAreValidDrafts: every converted fixture reads as front
// matter with no front-matter problem at all; what it lacks is a
// placeholder, a warning while the plan is a draft.
func TestConvertedPlansAreValidDrafts(t *testing.T) {
	inputs, _ := filepath.Glob(filepath.Join("testdata", "*.md"))
	for _, in := range inputs {
		t.Run(filepath.Base(in), func(t *testing.T) {
			src, _ := os.ReadFile(in)
			res, err := Convert(src)
			if err != nil {
				t.Fatal(err)
			}
			p, ds := checkConverted(t, res.Output)
			if !p.HasFrontMatter {
				t.Fatalf("no front matter:\n%s", res.Output)
			}
			for _, d := range ds {
				if strings.HasPrefix(d.Rule, "front-matter/") {
					t.Errorf("front-matter problem in the converted plan: %v", d)
				}
				if d.Rule == rules.RulePlaceholder && d.Severity != diag.Warning && p.Front.Status == "" {
					t.Errorf("a placeholder in a plan with no status is not a warning: %v", d)
				}
			}
			for key := range p.FrontPlaceholders {
				if !strings.Contains(strings.Join(res.Notes, "\n"), key) && !bytes.Contains(src, []byte(p.FrontPlaceholders[key])) {
					t.Errorf("%s is a placeholder and no note says so: %q", key, res.Notes)
				}
			}
		})
	}
}

// TestConvertLosesNoLine: every line of the source is in the output as
// written, or was a header line whose key is now in the front matter with
// a value read from it.
func TestConvertLosesNoLine(t *testing.T) {
	inputs, _ := filepath.Glob(filepath.Join("testdata", "*.md"))
	for _, in := range inputs {
		t.Run(filepath.Base(in), func(t *testing.T) {
			src, _ := os.ReadFile(in)
			res, err := Convert(src)
			if err != nil {
				t.Fatal(err)
			}
			p, _ := plan.Parse("plan.md", res.Output)
			out := string(res.Output)
			for n, l := range strings.Split(strings.ReplaceAll(strings.TrimPrefix(string(src), "\xef\xbb\xbf"), "\r\n", "\n"), "\n") {
				text := strings.TrimSpace(l)
				if text == "" || ruleRE.MatchString(text) || strings.Contains(out, l) {
					continue
				}
				if cells := splitRow(text); strings.HasPrefix(text, "|") && len(cells) == 2 {
					text = stripBold(cells[0]) + ": " + stripBold(cells[1])
				}
				hl, ok := readLabelLine(text)
				key, known := plan.KeyForLabel(hl.label, hl.value)
				if !ok || !known || p.FrontPos[key] == (plan.Pos{}) || p.FrontPlaceholders[key] != "" && !strings.Contains(l, p.FrontPlaceholders[key]) {
					t.Errorf("line %d %q is not in the output and not in the front matter:\n%s", n+1, l, out)
				}
			}
		})
	}
}

func TestConvertShapes(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // lines of the front matter
		body []string // lines the body keeps
		not  []string // text that must not be in the output
	}{
		{"bold, colon inside", "# X\n**Created:** 2026-03-01\n**Status:** Draft\n", []string{"created: 2026-03-01", "status: draft", "title: X"}, nil, nil},
		{"bold, colon outside", "# X\n**Created**: 2026-03-01\n**Status**: Draft\n", []string{"created: 2026-03-01", "status: draft"}, nil, nil},
		{"list of bold", "# X\n\n- **Created:** 2026-03-01\n* **Status**: Draft\n", []string{"created: 2026-03-01", "status: draft"}, nil, nil},
		{"plain lines", "# X\n\nCreated: 2026-03-01\nStatus: Draft\n\n## Overview\n", []string{"created: 2026-03-01", "status: draft"}, []string{"## Overview"}, []string{"Created: 2026"}},
		{"comment before the title", "<!-- exported -->\n\n# X\n**Status:** Draft\n", []string{"status: draft"}, []string{"<!-- exported -->", "# X"}, nil},
		{"multi-line comment", "<!--\nexported\n-->\n# X\n**Status:** Draft\n", []string{"status: draft", "title: X"}, []string{"<!--", "exported", "-->"}, nil},
		{"setext title", "Shared Drafts\n=============\n\n**Status:** Draft\n", []string{"title: Shared Drafts", "status: draft"}, []string{"Shared Drafts", "============="}, nil},
		{"title only", "# Checkout Rollout\n\n## Overview\n\nText.\n", []string{"title: Checkout Rollout", `status: "[draft /`, `owner: "[owner's name]"`, `team_size: "[number of people]"`, `created: "[YYYY-MM-DD]"`}, []string{"# Checkout Rollout", "Text."}, nil},
		{"team size in people", "# X\n**Team Size:** 4 people\n", []string{"team_size: 4"}, nil, []string{"4 people"}},
		{"team size with a breakdown", "# X\n**Team Size:** 4 (2 eng, 1 PM, 1 QA)\n", []string{"team_size: 4 # 2 eng, 1 PM, 1 QA"}, nil, nil},
		{"timeline with a note", "# X\n**Timeline:** 10 weeks (two waves)\n", []string{"timeline: 10 weeks # two waves"}, nil, nil},
		{"timeline week(s)", "# X\n**Timeline:** 2 week(s)\n", []string{"timeline: 2 weeks"}, nil, nil},
		{"created in words", "# X\n**Date:** March 1, 2026\n", []string{"created: 2026-03-01"}, nil, nil},
		{"created with a time", "# X\n**Created:** March 1, 2026 10:14 AM\n", []string{`created: 2026-03-01 # written as "March 1, 2026 10:14 AM"`}, nil, nil},
		{"owner synonyms", "# X\n**DRI:** Dana\n", []string{"owner: Dana"}, nil, nil},
		{"PM", "# X\n**PM:** Dana\n", []string{"owner: Dana"}, nil, nil},
		{"status synonym", "# X\n**Status:** Planning\n", []string{"status: draft"}, nil, nil},
		{"status case", "# X\n**Status:** IN PROGRESS\n", []string{"status: in-progress"}, nil, nil},
		{"risk any case", "# X\n**Risk Tolerance:** HIGH\n", []string{"risk_tolerance: high"}, nil, nil},
		{"unknown labels stay", "# X\n**Version:** 1.0\n**Budget:** $40k\n**Status:** Draft\n", []string{"status: draft"}, []string{"**Version:** 1.0\n**Budget:** $40k\n"}, nil},
		{"unreadable value stays, placeholder", "# X\n**Status:** Blocked\n", []string{`status: "[draft /`}, []string{"**Status:** Blocked"}, nil},
		{"team name is not a size", "# X\n**Team:** Payments\n**Status:** Draft\n", []string{`team_size: "[number of people]"`}, []string{"**Team:** Payments"}, nil},
		{"ambiguous date", "# X\n**Created:** 03/04/2026\n", []string{`created: "[YYYY-MM-DD]"`}, []string{"**Created:** 03/04/2026"}, nil},
		{"key twice", "# X\n**Status:** Draft\n**Status:** Launched\n", []string{`status: "[draft /`}, []string{"**Status:** Draft\n**Status:** Launched"}, nil},
		{"template placeholder kept", "# X\n**Team Size:** [Number]\n", []string{`team_size: "[Number]"`}, nil, nil},
		{"key/value table", "# X\n\n| Field | Value |\n|---|---|\n| Owner | Dana |\n| **Status** | Draft |\n\n## Overview\n", []string{"owner: Dana", "status: draft"}, []string{"## Overview"}, []string{"| Owner |", "Field"}},
		{"table keeps unknown rows", "# X\n\n| | |\n|---|---|\n| Owner | Dana |\n| Epic | PAY-1 |\n", []string{"owner: Dana"}, []string{"| | |\n|---|---|\n| Epic | PAY-1 |\n"}, []string{"| Owner |"}},
		{"header table without column names", "# X\n\n| Owner | Dana |\n|---|---|\n| Status | Draft |\n", []string{"owner: Dana", "status: draft"}, nil, []string{"| Owner |", "| Status"}},
		{"rule after the header goes", "# X\n**Status:** Draft\n\n---\n\n## Overview\n", []string{"status: draft"}, []string{"# X\n\n## Overview\n"}, nil},
		{"prose after the title is body", "# Payments Rollout\n\nNote: this is a long note about the rollout.\n", []string{"title: Payments Rollout"}, []string{"Note: this is a long note about the rollout."}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Convert([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			out := string(res.Output)
			end := strings.Index(out[3:], "---\n") + 3
			front, body := out[:end], out[end:]
			for _, w := range tt.want {
				if !strings.Contains(front, "\n"+w) {
					t.Errorf("front matter lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.body {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(out, w) {
					t.Errorf("output still has %q:\n%s", w, out)
				}
			}
			_, ds := checkConverted(t, res.Output)
			for _, d := range ds {
				if strings.HasPrefix(d.Rule, "front-matter/") {
					t.Errorf("%v\n%s", d, out)
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
	if got.Created != "2026-03-02" || got.Status != "rolled-back" || got.Owner != "Jonas Weber" || got.Timeline != "4w" || got.TeamSize != 6 ||
		got.RiskTolerance != "high" || got.Flag != "saml_sso" || strings.Join(got.Tags, "|") != "auth|enterprise" || got.Title != "SAML SSO" {
		t.Errorf("front matter %+v", got)
	}
	if !bytes.HasPrefix(res.Output, []byte("\xef\xbb\xbf---\n")) {
		t.Errorf("the BOM should stay first: %q", res.Output[:8])
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
		{"empty", "\n\n", ErrNotPlan, "empty"},
		{"prose", "# Notes\n\nSome text about **Status:** things.\n", ErrNotPlan, "title does not name a rollout"},
		{"README", "# rolloutdocs\n\nA tool.\n\n## Install\n\n    go install\n", ErrNotPlan, "no plan header"},
		{"issue checklist", "- [ ] write the plan\n- [x] pick an owner\n- [ ] book the review\n", ErrNotPlan, "checklist"},
		{"checklist with a title", "# Launch week\n\n- [ ] write the plan\n- [x] pick an owner\n", ErrNotPlan, "checklist"},
		{"Q&A", "# FAQ\n\n## Why a new index?\n\nSpeed.\n\n## Who owns it?\n\nSearch.\n", ErrNotPlan, "questions and answers"},
		{"text before the header", "Intro line\n**Created:** 2026-01-01\n**Status:** Draft\n", ErrNotPlan, "no # title"},
		{"one label, no title", "**Status:** Draft\n\n---\n", ErrNotPlan, "no # title"},
		{"binary", "**Created:** x\n**Status:** y\n\x00\x01", ErrNotPlan, "not UTF-8"},
		{"Latin-1", "**Created:** x\n**Status:** caf\xe9\n", ErrNotPlan, "not UTF-8"},
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
	want := "---\ntitle: \"[feature name]\"\ncreated: 2026-05-11\nstatus: draft\nowner: \"[owner's name]\"\nteam_size: \"[number of people]\"\n" +
		"timeline: \"[N weeks]\"\nrisk_tolerance: \"[low / medium / high]\"\n---\n\n## Overview\n"
	if string(res.Output) != want {
		t.Errorf("output:\n%s\nwant:\n%s", res.Output, want)
	}
}

func FuzzConvert(f *testing.F) {
	inputs, _ := filepath.Glob(filepath.Join("testdata", "*.md"))
	for _, name := range inputs {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte("**Created:** x\n**Status:** y\n"))
	f.Add([]byte("# X\n\n| Owner | Dana |\n|---|---|\n| Status | Draft |\n| Epic | A |\n"))
	f.Add([]byte("<!--\nx\n-->\nTitle\n===\nOwner: Dana\nStatus: In Progress (v2)\n"))
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
