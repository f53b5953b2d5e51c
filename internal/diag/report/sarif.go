package report

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
)

// SARIF 2.1.0 documents, reduced to the parts rolloutdocs fills in.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool       sarifTool     `json:"tool"`
		ColumnKind string        `json:"columnKind"`
		Results    []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		InformationURI string      `json:"informationUri,omitempty"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string         `json:"id"`
		ShortDescription     sarifMessage   `json:"shortDescription"`
		DefaultConfiguration sarifRuleLevel `json:"defaultConfiguration"`
	}
	sarifRuleLevel struct {
		Level string `json:"level"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID    string          `json:"ruleId"`
		RuleIndex int             `json:"ruleIndex"`
		Level     string          `json:"level"`
		Message   sarifMessage    `json:"message"`
		Locations []sarifLocation `json:"locations"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           sarifRegion   `json:"region"`
	}
	sarifArtifact struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
	}
)

const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

func sarifLevel(s diag.Severity) string {
	if s == diag.Error {
		return "error"
	}
	return "warning"
}

// WriteSARIF writes ds as a SARIF 2.1.0 log with one run. The driver lists
// opts.Rules plus any rule id the diagnostics use that opts.Rules lacks;
// relative paths are given relative to %SRCROOT% so code-scanning tools
// place them in the repository.
func WriteSARIF(w io.Writer, ds []diag.Diagnostic, opts Options) error {
	rules := make([]sarifRule, 0, len(opts.Rules))
	index := map[string]int{}
	addRule := func(id string, sev diag.Severity, summary string) {
		if _, ok := index[id]; ok {
			return
		}
		if summary == "" {
			summary = id
		}
		index[id] = len(rules)
		rules = append(rules, sarifRule{ID: id, ShortDescription: sarifMessage{summary}, DefaultConfiguration: sarifRuleLevel{sarifLevel(sev)}})
	}
	for _, r := range opts.Rules {
		addRule(r.ID, r.Severity, r.Summary)
	}
	var extra []string
	for _, d := range ds {
		if _, ok := index[d.Rule]; !ok && !slices.Contains(extra, d.Rule) {
			extra = append(extra, d.Rule)
		}
	}
	slices.Sort(extra)
	for _, id := range extra {
		addRule(id, diag.Error, "")
	}

	results := make([]sarifResult, 0, len(ds))
	for _, d := range ds {
		line, col := position(d)
		results = append(results, sarifResult{
			RuleID: d.Rule, RuleIndex: index[d.Rule], Level: sarifLevel(d.Severity),
			Message: sarifMessage{messageWithHint(d)},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: artifact(d.File),
				Region:           sarifRegion{StartLine: line, StartColumn: col},
			}}},
		})
	}
	log := sarifLog{
		Schema:  sarifSchema,
		Version: "2.1.0",
		Runs: []sarifRun{{
			Tool: sarifTool{Driver: sarifDriver{
				Name: "rolloutdocs", Version: opts.ToolVersion, InformationURI: opts.InformationURI, Rules: rules,
			}},
			ColumnKind: "unicodeCodePoints",
			Results:    results,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // keep "<150ms" readable
	return enc.Encode(log)
}

// artifact turns a file path into a SARIF artifact location: a relative
// URI against %SRCROOT%, or a file:// URI for an absolute path.
func artifact(path string) sarifArtifact {
	slash := filepath.ToSlash(path)
	if filepath.IsAbs(path) {
		u := url.URL{Scheme: "file", Path: slash}
		if !strings.HasPrefix(u.Path, "/") {
			u.Path = "/" + u.Path // Windows: C:/x → file:///C:/x
		}
		return sarifArtifact{URI: u.String()}
	}
	slash = strings.TrimPrefix(slash, "./")
	return sarifArtifact{URI: (&url.URL{Path: slash}).String(), URIBaseID: "%SRCROOT%"}
}
