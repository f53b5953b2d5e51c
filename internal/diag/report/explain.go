package report

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
)

// ExplainFormats are the formats that can carry readings (--explain):
// SARIF has no place for a note that is not a result of a rule.
var ExplainFormats = []Format{Text, JSON, GitHub}

// CheckExplain says whether format f can carry readings.
func CheckExplain(f Format) error {
	for _, ef := range ExplainFormats {
		if f == ef || (f == "" && ef == Text) {
			return nil
		}
	}
	names := make([]string, len(ExplainFormats))
	for i, ef := range ExplainFormats {
		names[i] = string(ef)
	}
	return fmt.Errorf("--explain works with --format %s, not %s", strings.Join(names, ", "), f)
}

// writeExplained writes ds together with opts.Readings:
//
//   - text: each reading as "file:line:col: read ...", in line order among
//     the file's diagnostics;
//   - JSON: one object, {"diagnostics": [...], "readings": [...]}, the
//     diagnostics as WriteJSON writes them and each reading flat
//     ({"file", "line", "col", "text"}) so jq filters read naturally;
//   - GitHub: each reading a ::notice annotation after the diagnostics.
func writeExplained(w io.Writer, f Format, ds []diag.Diagnostic, opts Options) error {
	if err := CheckExplain(f); err != nil {
		return err
	}
	switch f {
	case JSON:
		return writeJSONExplained(w, ds, opts.Readings)
	case GitHub:
		if err := WriteGitHub(w, ds); err != nil {
			return err
		}
		return writeGitHubReadings(w, opts.Readings)
	}
	return writeTextExplained(w, ds, opts)
}

// writeTextExplained interleaves readings with the diagnostics by file,
// line and column (a diagnostic first at the same place), so a reading
// stands beside what it explains.
func writeTextExplained(w io.Writer, ds []diag.Diagnostic, opts Options) error {
	rs := opts.Readings
	for len(ds) > 0 || len(rs) > 0 {
		// The diagnostics that come before the next reading.
		n := len(ds)
		if len(rs) > 0 {
			n = 0
			for n < len(ds) && !readingBefore(rs[0], ds[n]) {
				n++
			}
		}
		if n > 0 {
			if err := WriteText(w, ds[:n], opts); err != nil {
				return err
			}
			ds = ds[n:]
			continue
		}
		if err := writeTextReading(w, rs[0], opts.Color); err != nil {
			return err
		}
		rs = rs[1:]
	}
	return nil
}

// readingBefore reports whether r sorts before d in the text output.
func readingBefore(r diag.Reading, d diag.Diagnostic) bool {
	line, col := position(d)
	rl, rc := readingPosition(r)
	return cmp.Or(cmp.Compare(r.File, d.File), cmp.Compare(rl, line), cmp.Compare(rc, col)) < 0
}

func writeTextReading(w io.Writer, r diag.Reading, color bool) error {
	line, col := readingPosition(r)
	var err error
	if color {
		_, err = fmt.Fprintf(w, "%s%s:%d:%d:%s %s%s%s\n", ansiBold, r.File, line, col, ansiReset, ansiDim, oneLine(r.Text), ansiReset)
	} else {
		_, err = fmt.Fprintf(w, "%s:%d:%d: %s\n", r.File, line, col, oneLine(r.Text))
	}
	return err
}

// jsonReading is the JSON shape of one reading, flat like jsonDiagnostic.
type jsonReading struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
	Text string `json:"text"`
}

func writeJSONExplained(w io.Writer, ds []diag.Diagnostic, rs []diag.Reading) error {
	var diags bytes.Buffer
	if err := WriteJSON(&diags, ds); err != nil {
		return err
	}
	out := struct {
		Diagnostics json.RawMessage `json:"diagnostics"`
		Readings    []jsonReading   `json:"readings"`
	}{Diagnostics: diags.Bytes(), Readings: make([]jsonReading, 0, len(rs))}
	for _, r := range rs {
		line, col := readingPosition(r)
		out.Readings = append(out.Readings, jsonReading{File: r.File, Line: line, Col: col, Text: r.Text})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func writeGitHubReadings(w io.Writer, rs []diag.Reading) error {
	bw := bufio.NewWriter(w)
	for _, r := range rs {
		line, col := readingPosition(r)
		fmt.Fprintf(bw, "::notice file=%s,line=%d,col=%d,title=%s::%s\n",
			escapeProperty(filepath.ToSlash(r.File)), line, col, escapeProperty("how rolloutdocs read this"), escapeData(r.Text))
	}
	return bw.Flush()
}

// readingPosition is a reading's line and column, 1:1 for the whole file.
func readingPosition(r diag.Reading) (line, col int) {
	return position(diag.Diagnostic{Pos: r.Pos})
}
