package pages

import (
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"github.com/rolloutdocs/rolloutdocs/internal/charts"
	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// planFacts is what every page of one plan shares.
type planFacts struct {
	site      Site
	in        PlanInput
	p         *plan.Plan
	title     string
	url       string
	valid     bool
	sourceURL string
	ref       map[string]any // the `plan` param of phase and metric pages
	revision  string
	// Lists every page of the plan, or several, shows alike are made once
	// and shared, as ref is (templates only read params).
	planCrumbs  []any // the plan page's breadcrumbs
	innerCrumbs []any // its phase and metric pages' breadcrumbs
	allTriggers []any // the trigger list of the plan page and the phase pages
	// wordSets memoises the words of each text checked for metric names:
	// every text is checked against every metric. Only the words of the
	// metrics' names (metricWords) are kept.
	wordSets    map[string]map[string]bool
	metricWords map[string]bool
	metrics     []metricRef
	triggers    []triggerRef
	phases      []phaseFacts
}

type metricRef struct {
	m            plan.Metric
	slug, url    string
	key, purl    string
	words        []string
	baselineHTML string
	targetHTML   string
	methodHTML   string
}

type triggerRef struct {
	t        plan.Trigger
	html     string
	watching []int // indexes into metrics
}

type phaseFacts struct {
	ph          plan.Phase
	url         string
	done, total int
	state       string
	startDay    int // days after the plan's start
	days        int
	start, end  string
}

// PlanPages is one plan's pages (the plan, its phases, its metrics) and
// its rows for the cross-portfolio metric pages.
func PlanPages(site Site, in PlanInput) *PlanOutput {
	f := newPlanFacts(site, in)
	out := &PlanOutput{Slug: in.Plan.Slug, Status: in.Plan.Front.Status, Calendar: f.calendarEntry()}
	out.Pages = append(out.Pages, f.planPage())
	for i := range f.phases {
		out.Pages = append(out.Pages, f.phasePage(i))
	}
	for i := range f.metrics {
		out.Pages = append(out.Pages, f.metricPage(i))
		out.Metrics = append(out.Metrics, f.metricRow(i))
	}
	return out
}

func newPlanFacts(site Site, in PlanInput) *planFacts {
	p := in.Plan
	f := &planFacts{site: site, in: in, p: p, title: p.Title(), url: PlanURL(p.Slug), valid: !diag.HasErrors(in.Diagnostics)}
	if site.RepoURL != "" && in.SourcePath != "" {
		f.sourceURL = strings.TrimSuffix(site.RepoURL, "/") + "/" + strings.TrimPrefix(in.SourcePath, "/")
	}
	f.revision = revision(site, in)
	f.ref = map[string]any{
		"slug": p.Slug, "title": f.title, "url": f.url,
		"status": p.Front.Status, "status_label": StatusLabel(p.Front.Status), "valid": f.valid,
		"revision": f.revision, // what a partial cached per plan is keyed on
	}
	home := crumb(site.Title, "")
	f.planCrumbs = []any{home}
	f.innerCrumbs = []any{home, crumb(f.title, f.url)}
	seenSlug := map[string]int{}
	for _, m := range p.Metrics.Rows {
		if m.Name == "" {
			continue
		}
		slug := m.Slug
		if n := seenSlug[slug]; n > 0 {
			slug = fmt.Sprintf("%s-%d", slug, n+1) // two rows with one name still get two pages
		}
		seenSlug[m.Slug]++
		key := plan.MetricKey(m.Name)
		f.metrics = append(f.metrics, metricRef{
			m: m, slug: slug, url: MetricURL(p.Slug, slug), key: key, purl: PortfolioMetricURL(key),
			words:        metricWords(m.Name),
			baselineHTML: Inline(m.Baseline), targetHTML: Inline(m.Target), methodHTML: Inline(m.Method),
		})
	}
	f.metricWords = map[string]bool{}
	for _, m := range f.metrics {
		for _, w := range m.words {
			f.metricWords[w] = true
		}
	}
	for _, t := range p.Triggers {
		tr := triggerRef{t: t, html: Inline(t.Text)}
		for i, m := range f.metrics {
			if f.mentions(t.Text, m.words) {
				tr.watching = append(tr.watching, i)
			}
		}
		f.triggers = append(f.triggers, tr)
	}
	f.phaseFacts()
	return f
}

func (f *planFacts) phaseFacts() {
	start, hasStart := parseDate(f.p.Front.Start)
	day := 0
	activeFound := false
	started := false
	endless := false // an open-ended phase came before: no later dates (plan.Schedule)
	seen := map[string]int{}
	for _, ph := range f.p.Phases {
		// Two phases with one number and name would share a URL.
		if n := seen[ph.Slug]; n > 0 {
			seen[ph.Slug]++
			ph.Slug = fmt.Sprintf("%s-%d", ph.Slug, n+1)
		}
		seen[ph.Slug]++
		done, total := countTasks(ph.Tasks)
		d2, t2 := countTasks(ph.ExitCriteria)
		done, total = done+d2, total+t2
		if done > 0 {
			started = true
		}
		pf := phaseFacts{ph: ph, url: PhaseURL(f.p.Slug, ph.Slug), done: done, total: total, startDay: day, days: ph.Duration.Days()}
		if hasStart && pf.days > 0 && !endless {
			pf.start = start.AddDate(0, 0, day).Format(time.DateOnly)
			pf.end = start.AddDate(0, 0, day+pf.days-1).Format(time.DateOnly)
		}
		day += pf.days
		endless = endless || ph.Duration.OpenEnded
		f.phases = append(f.phases, pf)
	}
	// The first unfinished phase is the active one once work has begun or
	// the plan says it is under way.
	underway := started || f.p.Front.Status == "in-progress" || f.p.Front.Status == "paused"
	for i := range f.phases {
		pf := &f.phases[i]
		switch {
		case pf.total > 0 && pf.done == pf.total:
			pf.state = "done"
		case !activeFound && underway:
			pf.state = "active"
			activeFound = true
		default:
			pf.state = "todo"
			activeFound = true // later phases are not active either
		}
	}
}

func countTasks(ts []plan.Task) (done, total int) {
	for _, t := range ts {
		total++
		if t.Done {
			done++
		}
	}
	return done, total
}

func percent(done, total int) int {
	if total == 0 {
		return 0
	}
	return int(math.Floor(float64(done) * 100 / float64(total)))
}

func progress(done, total int) map[string]any {
	label := "No tasks"
	if total > 0 {
		label = fmt.Sprintf("%d of %d done", done, total)
	}
	return map[string]any{"done": done, "total": total, "percent": percent(done, total), "label": label}
}

func parseDate(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

// common are the params every page of the plan carries.
func (f *planFacts) common(layout, description string, breadcrumbs []any) map[string]any {
	return map[string]any{
		"rollout_page": layout,
		"breadcrumbs":  breadcrumbs,
		"description":  description,
		"source_url":   f.sourceURL,
		"source_path":  f.in.SourcePath,
	}
}

func (f *planFacts) planPage() Page {
	p := f.p
	fm := p.Front
	params := f.common(LayoutPlan, firstSentence(p, f.title), f.planCrumbs)
	done, total := 0, 0
	var phases []any
	var chartPhases []charts.Phase
	var current map[string]any
	for _, pf := range f.phases {
		done += pf.done
		total += pf.total
		phases = append(phases, map[string]any{
			"number": pf.ph.Number, "name": pf.ph.Name, "heading": pf.ph.Heading, "url": pf.url,
			"summary_html": Inline(pf.ph.Summary), "duration": strings.TrimSpace(pf.ph.Duration.Text),
			"days": pf.days, "start": pf.start, "end": pf.end,
			"done": pf.done, "total": pf.total, "percent": percent(pf.done, pf.total), "progress": progress(pf.done, pf.total), "status": pf.state,
			"status_label": PhaseStateLabel(pf.state),
		})
		pcts := steps(pf.ph.Percentages)
		chartPhases = append(chartPhases, charts.Phase{Label: fmt.Sprintf("%d. %s", pf.ph.Number, pf.ph.Name), Days: pf.days, OpenEnded: pf.ph.Duration.OpenEnded, Percentages: pcts, State: pf.state, StateLabel: PhaseStateLabel(pf.state)})
		if current == nil && pf.state != "done" {
			current = map[string]any{"number": pf.ph.Number, "name": pf.ph.Name, "url": pf.url}
		}
	}
	if phases == nil {
		phases = []any{}
	}
	params["phases"] = phases
	if current != nil {
		params["current_phase"] = current
	}
	params["progress"] = progress(done, total)
	// Sort keys for the index table, decided here so no template compares
	// numbers.
	switch {
	case current != nil:
		params["current_phase_label"] = fmt.Sprintf("%d. %s", current["number"], current["name"])
		params["current_phase_order"] = current["number"]
	case len(f.phases) == 0:
		params["current_phase_label"] = "No phases"
		params["current_phase_order"] = 0
	default:
		params["current_phase_label"] = "All phases done"
		params["current_phase_order"] = len(f.phases) + 1
	}
	params["status_order"] = order(plan.Statuses, fm.Status)
	params["risk_order"] = order(plan.Risks, fm.RiskTolerance)
	timelineDays := 0
	if d, ok := plan.ParseDuration(fm.Timeline); ok {
		timelineDays = d.Days()
	}
	params["timeline_days"] = timelineDays
	params["slug"] = p.Slug
	params["revision"] = f.revision
	params["status"] = fm.Status
	params["status_label"] = StatusLabel(fm.Status)
	params["owner"] = fm.Owner
	params["risk"] = fm.RiskTolerance
	params["strategy"] = p.EffectiveStrategy()
	params["team_size"] = fm.TeamSize
	params["timeline"] = fm.Timeline
	params["created"] = validDate(fm.Created)
	params["start"] = validDate(fm.Start)
	params["end"] = ""
	if len(f.phases) > 0 && f.phases[len(f.phases)-1].end != "" {
		params["end"] = f.phases[len(f.phases)-1].end
	}
	params["calendar"] = f.calendarEntry().params()
	params["flag"] = fm.Flag
	params["tags"] = anyStrings(fm.Tags)
	params["approvers"] = anyStrings(fm.Approvers)
	params["valid"] = f.valid
	historyParams(f.site, f.in, params)
	params["diagnostics"] = diagnostics(f.in.Diagnostics)
	errs, warns := diag.Count(f.in.Diagnostics)
	params["error_count"] = errs
	params["warning_count"] = warns
	params["metrics"] = f.metricList()
	params["triggers"] = f.everyTrigger()
	params["overview_html"] = f.sectionHTML(p.Overview)
	params["preamble_html"] = f.sectionHTML(p.Preamble)
	params["strategy_html"] = f.sectionHTML(p.Strategy)
	var cols []any
	for _, i := range f.extraColumns() {
		cols = append(cols, plan.PlainText(p.Metrics.Columns[i]))
	}
	if cols == nil {
		cols = []any{}
	}
	params["metric_columns"] = cols
	// Only the first table is the metrics table; later ones are prose.
	tableSeen := false
	isMetricsTable := func(n ast.Node) bool {
		_, ok := n.(*east.Table)
		if ok && !tableSeen {
			tableSeen = true
			return true
		}
		return false
	}
	params["metrics_before_html"], params["metrics_after_html"] = f.proseAround(sectionOf(p, plan.KindMetrics), isMetricsTable)
	params["triggers_before_html"], params["triggers_after_html"] = f.proseAround(p.TriggersSection, isTriggerBlock)
	var sections []any
	for _, s := range p.Sections {
		if s.Kind != plan.KindOther {
			continue
		}
		sections = append(sections, map[string]any{"heading": s.Heading, "id": s.ID, "level": s.Level, "html": f.sectionHTML(s)})
	}
	if sections == nil {
		sections = []any{}
	}
	params["sections"] = sections
	params["timeline_html"] = charts.Timeline(chartPhases, fm.Start)
	// The slug is a file name, which may hold spaces and quotes; an id may not.
	params["curve_svg"] = charts.Curve("curve-"+plan.Slugify(p.Slug), chartPhases, fm.Start)
	params["section_ids"] = f.sectionIDs()
	params["search_text"] = searchText(fm.Owner, strings.Join(fm.Tags, " "), fm.Flag, sectionText(p.Overview))
	return Page{
		Path: f.url, Kind: "section", Type: Type, Layout: LayoutPlan, Title: f.title,
		Content: f.sectionHTML(p.Overview), Params: params,
	}
}

// sectionIDs are the anchors of the sections the plan template names, so it
// can link to them without guessing the ids goldmark gave them.
func (f *planFacts) sectionIDs() map[string]any {
	id := func(s *plan.Section, fallback string) string {
		if s != nil && s.ID != "" {
			return s.ID
		}
		return fallback
	}
	var metricsSec *plan.Section
	for _, s := range f.p.Sections {
		if s.Kind == plan.KindMetrics {
			metricsSec = s
			break
		}
	}
	return map[string]any{
		"overview": id(f.p.Overview, "overview"),
		"strategy": id(f.p.Strategy, "rollout-strategy"),
		"metrics":  id(metricsSec, "success-metrics"),
		"triggers": id(f.p.TriggersSection, "rollback-triggers"),
	}
}

// revision fingerprints everything a plan's pages are made from, so
// templates can cache per plan (partialCached ... .Params.revision).
func revision(site Site, in PlanInput) string {
	h := fnv.New64a()
	for _, s := range []string{site.Title, site.RepoURL, in.SourcePath, in.Plan.Path, in.Plan.Slug} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	h.Write(in.Plan.Source)
	h.Write([]byte(historyRevision(site, in)))
	for _, d := range in.Diagnostics {
		h.Write([]byte(d.String()))
		h.Write([]byte{0})
	}
	return strconv.FormatUint(h.Sum64(), 16)
}

// mentions is mentions with each text's words worked out once.
func (f *planFacts) mentions(text string, words []string) bool {
	set, ok := f.wordSets[text]
	if !ok {
		if f.wordSets == nil {
			f.wordSets = map[string]map[string]bool{}
		}
		set = wordSet(text, f.metricWords)
		f.wordSets[text] = set
	}
	return hasWords(set, words)
}

// order is a value's place in a list of known values, for sorting; unknown
// values sort last.
func order(known []string, v string) int {
	for i, k := range known {
		if k == v {
			return i + 1
		}
	}
	return len(known) + 1
}

func validDate(s string) string {
	if _, ok := parseDate(s); ok {
		return s
	}
	return ""
}

func diagnostics(ds []diag.Diagnostic) []any {
	out := []any{}
	for _, d := range ds {
		out = append(out, map[string]any{
			"severity": d.Severity.String(), "line": max(d.Pos.Line, 1), "col": max(d.Pos.Col, 1),
			"rule": d.Rule, "message": d.Message, "hint": d.Hint,
		})
	}
	return out
}

func (f *planFacts) metricList() []any {
	out := []any{}
	for _, m := range f.metrics {
		out = append(out, map[string]any{
			"name": m.m.Name, "url": m.url, "portfolio_url": m.purl,
			"baseline_html": m.baselineHTML, "target_html": m.targetHTML, "method_html": m.methodHTML,
			"extra": f.extraCells(m.m),
		})
	}
	return out
}

// extraColumns are the metrics table's columns beyond Metric, Baseline,
// Target and Method, as written: the plan keeps them, so pages show them.
func (f *planFacts) extraColumns() []int {
	var cols []int
	known := map[int]bool{}
	for _, i := range f.p.Metrics.ColumnIndex {
		known[i] = true
	}
	for i := range f.p.Metrics.Columns {
		if !known[i] {
			cols = append(cols, i)
		}
	}
	return cols
}

// extraCells is one metric's cells in the extra columns, as
// [{label, html}].
func (f *planFacts) extraCells(m plan.Metric) []any {
	out := []any{}
	for _, i := range f.extraColumns() {
		cell := ""
		if i < len(m.Cells) {
			cell = m.Cells[i]
		}
		out = append(out, map[string]any{"label": plan.PlainText(f.p.Metrics.Columns[i]), "html": Inline(cell)})
	}
	return out
}

// proseAround renders a section's blocks other than its structured one
// (the metrics table, the triggers list), split at that block, so text
// written around it ("Immediately halt and rollback if:") is not lost.
func (f *planFacts) proseAround(s *plan.Section, structured func(ast.Node) bool) (before, after string) {
	if s == nil {
		return "", ""
	}
	var pre, post []ast.Node
	seen := false
	for _, b := range s.Blocks {
		switch {
		case structured(b):
			seen = true
		case seen:
			post = append(post, b)
		default:
			pre = append(pre, b)
		}
	}
	if len(pre) > 0 {
		before = Blocks(f.p.Body, pre...)
	}
	if len(post) > 0 {
		after = Blocks(f.p.Body, post...)
	}
	return before, after
}

// everyTrigger is triggerList(nil), made once.
func (f *planFacts) everyTrigger() []any {
	if f.allTriggers == nil {
		f.allTriggers = f.triggerList(nil)
	}
	return f.allTriggers
}

// triggerList lists the plan's triggers; with only != nil, those whose
// index is in it.
func (f *planFacts) triggerList(only map[int]bool) []any {
	out := []any{}
	for i, t := range f.triggers {
		if only != nil && !only[i] {
			continue
		}
		var watched []any
		for _, mi := range t.watching {
			watched = append(watched, map[string]any{"name": f.metrics[mi].m.Name, "url": f.metrics[mi].url})
		}
		if watched == nil {
			watched = []any{}
		}
		out = append(out, map[string]any{"text_html": t.html, "group": t.t.Group, "metrics": watched})
	}
	return out
}

func (f *planFacts) sectionHTML(s *plan.Section) string {
	if s == nil || len(s.Blocks) == 0 {
		return ""
	}
	return Blocks(f.p.Body, s.Blocks...)
}

func tasks(ts []plan.Task) []any {
	out := []any{}
	for _, t := range ts {
		out = append(out, map[string]any{"text_html": Inline(t.Text), "done": t.Done, "checkbox": t.HasCheckbox})
	}
	return out
}

func (f *planFacts) phasePage(i int) Page {
	pf := f.phases[i]
	ph := pf.ph
	params := f.common(LayoutPhase, ph.Summary, f.innerCrumbs)
	params["plan"] = f.ref
	params["number"] = ph.Number
	params["name"] = ph.Name
	params["summary_html"] = Inline(ph.Summary)
	params["duration"] = strings.TrimSpace(ph.Duration.Text)
	params["days"] = pf.days
	params["start"] = pf.start
	params["end"] = pf.end
	params["status"] = pf.state
	params["status_label"] = PhaseStateLabel(pf.state)
	params["tasks"] = tasks(ph.Tasks)
	params["exit_criteria"] = tasks(ph.ExitCriteria)
	params["progress"] = progress(pf.done, pf.total)
	pcts := []any{}
	for _, v := range steps(ph.Percentages) {
		pcts = append(pcts, v)
	}
	params["percentages"] = pcts
	// The metrics that gate the phase are those its tasks and exit
	// criteria mention; every rollback trigger stays in force.
	var text []string
	for _, t := range append(append([]plan.Task(nil), ph.Tasks...), ph.ExitCriteria...) {
		text = append(text, t.Text)
	}
	joined := strings.Join(text, "\n")
	gating := []any{}
	for _, m := range f.metrics {
		if f.mentions(joined, m.words) {
			gating = append(gating, map[string]any{"name": m.m.Name, "url": m.url, "target_html": m.targetHTML})
		}
	}
	params["metrics"] = gating
	params["triggers"] = f.everyTrigger()
	notes := ""
	if len(ph.Notes) > 0 {
		notes = Blocks(f.p.Body, ph.Notes...)
	}
	params["notes_html"] = notes
	if i > 0 {
		prev := f.phases[i-1]
		params["prev"] = map[string]any{"title": prev.ph.Heading, "url": prev.url}
	}
	if i+1 < len(f.phases) {
		next := f.phases[i+1]
		params["next"] = map[string]any{"title": next.ph.Heading, "url": next.url}
	}
	params["search_text"] = searchText(ph.Summary, joined)
	return Page{
		Path: pf.url, Kind: "page", Type: Type, Layout: LayoutPhase, Title: ph.Heading,
		Content: notes, Params: params,
	}
}

func (f *planFacts) metricPage(i int) Page {
	m := f.metrics[i]
	params := f.common(LayoutMetric, fmt.Sprintf("%s for %s: baseline %s, target %s.", m.m.Name, f.title, orDash(m.m.Baseline), orDash(m.m.Target)), f.innerCrumbs)
	params["plan"] = f.ref
	params["name"] = m.m.Name
	params["key"] = m.key
	params["portfolio_url"] = m.purl
	params["baseline_html"] = m.baselineHTML
	params["target_html"] = m.targetHTML
	params["method_html"] = m.methodHTML
	params["extra"] = f.extraCells(m.m)
	watching := map[int]bool{}
	for ti, t := range f.triggers {
		for _, mi := range t.watching {
			if mi == i {
				watching[ti] = true
			}
		}
	}
	params["triggers"] = f.triggerList(watching)
	crit := []any{}
	for _, pf := range f.phases {
		for _, t := range pf.ph.ExitCriteria {
			if f.mentions(t.Text, m.words) {
				crit = append(crit, map[string]any{"text_html": Inline(t.Text), "done": t.Done, "checkbox": t.HasCheckbox, "phase": pf.ph.Heading, "url": pf.url})
			}
		}
	}
	params["exit_criteria"] = crit
	params["search_text"] = searchText(m.m.Baseline, m.m.Target, m.m.Method)
	return Page{Path: m.url, Kind: "page", Type: Type, Layout: LayoutMetric, Title: m.m.Name, Params: params}
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "not set"
	}
	return plan.PlainText(s)
}

// firstSentence is a plan's one-line description.
func firstSentence(p *plan.Plan, title string) string {
	text := sectionText(p.Overview)
	if text == "" {
		return "Rollout plan for " + title + "."
	}
	if i := strings.Index(text, ". "); i > 0 && i < 240 {
		return text[:i+1]
	}
	return clip(text, 240)
}

// sectionText is a section's Markdown reduced to one line of plain text.
func sectionText(s *plan.Section) string {
	if s == nil {
		return ""
	}
	return strings.Join(strings.Fields(plan.PlainText(s.Markdown)), " ")
}

func searchText(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	return clip(strings.Join(strings.Fields(plan.PlainText(strings.Join(kept, " "))), " "), 400)
}

func clip(s string, n int) string {
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s // most texts: no copy as runes (a search entry per page)
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// steps are a phase's rollout percentages as the curve draws them: each
// value once, in increasing order (a summary and its tasks often name the
// same steps).
func steps(ps []plan.Percentage) []float64 {
	var out []float64
	for _, p := range ps {
		if !slices.Contains(out, p.Value) {
			out = append(out, p.Value)
		}
	}
	slices.Sort(out)
	return out
}

func isList(n ast.Node) bool { _, ok := n.(*ast.List); return ok }

// isTriggerBlock reports whether n is read into the plan's triggers: a
// list of the triggers section, or a subheading right over one, which
// the triggers list shows as each trigger's group ("Latency: p99 ...").
func isTriggerBlock(n ast.Node) bool {
	if _, ok := n.(*ast.Heading); ok {
		return isList(n.NextSibling())
	}
	return isList(n)
}

// sectionOf is the plan's first section of a kind, or nil.
func sectionOf(p *plan.Plan, kind plan.SectionKind) *plan.Section {
	for _, s := range p.Sections {
		if s.Kind == kind {
			return s
		}
	}
	return nil
}
