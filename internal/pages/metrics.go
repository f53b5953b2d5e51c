package pages

import (
	"cmp"
	"reflect"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// MetricRow is one plan's metric as the cross-portfolio page shows it.
type MetricRow struct {
	Key       string
	Name      string
	PlanSlug  string
	PlanTitle string
	PlanURL   string
	Status    string
	URL       string
	Baseline  string // HTML
	Target    string // HTML
	Method    string // HTML
	Triggers  []string
	Revision  string // the plan's
	// params is the row as the metric page's layout reads it, made when a
	// page first needs it and kept with the row: a rebuild after one plan
	// changed makes only that plan's rows (and so their params) anew.
	params map[string]any
}

// SameContent reports whether two rows show the same thing: everything
// but the revision, which names a version for caching.
func (r MetricRow) SameContent(o MetricRow) bool {
	r.Revision, o.Revision = "", ""
	r.params, o.params = nil, nil
	return reflect.DeepEqual(r, o)
}

// templateParams are the row's params for the metric page's layout.
func (r *MetricRow) templateParams() map[string]any {
	if r.params != nil {
		return r.params
	}
	trig := []any{}
	for _, t := range r.Triggers {
		trig = append(trig, map[string]any{"text_html": t})
	}
	r.params = map[string]any{
		"plan_title": r.PlanTitle, "plan_url": r.PlanURL, "status": r.Status, "status_label": StatusLabel(r.Status),
		"name": r.Name, "url": r.URL, "baseline_html": r.Baseline, "target_html": r.Target, "method_html": r.Method,
		"triggers": trig, "revision": r.Revision,
	}
	return r.params
}

func (f *planFacts) metricRow(i int) MetricRow {
	m := f.metrics[i]
	row := MetricRow{
		Key: m.key, Name: m.m.Name, PlanSlug: f.p.Slug, PlanTitle: f.title, PlanURL: f.url,
		Status: f.p.Front.Status, URL: m.url, Revision: f.revision,
		Baseline: m.baselineHTML, Target: m.targetHTML, Method: m.methodHTML,
	}
	for _, t := range f.triggers {
		if slices.Contains(t.watching, i) {
			row.Triggers = append(row.Triggers, t.html)
		}
	}
	return row
}

// metricPages are /metrics/ and one /metrics/<key>/ page per metric key.
func metricPages(site Site, plans []*PlanOutput, only map[string]bool) []Page {
	byKey := map[string][]*MetricRow{} // rows in place, not copies
	for _, po := range plans {
		for i := range po.Metrics {
			r := &po.Metrics[i]
			byKey[r.Key] = append(byKey[r.Key], r)
		}
	}
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	slices.Sort(keys)

	list := make([]any, 0, len(keys))
	lowerNames := make(map[string]string, len(keys)) // the list's sort keys
	var out []Page
	// Scratch maps reused for every key: a rebuild runs this for every
	// metric of the portfolio to list them.
	seen, counts := map[string]bool{}, map[string]int{}
	for _, key := range keys {
		rows := byKey[key]
		clear(counts)
		name, aliases := commonName(rows, counts)
		planCount := 0
		clear(seen)
		for _, r := range rows {
			if !seen[r.PlanSlug] {
				seen[r.PlanSlug] = true
				planCount++
			}
		}
		url := PortfolioMetricURL(key)
		lowerNames[key] = strings.ToLower(name)
		list = append(list, map[string]any{"key": key, "name": name, "url": url, "plans": planCount})
		if only != nil && !only[key] {
			continue
		}
		slices.SortFunc(rows, compareRows)
		rowParams := make([]any, len(rows))
		for i, r := range rows {
			rowParams[i] = r.templateParams()
		}
		out = append(out, Page{
			Path: url, Kind: "page", Type: Type, Layout: LayoutPortfolioMetric, Title: name,
			Params: map[string]any{
				"rollout_page": LayoutPortfolioMetric,
				"breadcrumbs":  []any{crumb(site.Title, ""), crumb("Metrics", MetricsURL)},
				"description":  name + " across every rollout plan: baselines, targets and rollback triggers.",
				"source_url":   "",
				"source_path":  "",
				"key":          key,
				"name":         name,
				"aliases":      anyStrings(aliases),
				"rows":         rowParams,
				"search_text":  searchText(strings.Join(aliases, " ")),
			},
		})
	}
	slices.SortStableFunc(list, func(a, b any) int {
		return cmp.Compare(lowerNames[a.(map[string]any)["key"].(string)], lowerNames[b.(map[string]any)["key"].(string)])
	})
	metrics := Page{
		Path: MetricsURL, Kind: "section", Type: Type, Layout: LayoutMetrics, Title: "Metrics",
		Params: map[string]any{
			"rollout_page": LayoutMetrics,
			"breadcrumbs":  []any{crumb(site.Title, "")},
			"description":  "Every success metric the rollout plans track, and how many plans track it.",
			"source_url":   "",
			"source_path":  "",
			"metrics":      list,
		},
	}
	return append([]Page{metrics}, out...)
}

// commonName is the name most plans use for a metric (ties: the first in
// alphabetical order), and every other spelling. count is an empty map to
// count in.
func commonName(rows []*MetricRow, count map[string]int) (string, []string) {
	var names []string
	for _, r := range rows {
		if count[r.Name] == 0 {
			names = append(names, r.Name)
		}
		count[r.Name]++
	}
	slices.Sort(names)
	best := names[0]
	for _, n := range names {
		if count[n] > count[best] {
			best = n
		}
	}
	var aliases []string
	for _, n := range names {
		if n != best {
			aliases = append(aliases, n)
		}
	}
	return best, aliases
}

// metricWords are the words that identify a metric in prose, normalised as
// plan.MetricKey normalises them ("tickets" → "ticket").
func metricWords(name string) []string {
	return strings.Split(plan.MetricKey(name), "-")
}

// mentions reports whether text names the metric: every word of the
// metric's name appears in it, in any order ("P95 latency" mentions
// "Latency (p95)").
func mentions(text string, words []string) bool {
	return hasWords(wordSet(text, nil), words)
}

// wordSet is the set of normalised words in text: the words of
// plan.MetricKey(text). Every task, exit criterion and trigger of every
// plan is read this way, so ASCII text, nearly all of it, is split here
// without building the key (which sorts and joins the words only for
// wordSet to split them again); anything else goes through MetricKey.
// When keep is not nil, only the words in it are kept: a plan asks only
// about the words of its metrics' names, a few dozen words of its text.
func wordSet(text string, keep map[string]bool) map[string]bool {
	if !asciiWords(text) {
		return keyWordSet(text, keep)
	}
	// Here Slugify's words are the runs of ASCII letters and digits,
	// lower-cased.
	have := map[string]bool{}
	words := false
	for i := 0; i < len(text); {
		if !isWordByte(text[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(text) && isWordByte(text[j]) {
			j++
		}
		w := text[i:j]
		if hasUpper(w) {
			w = strings.ToLower(w)
		}
		if len(w) > 3 && w[len(w)-1] == 's' && w[len(w)-2] != 's' {
			w = w[:len(w)-1] // "tickets" → "ticket", as MetricKey does
		}
		if keep == nil || keep[w] {
			have[w] = true
		}
		words = true
		i = j
	}
	if !words {
		return keyWordSet(text, keep) // MetricKey spells text without words its own way
	}
	return have
}

// asciiWords reports whether Slugify reads text's words as the runs of
// ASCII letters and digits: whatever is not ASCII in it is, to Slugify, a
// separator (an arrow, a dash, a quote, ≥), not a letter, a digit or a
// mark. Generated and real plans alike write "25% → 50%" in their tasks.
func asciiWords(text string) bool {
	for i := 0; i < len(text); i++ {
		if text[i] < utf8.RuneSelf {
			continue
		}
		for _, r := range text[i:] {
			if r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || unicode.Is(unicode.Latin, r)) {
				return false
			}
		}
		return true
	}
	return true
}

func keyWordSet(text string, keep map[string]bool) map[string]bool {
	have := map[string]bool{}
	for _, w := range strings.Split(plan.MetricKey(text), "-") {
		if keep == nil || keep[w] {
			have[w] = true
		}
	}
	return have
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

func hasWords(have map[string]bool, words []string) bool {
	if len(words) == 0 || (len(words) == 1 && words[0] == "x") {
		return false
	}
	for _, w := range words {
		if !have[w] {
			return false
		}
	}
	return true
}
