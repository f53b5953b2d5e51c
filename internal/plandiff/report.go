package plandiff

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/rolloutdocs/rolloutdocs/internal/pages"
)

// Report is one comparison of two versions of a portfolio. Its JSON form
// is `rolloutdocs diff --format json`, documented in the README.
type Report struct {
	// Base and Head say what was compared ("origin/main (merge base
	// 1a2b3c4)", "the working tree", a directory).
	Base  string     `json:"base"`
	Head  string     `json:"head"`
	Plans []PlanDiff `json:"plans"`
}

// Counts are the report's plans by verdict.
func (r *Report) Counts() (riskier, safer, neutral, reapproval int) {
	for i := range r.Plans {
		switch r.Plans[i].Verdict {
		case Riskier:
			riskier++
		case Safer:
			safer++
		default:
			neutral++
		}
		if r.Plans[i].Reapproval {
			reapproval++
		}
	}
	return
}

// Summary is the report's one-line summary.
func (r *Report) Summary() string {
	if len(r.Plans) == 0 {
		return "no plan changed"
	}
	riskier, safer, neutral, re := r.Counts()
	s := fmt.Sprintf("%s changed: %d riskier, %d safer, %d neutral", plural(len(r.Plans), "plan", "plans"), riskier, safer, neutral)
	if re > 0 {
		s += fmt.Sprintf("; %d %s re-approval", re, map[bool]string{true: "needs", false: "need"}[re == 1])
	}
	return s
}

// Options tune the human-readable formats.
type Options struct {
	// Color adds ANSI colours to the text format.
	Color bool
	// BaseURL, when set, links each plan in the Markdown format to its page
	// on the built site.
	BaseURL string
}

