// Package scaffold writes a new rollout plan from the template, with the
// phases its risk tolerance implies. The plan it writes is complete except
// for the template's placeholders ([PM Name], [current]...), which `check`
// reports until the author fills them in.
package scaffold

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/template"
	"time"
	"unicode"

	"github.com/rolloutdocs/rolloutdocs/internal/frontmatter"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// OwnerPlaceholder is written when no owner is given.
const OwnerPlaceholder = "[PM Name]"

// Options describe the plan to write.
type Options struct {
	Title string
	// Risk is low, medium or high; it picks the strategy and phases.
	Risk string
	// Owner defaults to OwnerPlaceholder.
	Owner string
	// TeamSize defaults to 1.
	TeamSize int
	// Created is the plan's date; the zero time means today.
	Created time.Time
}

// Phase is one phase the template writes.
type Phase struct {
	Number       int
	Name         string
	Summary      string
	Duration     string
	Days         int
	Tasks        []string
	ExitCriteria []string
}

// Template phases, from the rollout template. Percentages and durations
// are filled in per strategy by Phases.
var (
	internalTasks = []string{
		"Deploy to staging environment",
		"Internal team testing with real workflows",
		"Gather feedback from internal users",
		"Fix critical issues found during testing",
		"Update documentation based on feedback",
	}
	internalExit = []string{
		"No P0 or P1 bugs remaining",
		"Internal team sign-off obtained",
		"Monitoring and alerting verified",
		"Rollback procedure tested",
	}
	canaryExit = []string{
		"Error rate within acceptable threshold",
		"No significant latency regression",
		"Key metrics stable or improving",
		"No critical user-reported issues",
	}
	rampTasks = []string{
		"Monitor metrics at each increment",
		"Pause and investigate any anomalies",
		"Update stakeholders at each milestone",
	}
	rampExit = []string{
		"All rollout percentages completed without issues",
		"Metrics meet or exceed success criteria",
	}
	launchTasks = []string{
		"Remove feature flag",
		"Send launch announcement",
		"Update documentation and help center",
		"Brief support team",
		"Schedule retrospective",
	}
	launchExit = []string{
		"Documentation published",
		"Retrospective completed",
		"Success metrics confirmed",
	}
)

// strategyShape is what a strategy changes in the template's phases.
type strategyShape struct {
	internalDays int // 0: no internal testing phase
	canary       int // percent of users
	canaryDays   int
	ramp         []int // percentages after the canary, ending at 100
	rampDays     int
	launchDays   int
}

// shapes follow the template's origin: low → conservative, medium →
// standard, high → aggressive. The ramp's duration is not given there; it
// allows two to three days per step.
var shapes = map[string]strategyShape{
	"conservative": {internalDays: 7, canary: 1, canaryDays: 7, ramp: []int{10, 25, 50, 75, 100}, rampDays: 14, launchDays: 7},
	"standard":     {internalDays: 3, canary: 5, canaryDays: 3, ramp: []int{10, 25, 50, 75, 100}, rampDays: 10, launchDays: 7},
	"aggressive":   {canary: 10, canaryDays: 3, ramp: []int{25, 50, 100}, rampDays: 5, launchDays: 7},
}

// Phases returns the phases a strategy implies, numbered from 1.
func Phases(strategy string) ([]Phase, error) {
	s, ok := shapes[strategy]
	if !ok {
		return nil, fmt.Errorf("unknown strategy %q; use one of %s", strategy, strings.Join(plan.Strategies, ", "))
	}
	var phases []Phase
	add := func(p Phase) {
		p.Number = len(phases) + 1
		p.Duration = days(p.Days)
		phases = append(phases, p)
	}
	if s.internalDays > 0 {
		add(Phase{Name: "Internal Testing", Summary: "Deploy to internal team members and dogfood the feature",
			Days: s.internalDays, Tasks: internalTasks, ExitCriteria: internalExit})
	}
	add(Phase{Name: "Canary Release", Summary: fmt.Sprintf("Roll out to %d%% of users", s.canary), Days: s.canaryDays,
		Tasks: []string{
			fmt.Sprintf("Enable feature flag for %d%% of users", s.canary),
			"Monitor error rates, latency, and key metrics",
			"Watch for user-reported issues",
			"Compare metrics against baseline",
			"Review support ticket volume",
		},
		ExitCriteria: canaryExit})
	steps := make([]string, len(s.ramp))
	for i, pct := range s.ramp {
		steps[i] = fmt.Sprintf("%d%%", pct)
	}
	add(Phase{Name: "Gradual Rollout", Summary: "Incrementally increase rollout percentage", Days: s.rampDays,
		Tasks:        append([]string{"Increase to " + strings.Join(steps, " → ")}, rampTasks...),
		ExitCriteria: rampExit})
	add(Phase{Name: "Full Launch", Summary: "Feature available to all users", Days: s.launchDays,
		Tasks: launchTasks, ExitCriteria: launchExit})
	return phases, nil
}

