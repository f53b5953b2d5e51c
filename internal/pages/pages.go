// Package pages turns the plan model into the site's page set: every page's
// path, kind, layout, title, prose and params. The output is plain data
// (maps, slices, strings, numbers, booleans; HTML pre-rendered as strings),
// so the static builder renders it with layouts/ and the Hugo exporter can
// write exactly the same pages for Hugo to render with the same layouts.
//
// layouts/README.md documents every param; keep the two in step.
package pages

import (
	"cmp"
	"slices"
	"strings"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/history"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// Type is the Hugo content type of every rolloutdocs page; Hugo looks up
// layouts/rollout/<layout>.html for it.
const Type = "rollout"

// Layout names, one per kind of page (and layout file).
const (
	LayoutHome            = "home"
	LayoutPlan            = "plan"
	LayoutPhase           = "phase"
	LayoutMetric          = "metric"
	LayoutMetrics         = "metrics"
	LayoutPortfolioMetric = "portfolio-metric"
	Layout404             = "404"
)

// Page is one page of the site, in the shape of a Hugo page.
type Page struct {
	// Path is the page's URL path relative to the base URL, without a
	// leading slash: "" for the home page, "plans/x/" for a plan,
	// "404.html" for the error page.
	Path   string `json:"path"`
	Kind   string `json:"kind"`
	Type   string `json:"type"`
	Layout string `json:"layout"`
	Title  string `json:"title"`
	// Content is the page's own prose as HTML (a plan's overview, a
	// phase's notes); often empty.
	Content string `json:"content"`
	// Params holds everything else the layout shows. Keys are lower-case
	// snake_case at every depth.
	Params map[string]any `json:"params"`
}

// File is the site file the page is written to.
func (p Page) File() string {
	if p.Path == "" || strings.HasSuffix(p.Path, "/") {
		return p.Path + "index.html"
	}
	return p.Path
}

// Site is what pages need to know about the site as a whole.
type Site struct {
	Title string
	// RepoURL is prefixed to a plan's source path to link to it, e.g.
	// "https://git.example/org/plans/blob/main/". Empty: no source links.
	RepoURL string
	// History is set when the source's history was read from git, so
	// pages show it (PlanInput.History; nil for a file git does not know).
	History bool
}

// PlanInput is one plan and what the builder knows about it.
type PlanInput struct {
	Plan *plan.Plan
	// Diagnostics are the plan's own (from check), sorted.
	Diagnostics []diag.Diagnostic
	// SourcePath is the plan's file relative to the source root, with
	// forward slashes ("content/plans/x.md").
	SourcePath string
	// History is what git knows of the plan's file; nil without.
	History *history.File
}

// PlanOutput is everything one plan contributes to the site: its own pages
// and its rows on the cross-portfolio metric pages.
type PlanOutput struct {
	Slug string
	// Status is the plan's status as written ("" when it has none), for
	// the index's counts: reading it from the plan page's params would
	// touch a thousand large maps on every rebuild.
	Status  string
	Pages   []Page
	Metrics []MetricRow
	// Calendar is the plan's row on the portfolio calendar.
	Calendar CalendarEntry
}

// Build is the whole page set for a portfolio, in a stable order: each
// plan's pages (plans in the given order), then the portfolio pages.
// It is the one function both the static builder and the Hugo exporter use.
func Build(site Site, plans []PlanInput) []Page {
	outs := make([]*PlanOutput, len(plans))
	var all []Page
	for i, in := range plans {
		outs[i] = PlanPages(site, in)
		all = append(all, outs[i].Pages...)
	}
	return append(all, PortfolioPages(site, outs)...)
}

// PortfolioPages are the pages that gather every plan: the home page, the
// metric list and one page per metric across plans, the calendar, and the
// 404 page.
func PortfolioPages(site Site, plans []*PlanOutput) []Page {
	pp := PortfolioPagesFor(site, plans, nil)
	// The calendar goes before the 404 page, which comes last.
	return slices.Insert(pp, len(pp)-1, CalendarPage(site, plans))
}

// PortfolioPagesFor is PortfolioPages with the per-metric pages limited to
// the keys in only (all of them when only is nil), and without the
// calendar (CalendarPage): a rebuild after one plan changed needs only the
// metric pages that plan appears on, and the preview makes the calendar,
// the largest page after the index, only when it is asked for.
func PortfolioPagesFor(site Site, plans []*PlanOutput, only map[string]bool) []Page {
	home := Page{
		Path: "", Kind: "home", Type: Type, Layout: LayoutHome, Title: site.Title,
		Params: map[string]any{
			"rollout_page": LayoutHome,
			"breadcrumbs":  []any{},
			"description":  "Every rollout plan: status, owner, risk, current phase and progress.",
			"source_url":   "",
			"source_path":  "",
		},
	}
	counts := map[string]int{}
	n, dated := 0, 0
	for _, po := range plans {
		counts[po.Status]++
		n++
		if len(po.Calendar.Phases) > 0 {
			dated++
		}
	}
	statuses := []any{}
	for _, s := range append(slices.Clone(plan.Statuses), "") {
		if c := counts[s]; c > 0 {
			statuses = append(statuses, map[string]any{"value": s, "label": StatusLabel(s), "count": c})
		}
	}
	// Statuses outside the known list (typos in drafts) still get a filter.
	var odd []string
	for s := range counts {
		if s != "" && !slices.Contains(plan.Statuses, s) {
			odd = append(odd, s)
		}
	}
	slices.Sort(odd)
	for _, s := range odd {
		statuses = append(statuses, map[string]any{"value": s, "label": StatusLabel(s), "count": counts[s]})
	}
	home.Params["plan_count"] = n
	home.Params["history_shown"] = site.History
	home.Params["statuses"] = statuses
	// The "rolling out this week" strip: each plan's row carries its dated
	// phases (plan page param "calendar"), and the index's script shows
	// those of the reader's week.
	home.Params["dated_count"] = dated

	pagesOut := []Page{home}
	pagesOut = append(pagesOut, metricPages(site, plans, only)...)
	pagesOut = append(pagesOut, Page{
		Path: "404.html", Kind: "404", Type: Type, Layout: Layout404, Title: "Page not found",
		Params: map[string]any{
			"rollout_page": Layout404,
			"breadcrumbs":  []any{crumb(site.Title, "")},
			"description":  "This page does not exist.",
			"source_url":   "",
			"source_path":  "",
		},
	})
	return pagesOut
}

// StatusLabel is a status as people write it: "in-progress" → "In progress".
func StatusLabel(s string) string {
	if s == "" {
		return "No status"
	}
	return Sentence(strings.ReplaceAll(s, "-", " "))
}

// PhaseStateLabel names a phase's state ("done", "active", "todo") in the
// words the plan statuses use, so a page never tells states apart by
// colour alone and a phase under way reads "In progress" like a plan.
func PhaseStateLabel(state string) string {
	switch state {
	case "done":
		return "Done"
	case "active":
		return StatusLabel("in-progress")
	}
	return "Not started"
}

// Sentence upper-cases the first letter.
func Sentence(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

func crumb(title, url string) map[string]any { return map[string]any{"title": title, "url": url} }

// PlanURL is a plan page's path.
func PlanURL(slug string) string { return "plans/" + slug + "/" }

// PhaseURL is a phase page's path.
func PhaseURL(planSlug, phaseSlug string) string {
	return PlanURL(planSlug) + "phases/" + phaseSlug + "/"
}

// MetricURL is a plan's metric page path.
func MetricURL(planSlug, metricSlug string) string {
	return PlanURL(planSlug) + "metrics/" + metricSlug + "/"
}

// PortfolioMetricURL is the path of one metric across the portfolio.
func PortfolioMetricURL(key string) string { return "metrics/" + key + "/" }

// MetricsURL is the path of the list of every metric.
const MetricsURL = "metrics/"

// sortStrings returns a sorted copy as []any.
func anyStrings(ss []string) []any {
	out := make([]any, 0, len(ss))
	for _, s := range ss {
		out = append(out, s)
	}
	return out
}

// compareRows orders a metric page's rows by plan title, then slug, then
// the name the plan gives the metric. It takes pointers: a row is a dozen
// strings, and a title edit sorts every row of the plan's metric pages.
func compareRows(a, b *MetricRow) int {
	return cmp.Or(cmp.Compare(a.PlanTitle, b.PlanTitle), cmp.Compare(a.PlanSlug, b.PlanSlug), cmp.Compare(a.Name, b.Name))
}