// WriteJSON writes the report as indented JSON.
func WriteJSON(w io.Writer, r *Report) error {
	out := *r
	if out.Plans == nil {
		out.Plans = []PlanDiff{}
	}
	for i := range out.Plans {
		if out.Plans[i].Changes == nil {
			out.Plans[i].Changes = []Change{}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

const (
	ansiReset = "\x1b[0m"
	ansiBold  = "\x1b[1m"
	ansiDim   = "\x1b[2m"
	ansiRed   = "\x1b[31m"
	ansiGreen = "\x1b[32m"
	ansiYel   = "\x1b[33m"
)

func riskColor(r Risk) string {
	switch r {
	case Riskier:
		return ansiRed
	case Safer:
		return ansiGreen
	}
	return ansiDim
}

// WriteText writes the report for a terminal: the summary, then each plan
// riskiest first with its changes as file:line lines.
func WriteText(w io.Writer, r *Report, opts Options) error {
	bw := bufio.NewWriter(w)
	paint := func(code, s string) string {
		if !opts.Color {
			return s
		}
		return code + s + ansiReset
	}
	fmt.Fprintf(bw, "Compared %s with %s: %s\n", r.Base, r.Head, r.Summary())
	for i := range r.Plans {
		d := &r.Plans[i]
		head := strings.ToUpper(string(d.Verdict))
		line := paint(ansiBold+riskColor(d.Verdict), head) + "  " + paint(ansiBold, d.Title) + "  " + d.File
		if d.Reapproval {
			line += "  " + paint(ansiYel+ansiBold, "needs re-approval")
		}
		fmt.Fprintf(bw, "\n%s\n", line)
		if d.Reapproval {
			fmt.Fprintf(bw, "  %s\n", paint(ansiYel, reapprovalText(d)))
		}
		for _, c := range d.Changes {
			where := d.File
			if c.Line > 0 {
				where = fmt.Sprintf("%s:%d", d.File, c.Line)
			}
			fmt.Fprintf(bw, "  %s  %s  %s\n", paint(riskColor(c.Risk), fmt.Sprintf("%-7s", c.Risk)), where, c.Reason)
		}
		for _, dg := range d.Diagnostics {
			fmt.Fprintf(bw, "  %s  %s:%d:%d  %s\n", paint(ansiRed, "error  "), dg.File, dg.Pos.Line, dg.Pos.Col, dg.Message)
		}
	}
	return bw.Flush()
}

var riskEmoji = map[Risk]string{Riskier: "🔴", Safer: "🟢", Neutral: "⚪"}

// mdCell makes text safe in a Markdown table cell: pipes escaped, HTML
// and line breaks neutralised.
var mdCell = strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ", "<", "&lt;", ">", "&gt;", "&", "&amp;", "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`).Replace

// WriteMarkdown writes the report as GitHub-flavoured Markdown for a pull
// request comment or $GITHUB_STEP_SUMMARY: a summary line, a table per
// plan, the before/after values folded in <details>.
func WriteMarkdown(w io.Writer, r *Report, opts Options) error {
	bw := bufio.NewWriter(w)
	riskier, _, _, _ := r.Counts()
	icon := "⚪"
	if riskier > 0 {
		icon = "🔴"
	}
	fmt.Fprintf(bw, "### %s rolloutdocs diff: %s\n\n", icon, mdCell(r.Summary()))
	fmt.Fprintf(bw, "Compared %s with %s.\n", mdCell(r.Base), mdCell(r.Head))
	base := strings.TrimRight(opts.BaseURL, "/")
	for i := range r.Plans {
		d := &r.Plans[i]
		title := mdCell(d.Title)
		if base != "" && d.Verdict != "" && !isDeleted(d) {
			title = "[" + title + "](" + base + "/" + pages.PlanURL(d.Slug) + ")"
		}
		fmt.Fprintf(bw, "\n#### %s %s — %s", riskEmoji[d.Verdict], title, d.Verdict)
		if d.Reapproval {
			fmt.Fprint(bw, " · ⚠️ **needs re-approval**")
		}
		fmt.Fprintf(bw, "\n\n`%s`", filepath.ToSlash(d.File))
		if d.BaseFile != "" {
			fmt.Fprintf(bw, " (was `%s`)", filepath.ToSlash(d.BaseFile))
		}
		fmt.Fprintln(bw)
		if d.Reapproval {
			fmt.Fprintf(bw, "\n> T%s.\n", mdCell(strings.TrimPrefix(reapprovalText(d), "t")))
		}
		fmt.Fprintln(bw, "\n| Risk | Change | Line |\n| --- | --- | ---: |")
		for _, c := range d.Changes {
			fmt.Fprintf(bw, "| %s %s | %s | %s |\n", riskEmoji[c.Risk], c.Risk, mdCell(c.Reason), lineCell(c.Line))
		}
		for _, dg := range d.Diagnostics {
			fmt.Fprintf(bw, "| ❌ error | %s | %d |\n", mdCell(filepath.ToSlash(dg.File)+": "+dg.Message), dg.Pos.Line)
		}
		var ba []Change
		for _, c := range d.Changes {
			if c.Before != "" || c.After != "" {
				ba = append(ba, c)
			}
		}
		if len(ba) > 0 {
			fmt.Fprintf(bw, "\n<details><summary>Before and after (%s)</summary>\n\n", plural(len(ba), "change", "changes"))
			fmt.Fprintln(bw, "| Change | Before | After |\n| --- | --- | --- |")
			for _, c := range ba {
				fmt.Fprintf(bw, "| %s | %s | %s |\n", c.Kind, mdValue(c.Before), mdValue(c.After))
			}
			fmt.Fprintln(bw, "\n</details>")
		}
	}
	return bw.Flush()
}

// reapprovalText says why a plan needs re-approval.
func reapprovalText(d *PlanDiff) string {
	return "the plan is " + d.Status + " and its rollout changed, but its approvers did not: ask them to approve it again"
}

func isDeleted(d *PlanDiff) bool {
	return len(d.Changes) > 0 && d.Changes[0].Kind == KindDeleted
}

func lineCell(n int) string {
	if n <= 0 {
		return "—"
	}
	return fmt.Sprint(n)
}

func mdValue(s string) string {
	if s == "" {
		return "—"
	}
	return mdCell(s)
}

// escapeData and escapeProperty escape a workflow command's message and
// property values (as internal/diag/report does for check).
var (
	escapeData     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace
	escapeProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace
)

// WriteGitHub writes a GitHub Actions annotation on the line of each
// riskier change, one on each plan that needs re-approval, and one per
// parse error.
func WriteGitHub(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	for i := range r.Plans {
		d := &r.Plans[i]
		file := escapeProperty(filepath.ToSlash(d.File))
		if d.Reapproval {
			fmt.Fprintf(bw, "::warning file=%s,line=1,title=%s::%s\n", file, escapeProperty("needs re-approval"),
				escapeData(d.Title+": "+reapprovalText(d)))
		}
		for _, c := range d.Changes {
			if c.Risk != Riskier {
				continue
			}
			where := ""
			if c.Line > 0 {
				where = fmt.Sprintf(",line=%d", c.Line)
			}
			fmt.Fprintf(bw, "::warning file=%s%s,title=%s::%s\n", file, where, escapeProperty("riskier: "+c.Kind), escapeData(c.Reason))
		}
		for _, dg := range d.Diagnostics {
			fmt.Fprintf(bw, "::error file=%s,line=%d,col=%d,title=%s::%s\n", escapeProperty(filepath.ToSlash(dg.File)), dg.Pos.Line, dg.Pos.Col,
				escapeProperty(dg.Rule), escapeData(dg.Message))
		}
	}
	return bw.Flush()
}