// days writes a whole number of days the way the template does: weeks
// when it divides evenly, else days.
func days(n int) string {
	switch {
	case n == 7:
		return "1 week"
	case n%7 == 0:
		return fmt.Sprintf("%d weeks", n/7)
	case n == 1:
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

// Timeline is the sum of the phases' durations rounded up to whole weeks.
func Timeline(phases []Phase) string {
	total := 0
	for _, p := range phases {
		total += p.Days
	}
	weeks := (total + 6) / 7
	if weeks == 1 {
		return "1 week"
	}
	return fmt.Sprintf("%d weeks", weeks)
}

//go:embed plan.md.tmpl
var planTemplate string

var tmpl = template.Must(template.New("plan").Parse(planTemplate))

// Render returns the text of a new plan.
func Render(o Options) ([]byte, error) {
	title := strings.TrimSpace(o.Title)
	if err := checkText("title", title); err != nil {
		return nil, err
	}
	risk := strings.ToLower(strings.TrimSpace(o.Risk))
	strategy, ok := plan.StrategyForRisk[risk]
	if !ok {
		return nil, fmt.Errorf("risk %q is not a risk tolerance; use low, medium or high", o.Risk)
	}
	owner := strings.TrimSpace(o.Owner)
	if owner == "" {
		owner = OwnerPlaceholder
	} else if err := checkText("owner", owner); err != nil {
		return nil, err
	}
	teamSize := o.TeamSize
	if teamSize == 0 {
		teamSize = 1
	}
	if teamSize < 1 {
		return nil, fmt.Errorf("team size must be at least 1, not %d", teamSize)
	}
	created := o.Created
	if created.IsZero() {
		created = time.Now()
	}
	phases, err := Phases(strategy)
	if err != nil {
		return nil, err
	}
	teamComment := ""
	if o.TeamSize == 0 {
		teamComment = "people working on the rollout: set it"
	}
	fm := frontmatter.Format([]frontmatter.Entry{
		{Key: "title", Value: title},
		{Key: "created", Value: created.Format(time.DateOnly)},
		{Key: "status", Value: "draft"},
		{Key: "owner", Value: owner},
		{Key: "team_size", Value: teamSize, Comment: teamComment},
		{Key: "timeline", Value: Timeline(phases)},
		{Key: "risk_tolerance", Value: risk},
		{Key: "strategy", Value: strategy},
	}, "\n")
	var b bytes.Buffer
	err = tmpl.Execute(&b, map[string]any{
		"FrontMatter":  string(fm),
		"Heading":      EscapeMarkdown(title),
		"StrategyName": strings.ToUpper(strategy[:1]) + strategy[1:],
		"Phases":       phases,
	})
	if err != nil {
		return nil, fmt.Errorf("rendering the plan template: %w", err)
	}
	return b.Bytes(), nil
}

// checkText refuses text that cannot sit on one line of a plan.
func checkText(what, s string) error {
	if s == "" {
		return fmt.Errorf("the %s is empty", what)
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return fmt.Errorf("the %s %q contains a line break or control character", what, s)
		}
	}
	return nil
}

// EscapeMarkdown backslash-escapes the characters that would make plain
// text into Markdown syntax (emphasis, links, code, HTML, a placeholder's
// brackets), so a title shows as typed.
func EscapeMarkdown(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>&|#~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isLetterOrDigit is what a title needs to name a file: plan.Slugify keeps
// letters and digits of any script, and spells anything else by code
// points, which makes a poor file name.
func isLetterOrDigit(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// ErrExists is returned (wrapped) when the plan's file already exists.
var ErrExists = errors.New("file already exists")

// Create writes a new plan to dir/<slug>.md (slug from the title unless
// given), creating dir if needed, and returns the file's path. It never
// replaces an existing file.
func Create(dir, slug string, o Options) (string, error) {
	if slug == "" {
		slug = plan.Slugify(o.Title)
		if !strings.ContainsFunc(o.Title, isLetterOrDigit) {
			return "", fmt.Errorf("the title %q has no letters or digits for a file name; pass --slug", o.Title)
		}
	} else if slug != plan.Slugify(slug) {
		return "", fmt.Errorf("slug %q must be lower-case letters, digits and dashes (e.g. %q)", slug, plan.Slugify(slug))
	}
	src, err := Render(o)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("creating %s: %w", dir, err)
	}
	path := filepath.Join(dir, slug+".md")
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return path, fmt.Errorf("%s: %w; choose another title or --slug, or edit the existing plan", path, ErrExists)
	}
	if err != nil {
		return path, fmt.Errorf("creating the plan: %w", err)
	}
	if _, err := f.Write(src); err != nil {
		f.Close()
		os.Remove(path) // a half-written plan is ours to remove: we just created it
		return path, fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return path, fmt.Errorf("writing %s: %w", path, err)
	}
	return path, nil
}
