package fix

import (
	"bytes"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
)

func edit(l1, c1, l2, c2 int, text string) diag.Edit {
	return diag.Edit{Start: diag.Pos{Line: l1, Col: c1}, End: diag.Pos{Line: l2, Col: c2}, NewText: text}
}

func withFix(rule string, edits ...diag.Edit) diag.Diagnostic {
	return diag.Diagnostic{File: "p.md", Pos: edits[0].Start, Rule: rule, Fix: &diag.Fix{Title: rule, Edits: edits}}
}

func TestApply(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		ds      []diag.Diagnostic
		want    string
		applied []string // rules of the applied fixes, in order
	}{
		{
			name:    "one value, the rest byte for byte",
			src:     "a: 1\nteam_size: 4 people  \nb: 2\n",
			ds:      []diag.Diagnostic{withFix("type", edit(2, 12, 2, 20, "4"))},
			want:    "a: 1\nteam_size: 4  \nb: 2\n",
			applied: []string{"type"},
		},
		{
			name:    "CRLF lines keep their endings",
			src:     "a: 1\r\nstatus: Draft\r\nb: 2\r\n",
			ds:      []diag.Diagnostic{withFix("enum", edit(2, 9, 2, 14, "draft"))},
			want:    "a: 1\r\nstatus: draft\r\nb: 2\r\n",
			applied: []string{"enum"},
		},
		{
			name:    "a BOM is not a column",
			src:     "\xef\xbb\xbfownr: x\n",
			ds:      []diag.Diagnostic{withFix("key", edit(1, 1, 1, 5, "owner"))},
			want:    "\xef\xbb\xbfowner: x\n",
			applied: []string{"key"},
		},
		{
			name:    "columns count runes, not bytes",
			src:     "títle: Café ☕ Launched\n",
			ds:      []diag.Diagnostic{withFix("enum", edit(1, 15, 1, 23, "launched"))},
			want:    "títle: Café ☕ launched\n",
			applied: []string{"enum"},
		},
		{
			name:    "an edit at the end of a CRLF line stops before the CR",
			src:     "status: Draft\r\n",
			ds:      []diag.Diagnostic{withFix("enum", edit(1, 9, 1, 14, "draft"))},
			want:    "status: draft\r\n",
			applied: []string{"enum"},
		},
		{
			name: "overlapping fixes: the first in the file wins, whole",
			src:  "status: In Progress\n",
			ds: []diag.Diagnostic{
				withFix("second", edit(1, 12, 1, 20, "x")),
				withFix("first", edit(1, 9, 1, 20, "in-progress")),
			},
			want:    "status: in-progress\n",
			applied: []string{"first"},
		},
		{
			name: "two fixes on different lines both apply",
			src:  "status: Draft\nrisk_tolerance: Low\n",
			ds: []diag.Diagnostic{
				withFix("risk", edit(2, 17, 2, 20, "low")),
				withFix("status", edit(1, 9, 1, 14, "draft")),
			},
			want:    "status: draft\nrisk_tolerance: low\n",
			applied: []string{"status", "risk"},
		},
		{
			name: "a fix whose own edits overlap is skipped",
			src:  "abcdef\n",
			ds:   []diag.Diagnostic{withFix("self", edit(1, 1, 1, 4, "x"), edit(1, 3, 1, 5, "y"))},
			want: "abcdef\n",
		},
		{
			name: "positions outside the file or backwards are skipped",
			src:  "ab\n",
			ds: []diag.Diagnostic{
				withFix("past line", edit(1, 2, 1, 9, "x")),
				withFix("past file", edit(5, 1, 5, 2, "x")),
				withFix("backwards", edit(1, 3, 1, 1, "x")),
				withFix("zero", edit(0, 0, 1, 1, "x")),
			},
			want: "ab\n",
		},
		{
			name: "a fix already made is not counted",
			src:  "status: draft\n",
			ds:   []diag.Diagnostic{withFix("enum", edit(1, 9, 1, 14, "draft"))},
			want: "status: draft\n",
		},
		{
			name: "diagnostics without fixes are ignored",
			src:  "x\n",
			ds:   []diag.Diagnostic{{File: "p.md", Pos: diag.Pos{Line: 1, Col: 1}, Rule: "r"}},
			want: "x\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, applied := Apply([]byte(tt.src), tt.ds)
			if string(got) != tt.want {
				t.Errorf("Apply = %q, want %q", got, tt.want)
			}
			var rules []string
			for _, d := range applied {
				rules = append(rules, d.Rule)
			}
			if strings.Join(rules, ",") != strings.Join(tt.applied, ",") {
				t.Errorf("applied %q, want %q", rules, tt.applied)
			}
		})
	}
}

// FuzzApply: whatever the positions, Apply never panics, and the text
// outside the edits it made is kept: removing the new texts' spans from the
// output and the replaced spans from the input leaves the same bytes.
func FuzzApply(f *testing.F) {
	f.Add([]byte("status: Draft\r\nteam_size: 4 people\n"), 1, 9, 1, 14, "draft", 2, 12, 2, 20, "4")
	f.Add([]byte("\xef\xbb\xbfé☕\n"), 1, 1, 1, 2, "", 1, 2, 1, 3, "x")
	f.Fuzz(func(t *testing.T, src []byte, l1, c1, l2, c2 int, t1 string, l3, c3, l4, c4 int, t2 string) {
		ds := []diag.Diagnostic{withFix("a", edit(l1, c1, l2, c2, t1)), withFix("b", edit(l3, c3, l4, c4, t2))}
		out, applied := Apply(src, ds)
		if len(applied) == 0 && !bytes.Equal(out, src) {
			t.Fatalf("nothing applied but the text changed: %q -> %q", src, out)
		}
		if len(applied) > 2 {
			t.Fatalf("%d fixes applied from 2", len(applied))
		}
	})
}
