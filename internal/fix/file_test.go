package fix_test

import (
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/fix"
	"github.com/rolloutdocs/rolloutdocs/internal/rules"
)

const body = `
# Rollout Plan: Shared Drafts

## Overview

Drafts shared between editors.
`

func front(lines ...string) string {
	return "---\n" + strings.Join(lines, "\n") + "\n---\n" + body
}

var valid = []string{
	"title: Shared Drafts", "created: 2026-03-01", "status: in-progress", "owner: Dana",
	"team_size: 4", "timeline: 10 weeks", "risk_tolerance: medium",
}

// replace returns valid with the line starting with key replaced.
func replace(key, line string) []string {
	out := append([]string(nil), valid...)
	for i, l := range out {
		if strings.HasPrefix(l, key+":") {
			out[i] = line
		}
	}
	return out
}

func TestFileFixesSafeRewritesOnly(t *testing.T) {
	tests := []struct {
		name      string
		src, want string
		fixed     int
		refused   string // a substring of Result.Refused
	}{
		{
			name:  "team size in words",
			src:   front(replace("team_size", "team_size: 4 people")...),
			want:  front(valid...),
			fixed: 1,
		},
		{
			name:  "enum case",
			src:   front(replace("status", "status: In Progress")...),
			want:  front(valid...),
			fixed: 1,
		},
		{
			name:  "timeline with a note keeps the note as a comment",
			src:   front(replace("timeline", "timeline: 10 weeks (two waves)")...),
			want:  front(replace("timeline", "timeline: 10 weeks # two waves")...),
			fixed: 1,
		},
		{
			name:  "a quoted value with a comment: only the value changes",
			src:   front(replace("status", `status: "In Progress"   # since May`)...),
			want:  front(replace("status", `status: in-progress   # since May`)...),
			fixed: 1,
		},
		{
			name:  "multibyte text before the value",
			src:   front(append(replace("team_size", "team_size: 4 people"), "summary: Brouillons partagés ☕")...),
			want:  front(append(valid, "summary: Brouillons partagés ☕")...),
			fixed: 1,
		},
		{
			name: "a value that goes on to the next line is left alone",
			src:  front(append(replace("status", "status: In"), "  Progress")...),
			want: front(append(replace("status", "status: In"), "  Progress")...),
		},
		{
			name:  "misspelt key, the meant one absent",
			src:   front(replace("owner", "ownr: Dana")...),
			want:  front(valid...),
			fixed: 1,
		},
		{
			name: "misspelt key beside the meant one is left alone",
			src:  front(append(valid, "ownr: Sam")...),
			want: front(append(valid, "ownr: Sam")...),
		},
		{
			name:  "several at once, CRLF kept",
			src:   strings.ReplaceAll(front(replace("risk_tolerance", "risk_tolerance: Medium")...), "\n", "\r\n"),
			want:  strings.ReplaceAll(front(valid...), "\n", "\r\n"),
			fixed: 1,
		},
		{
			name:  "a BOM stays",
			src:   "\xef\xbb\xbf" + front(replace("status", "status: In Progress")...),
			want:  "\xef\xbb\xbf" + front(valid...),
			fixed: 1,
		},
		{
			name:  "no value is invented: a missing owner stays missing",
			src:   front(append(replace("owner", ""), "")...),
			want:  front(append(replace("owner", ""), "")...),
			fixed: 0,
		},
		{
			name:    "a file that does not parse is never touched",
			src:     "---\nstatus: In Progress\nteam_size: [4\n---\n" + body,
			want:    "---\nstatus: In Progress\nteam_size: [4\n---\n" + body,
			refused: "not fixed",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := fix.File("p.md", []byte(tt.src), rules.CheckSource)
			if string(res.After) != tt.want {
				t.Errorf("fixed text:\n%s\nwant:\n%s", res.After, tt.want)
			}
			if len(res.Applied) != tt.fixed {
				t.Errorf("%d fixes applied, want %d: %v", len(res.Applied), tt.fixed, res.Applied)
			}
			if tt.refused != "" && !strings.Contains(res.Refused, tt.refused) {
				t.Errorf("Refused = %q, want it to say %q", res.Refused, tt.refused)
			}
			again := fix.File("p.md", res.After, rules.CheckSource)
			if again.Changed() {
				t.Errorf("a second --fix changed the text again:\n%s", again.After)
			}
		})
	}
}

func TestFileSeveralFixes(t *testing.T) {
	src := front("title: Shared Drafts", "created: 2026-03-01", "status: In Progress", "ownr: Dana",
		"team_size: 4 people", "timeline: 10 weeks", "risk_tolerance: HIGH")
	want := front("title: Shared Drafts", "created: 2026-03-01", "status: in-progress", "owner: Dana",
		"team_size: 4", "timeline: 10 weeks", "risk_tolerance: high")
	res := fix.File("p.md", []byte(src), rules.CheckSource)
	if string(res.After) != want {
		t.Fatalf("fixed:\n%s\nwant:\n%s", res.After, want)
	}
	if len(res.Applied) != 4 {
		t.Errorf("%d fixes, want 4", len(res.Applied))
	}
	for _, d := range rules.CheckSource("p.md", res.After) {
		if d.Fix != nil {
			t.Errorf("still fixable after --fix: %v", d)
		}
	}
	diff, err := res.Diff()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"--- a/p.md", "+++ b/p.md", "-status: In Progress", "+status: in-progress", "-team_size: 4 people", "+team_size: 4"} {
		if !strings.Contains(diff, want+"\n") {
			t.Errorf("diff lacks %q:\n%s", want, diff)
		}
	}
}

// FuzzFile: on any text, fixing never panics, never leaves a file that no
// longer parses (File undoes that itself, so a change always re-checks
// clean of parse failures), and a second run changes nothing more.
func FuzzFile(f *testing.F) {
	f.Add(front("status: In Progress", "ownr: Dana", "team_size: 4 people", "timeline: 10 weeks (two waves)", "risk_tolerance: Medium", "owner: [Name]"))
	f.Add("\xef\xbb\xbf" + strings.ReplaceAll(front("status: 'Draft'", "team_size: \"4 people\""), "\n", "\r\n"))
	f.Add("---\nstatus: [In Progress]\nteam_size: 4 people # x\n---\n")
	f.Fuzz(func(t *testing.T, src string) {
		res := fix.File("p.md", []byte(src), rules.CheckSource)
		if !res.Changed() {
			return
		}
		if res.Refused != "" {
			t.Fatalf("refused (%s) but changed", res.Refused)
		}
		again := fix.File("p.md", res.After, rules.CheckSource)
		if again.Refused != "" {
			t.Fatalf("the fixed text no longer parses: %s\n%q -> %q", again.Refused, src, res.After)
		}
	})
}
