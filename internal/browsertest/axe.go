package browsertest

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/rolloutdocs/rolloutdocs/internal/testtool"
)

// Axe is the axe-core accessibility engine, read from the npm package
// pinned in tools/node, ready to be injected into pages.
type Axe struct {
	source string
}

// LoadAxe reads axe.min.js from path.
func LoadAxe(path string) (*Axe, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("loading axe-core: %w", err)
	}
	return &Axe{source: string(src)}, nil
}

// NeedAxe loads axe-core from tools/node/node_modules for a test. When it is
// not installed the test is skipped, or fails under CI=true.
func NeedAxe(t testing.TB) *Axe {
	t.Helper()
	path := testtool.NeedNodePackageFile(t, "axe-core", "axe.min.js")
	a, err := LoadAxe(path)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// Violation is one axe-core rule that the page breaks, with the elements
// that break it.
type Violation struct {
	Rule    string          `json:"id"`
	Impact  string          `json:"impact"`
	Help    string          `json:"help"`
	HelpURL string          `json:"helpUrl"`
	Nodes   []ViolationNode `json:"nodes"`
}

// ViolationNode is one element that breaks a rule.
type ViolationNode struct {
	// Target is the CSS selector path axe uses to name the element.
	Target  string `json:"target"`
	HTML    string `json:"html"`
	Summary string `json:"summary"`
}

func (v Violation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s\n  %s", v.Rule, v.Impact, v.Help, v.HelpURL)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n  - %s\n    %s", n.Target, n.HTML)
		for _, line := range strings.Split(n.Summary, "\n") {
			fmt.Fprintf(&b, "\n    %s", line)
		}
	}
	return b.String()
}

// FormatViolations renders violations for a test failure message.
func FormatViolations(vs []Violation) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = v.String()
	}
	return strings.Join(parts, "\n")
}

// axeRun runs the default rule set (WCAG 2.x A and AA plus axe's best
// practices) on the whole document and keeps only what a report needs.
const axeRun = `(async () => {
	const results = await axe.run(document, {resultTypes: ["violations"]});
	return results.violations.map(v => ({
		id: v.id,
		impact: v.impact || "",
		help: v.help,
		helpUrl: v.helpUrl,
		nodes: v.nodes.map(n => ({
			target: n.target.map(t => Array.isArray(t) ? t.join(" >>> ") : String(t)).join(" "),
			html: n.html,
			summary: n.failureSummary || "",
		})),
	}));
})()`

// Run injects axe-core into the page the tab shows (once per document) and
// returns the violations it finds. Run it after the page has settled: after
// Open, or after the interaction whose result should be audited.
func (a *Axe) Run(p *Page) ([]Violation, error) {
	if _, err := Eval[chromedp.Void](p, `void (typeof window.axe === "object" || (0, eval)(`+jsString(a.source)+`))`); err != nil {
		return nil, fmt.Errorf("injecting axe-core: %w", err)
	}
	vs, err := Eval[[]Violation](p, axeRun)
	if err != nil {
		return nil, fmt.Errorf("running axe-core: %w", err)
	}
	return vs, nil
}
