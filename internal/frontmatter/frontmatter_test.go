package frontmatter

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

func TestFormat(t *testing.T) {
	got := string(Format([]Entry{
		{Key: "title", Value: "Checkout: the redesign #2"},
		{Key: "created", Value: "2026-05-11"},
		{Key: "owner", Value: "[PM Name]", Comment: "who drives the rollout"},
		{Key: "team_size", Value: 6},
		{Key: "timeline", Value: "6 weeks"},
		{Key: "tags", Value: []string{"payments", "no"}},
		{Key: "approvers", Value: []string{}},
	}, "\n"))
	want := `---
title: "Checkout: the redesign #2"
created: 2026-05-11
owner: "[PM Name]" # who drives the rollout
team_size: 6
timeline: 6 weeks
tags:
  - payments
  - "no"
approvers: []
---
`
	if got != want {
		t.Errorf("Format =\n%s\nwant\n%s", got, want)
	}
	crlf := string(Format([]Entry{{Key: "title", Value: "A"}}, "\r\n"))
	if crlf != "---\r\ntitle: A\r\n---\r\n" {
		t.Errorf("CRLF Format = %q", crlf)
	}
}

func TestQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Checkout Redesign", "Checkout Redesign"},
		{"Dana O'Neil", "Dana O'Neil"},
		{"Überweisung v2", "Überweisung v2"},
		{"2026-05-11", "2026-05-11"},
		{"6 weeks", "6 weeks"},
		{"", `""`},
		{" padded ", `" padded "`},
		{"a: b", `"a: b"`},
		{"C# rewrite", `"C# rewrite"`},
		{"[PM Name]", `"[PM Name]"`},
		{"{x}", `"{x}"`},
		{"- item", `"- item"`},
		{"*alias", `"*alias"`},
		{"&anchor", `"&anchor"`},
		{"!tag", `"!tag"`},
		{"%directive", `"%directive"`},
		{"@mention", `"@mention"`},
		{"`code`", "\"`code`\""},
		{"|", `"|"`},
		{">", `">"`},
		{"yes", `"yes"`},
		{"No", `"No"`},
		{"null", `"null"`},
		{"~", `"~"`},
		{"2048", `"2048"`},
		{"1.5", `"1.5"`},
		{"1e3", `"1e3"`},
		{"0x1F", `"0x1F"`},
		{".inf", `".inf"`},
		{"12:30", `"12:30"`},
		{`say "hi"`, `"say \"hi\""`},
		{`back\slash`, `"back\\slash"`},
		{"two\nlines", `"two\nlines"`},
		{"tab\there", `"tab\there"`},
		{"nul\x00", `"nul\x00"`},
		{"nbsp\u00a0", `"nbsp\u00a0"`},
		{"line\u2028sep", `"line\u2028sep"`},
	}
	for _, tt := range tests {
		if got := Quote(tt.in); got != tt.want {
			t.Errorf("Quote(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// readBack writes s as a plan's title and owner and reads the plan back.
func readBack(t *testing.T, s string) (title, owner string, ok bool) {
	t.Helper()
	src := Format([]Entry{{Key: "title", Value: s}, {Key: "owner", Value: s, Comment: "x"}, {Key: "tags", Value: []string{s}}}, "\n")
	p, ds := plan.Parse("x.md", append(src, "\n# Body\n"...))
	for _, d := range ds {
		if d.Rule == plan.RuleFMSyntax || d.Rule == plan.RuleFMType || d.Rule == plan.RuleFMNotMapping {
			t.Errorf("Format(%q) gives YAML plan.Parse cannot read: %v\n%s", s, d, src)
			return "", "", false
		}
	}
	if len(p.Front.Tags) != 1 || p.Front.Tags[0] != s {
		t.Errorf("tags of %q read back as %q\n%s", s, p.Front.Tags, src)
	}
	return p.Front.Title, p.Front.Owner, true
}

func TestQuoteReadsBack(t *testing.T) {
	for _, s := range []string{"Checkout: the redesign #2", "[PM Name]", "yes", "2048", "0o17", "1_000", "'single'", "\"", "a\\b", "\x01\x7f\u0085", "🚀 Launch", "#hash", "? what", ": colon", "a #b", "a:b", "x\r\ny", "\ufeffbom"} {
		if title, owner, ok := readBack(t, s); ok && (title != s || owner != s) {
			t.Errorf("Quote(%q) = %s reads back as title %q, owner %q", s, Quote(s), title, owner)
		}
	}
}

func FuzzQuoteReadsBack(f *testing.F) {
	for _, s := range []string{"Checkout Redesign", "a: b", "[x]", "yes", "12", "\t", "é", "'", "-", "?", "0x1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || strings.TrimSpace(s) == "" || len(s) > 200 {
			return // plan text is UTF-8; a blank title fails validation on purpose
		}
		if title, owner, ok := readBack(t, s); ok && (title != s || owner != s) {
			t.Errorf("Quote(%q) = %s reads back as title %q, owner %q", s, Quote(s), title, owner)
		}
	})
}
