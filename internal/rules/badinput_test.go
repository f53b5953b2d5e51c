package rules_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
	"github.com/rolloutdocs/rolloutdocs/internal/rules"
)

// TestBadInputPortfolio checks a portfolio where nearly every file is
// broken in its own way (see testdata/bad-input) plus a generated file over
// the size limit. Each gets its own clear diagnostic, and the plans that
// can be read are still checked by every rule.
func TestBadInputPortfolio(t *testing.T) {
	const dir = "testdata/bad-input"
	tmp := t.TempDir()
	oversize := filepath.Join(tmp, "oversize.md")
	big := append([]byte("---\ntitle: Logs\n---\n"), bytes.Repeat([]byte("log line\n"), plan.MaxFileSize/8)...)
	if err := os.WriteFile(oversize, big, 0o644); err != nil {
		t.Fatal(err)
	}
	files, err := plan.FindFiles(dir, oversize)
	if err != nil {
		t.Fatal(err)
	}
	ds := rules.CheckPortfolio(plan.LoadFiles(files))
	out := bytes.ReplaceAll(text(t, ds), []byte(tmp), []byte("$TMP"))
	golden(t, filepath.Join("testdata", "bad-input.golden"), out)

	// Every file is reported, each with the rule that explains it.
	want := map[string]string{
		"missing-front-matter.md":  plan.RuleFMMissing,
		"unclosed-front-matter.md": plan.RuleFMUnclosed,
		"toml-front-matter.md":     plan.RuleFMTOML,
		"invalid-yaml.md":          plan.RuleFMSyntax,
		"wrong-types.md":           plan.RuleFMType,
		"duplicate-keys.md":        plan.RuleFMDuplicateKey,
		"alias-bomb.md":            plan.RuleFMAlias,
		"empty.md":                 plan.RuleFileEmpty,
		"non-utf8.md":              plan.RuleFileEncoding,
		"binary.md":                plan.RuleFileEncoding,
		"legacy-header.md":         plan.RuleFMLegacyHeader,
		"team-a/shared-slug.md":    plan.RuleFileDuplicate,
		"team-b/shared-slug.md":    plan.RuleFileDuplicate,
		"bom.md":                   rules.RuleInsideTarget,
		"crlf.md":                  rules.RuleInsideTarget,
		"still-checked.md":         rules.RuleOverTimeline,
		"misspelt-key.md":          plan.RuleFMUnknownKey,
		"$TMP/oversize.md":         plan.RuleFileSize,
	}
	for file, rule := range want {
		path := filepath.ToSlash(filepath.Join(dir, file))
		if strings.HasPrefix(file, "$TMP") {
			path = oversize
		}
		if !slices.ContainsFunc(ds, func(d diag.Diagnostic) bool { return d.File == path && d.Rule == rule }) {
			t.Errorf("%s: no %s diagnostic", file, rule)
		}
	}
	// `ownr:` is one typo with one diagnostic, not also a missing owner.
	for _, d := range ds {
		if strings.HasSuffix(d.File, "misspelt-key.md") && d.Rule == plan.RuleFMRequired {
			t.Errorf("misspelt-key.md: the misspelt key is reported twice: %v", d)
		}
	}
	for _, d := range ds {
		if d.Message == "" || d.Hint == "" && d.Severity == diag.Error && d.Rule != plan.RuleFMSyntax {
			t.Errorf("diagnostic without a message or a hint on how to fix it: %v", d)
		}
	}
}

// TestBOMAndCRLFCheckLikeLF: a plan with a BOM or CRLF line endings gets
// exactly the diagnostics of its LF twin, at the same line:col.
func TestBOMAndCRLFCheckLikeLF(t *testing.T) {
	for _, name := range []string{"bom.md", "crlf.md"} {
		src, err := os.ReadFile(filepath.Join("testdata", "bad-input", name))
		if err != nil {
			t.Fatal(err)
		}
		lf := bytes.ReplaceAll(bytes.TrimPrefix(src, []byte("\ufeff")), []byte("\r\n"), []byte("\n"))
		if bytes.Equal(lf, src) {
			t.Fatalf("%s has neither a BOM nor CRLF (was it normalised by git?)", name)
		}
		check := func(b []byte) []diag.Diagnostic {
			p, ds := plan.Parse("plan.md", b)
			ds = append(ds, rules.Check(p)...)
			diag.Sort(ds)
			return ds
		}
		want, got := check(lf), check(src)
		if len(want) == 0 {
			t.Fatalf("%s: the twin has no diagnostics, so positions are not compared", name)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s checks differently from its LF twin:\ngot:\n%s\nwant:\n%s", name, text(t, got), text(t, want))
		}
	}
}

// TestCheckFilesMatchesCheckPortfolio: the streaming check that `check`
// uses reports exactly what loading the whole portfolio reports.
func TestCheckFilesMatchesCheckPortfolio(t *testing.T) {
	files, err := plan.FindFiles("testdata", "../../content")
	if err != nil || len(files) < 50 {
		t.Fatalf("%d files, %v", len(files), err)
	}
	want := rules.CheckPortfolio(plan.LoadFiles(files))
	got := rules.CheckFiles(files, true)
	if !reflect.DeepEqual(got.Diagnostics, want) {
		t.Errorf("CheckFiles differs from CheckPortfolio:\n%s\nvs\n%s", text(t, got.Diagnostics), text(t, want))
	}
	if got.Files != len(files) || len(got.Sources) != len(files) {
		t.Errorf("Files = %d, %d sources; want %d", got.Files, len(got.Sources), len(files))
	}
	if src := got.Sources[files[0]]; len(src) == 0 && !strings.HasSuffix(files[0], "empty.md") {
		t.Errorf("no source kept for %s", files[0])
	}
	if none := rules.CheckFiles(files[:3], false); none.Sources != nil {
		t.Error("sources kept without being asked for")
	}
}
