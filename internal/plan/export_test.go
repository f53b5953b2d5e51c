package plan

import "github.com/rolloutdocs/rolloutdocs/internal/diag"

// DecodedHeader is one way of decoding a front matter, for the tests that
// hold the simple decoder to the YAML parser.
type DecodedHeader struct {
	OK    bool
	Front FrontMatter
	Pos   map[string]Pos
	Diags []diag.Diagnostic
}

// DecodeHeaderSimply decodes yamlText (starting on file line 2) with the
// simple decoder only.
func DecodeHeaderSimply(yamlText []byte) DecodedHeader {
	r := &reader{p: &Plan{Path: "plan.md", FrontPos: map[string]Pos{}}}
	ok := r.decodeSimpleFrontMatter(yamlText, 2)
	return DecodedHeader{OK: ok, Front: r.p.Front, Pos: r.p.FrontPos, Diags: r.diags}
}

// DecodeHeaderWithYAML decodes yamlText (starting on file line 2) with the
// YAML parser only.
func DecodeHeaderWithYAML(yamlText []byte) DecodedHeader {
	r := &reader{p: &Plan{Path: "plan.md", FrontPos: map[string]Pos{}}}
	ok := r.decodeYAMLFrontMatter(yamlText, 2)
	return DecodedHeader{OK: ok, Front: r.p.Front, Pos: r.p.FrontPos, Diags: r.diags}
}
