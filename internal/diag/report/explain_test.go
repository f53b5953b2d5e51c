package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
)

// readings go with sample: one before, one between and one after a.md's
// diagnostics, one at the same place as a diagnostic, one in a file with
// no diagnostics, and a whole-file one.
var readings = []diag.Reading{
	{File: "content/plans/a.md", Pos: diag.Pos{Line: 1, Col: 1}, Text: `read "Summary" as Overview`},
	{File: "content/plans/a.md", Pos: diag.Pos{Line: 2, Col: 9}, Text: `read column "Source" as Method`},
	{File: "content/plans/a.md", Pos: diag.Pos{Line: 3, Col: 1}, Text: `read "Halt Rules" as Rollback Triggers`},
	{File: "content/plans/a.md", Pos: diag.Pos{Line: 9, Col: 4}, Text: "read duration \"24 hours\"\nof phase 2 as 1 day"},
	{File: "content/plans/b.md", Pos: diag.Pos{}, Text: `read "Stage 2: Early adopters" as phase 2`},
}

func TestExplain(t *testing.T) {
	tests := []struct {
		name   string
		format Format
		ds     []diag.Diagnostic
		rs     []diag.Reading
		opts   Options
		// golden is compared when set; want lines must appear in order.
		golden string
		want   []string
	}{
		{name: "text interleaves by file and line", format: Text, ds: sample, rs: readings, golden: "explain-text.golden", want: []string{
			"content/plans/a.md:1:1: error: file is empty; write the plan [file/empty]",
			`content/plans/a.md:1:1: read "Summary" as Overview`,
			"content/plans/a.md:2:9: error: status:",
			`content/plans/a.md:2:9: read column "Source" as Method`,
			`content/plans/a.md:3:1: read "Halt Rules" as Rollback Triggers`,
			"content/plans/a.md:3:7: warning: the canary step",
			`content/plans/a.md:9:4: read duration "24 hours" of phase 2 as 1 day`,
			`content/plans/b.md:1:1: read "Stage 2: Early adopters" as phase 2`,
			"content/plans/odd, name: v2.md:1:1: warning:",
		}},
		{name: "text with excerpts keeps them under their diagnostic", format: Text, ds: sample[1:3], rs: readings[2:3],
			opts: Options{Source: source, Excerpts: true}, want: []string{
				"content/plans/a.md:2:9: error:", "    status: launchd", "            ^",
				`content/plans/a.md:3:1: read "Halt Rules" as Rollback Triggers`,
				"content/plans/a.md:3:7: warning:", "    \tcafé 20% canary",
			}},
		{name: "text with readings only", format: Text, rs: readings[4:], want: []string{
			`content/plans/b.md:1:1: read "Stage 2: Early adopters" as phase 2`,
		}},
		{name: "text in color", format: Text, rs: readings[:1], opts: Options{Color: true}, want: []string{
			"\x1b[1mcontent/plans/a.md:1:1:\x1b[0m \x1b[2mread \"Summary\" as Overview\x1b[0m",
		}},
		{name: "json", format: JSON, ds: sample, rs: readings, golden: "explain-json.golden"},
		{name: "github notices after the annotations", format: GitHub, ds: sample[:1], rs: readings[3:], want: []string{
			"::error file=content/plans/a.md,line=1,col=1,title=file/empty::",
			"::notice file=content/plans/a.md,line=9,col=4,title=how rolloutdocs read this::read duration \"24 hours\"%0Aof phase 2 as 1 day",
			"::notice file=content/plans/b.md,line=1,col=1,title=how rolloutdocs read this::read \"Stage 2: Early adopters\" as phase 2",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := tt.opts
			opts.Explain, opts.Readings = true, tt.rs
			var buf bytes.Buffer
			if err := Write(&buf, tt.format, tt.ds, opts); err != nil {
				t.Fatal(err)
			}
			if tt.golden != "" {
				golden(t, tt.golden, buf.Bytes())
			}
			out := buf.String()
			at := 0
			for _, w := range tt.want {
				i := strings.Index(out[at:], w)
				if i < 0 {
					t.Fatalf("missing %q (in order) in:\n%s", w, out)
				}
				at += i + len(w)
			}
		})
	}
}

// TestExplainJSONShape: with --explain, JSON is one object whose
// diagnostics are what WriteJSON writes and whose readings are flat.
func TestExplainJSONShape(t *testing.T) {
	for _, rs := range [][]diag.Reading{nil, readings} {
		var buf bytes.Buffer
		if err := Write(&buf, JSON, sample, Options{Explain: true, Readings: rs}); err != nil {
			t.Fatal(err)
		}
		var got struct {
			Diagnostics []jsonDiagnostic `json:"diagnostics"`
			Readings    []jsonReading    `json:"readings"`
		}
		if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
			t.Fatalf("not a JSON object: %v\n%s", err, buf.String())
		}
		var plain bytes.Buffer
		if err := WriteJSON(&plain, sample); err != nil {
			t.Fatal(err)
		}
		var want []jsonDiagnostic
		if err := json.Unmarshal(plain.Bytes(), &want); err != nil {
			t.Fatal(err)
		}
		if len(got.Diagnostics) != len(want) || got.Diagnostics[1] != want[1] {
			t.Errorf("diagnostics %+v, want %+v", got.Diagnostics, want)
		}
		if got.Readings == nil || len(got.Readings) != len(rs) {
			t.Fatalf("readings %+v, want %d (an empty list, not null, when there are none)", got.Readings, len(rs))
		}
		if len(rs) > 0 {
			if r := got.Readings[4]; r != (jsonReading{File: "content/plans/b.md", Line: 1, Col: 1, Text: readings[4].Text}) {
				t.Errorf("whole-file reading %+v", r)
			}
		}
	}
}

func TestCheckExplain(t *testing.T) {
	for f, ok := range map[Format]bool{Text: true, "": true, JSON: true, GitHub: true, SARIF: false} {
		err := CheckExplain(f)
		if (err == nil) != ok {
			t.Errorf("CheckExplain(%q) = %v, want ok=%v", f, err, ok)
		}
		var buf bytes.Buffer
		if werr := Write(&buf, f, sample, Options{Explain: true, Readings: readings}); (werr == nil) != ok {
			t.Errorf("Write(%q, Explain) = %v, want ok=%v", f, werr, ok)
		}
	}
	if err := CheckExplain(SARIF); !strings.Contains(err.Error(), "text, json, github") {
		t.Errorf("message %q does not name the formats that work", err)
	}
}
