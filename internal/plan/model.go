// Package plan holds the rollout-plan model: a plan's front matter, its
// phases, metrics and rollback triggers, read from one Markdown file with the
// position of every element so later stages can point at it.
//
// Parsing is tolerant: a file with problems still yields as much of a Plan as
// could be read, plus diagnostics. Judging whether a plan is sound (durations
// fit the timeline, percentages ramp up...) is the rules package's job.
package plan

import (
	"github.com/yuin/goldmark/ast"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
)

// Pos is a 1-based line:column in the plan's file.
type Pos = diag.Pos

// Statuses, risks and strategies a plan may declare, in lifecycle order.
var (
	Statuses   = []string{"draft", "in-review", "approved", "in-progress", "paused", "launched", "rolled-back", "cancelled"}
	Risks      = []string{"low", "medium", "high"}
	Strategies = []string{"conservative", "standard", "aggressive"}
)

// StrategyForRisk is the strategy a risk tolerance implies.
var StrategyForRisk = map[string]string{
	"low":    "conservative",
	"medium": "standard",
	"high":   "aggressive",
}

// FrontMatter is the YAML header of a plan. The validate tags are the
// single source of truth for the header's rules: validator/v10 enforces them
// and the JSON Schema in schema/ is generated from them.
type FrontMatter struct {
	Title         string   `yaml:"title" json:"title" validate:"required,notblank" doc:"The feature's name."`
	Created       string   `yaml:"created" json:"created" validate:"required,date" doc:"The day the plan was written, YYYY-MM-DD."`
	Status        string   `yaml:"status" json:"status" validate:"required,oneof=draft in-review approved in-progress paused launched rolled-back cancelled" doc:"Where the rollout stands."`
	Owner         string   `yaml:"owner" json:"owner" validate:"required,notblank" doc:"Who drives the rollout."`
	TeamSize      int      `yaml:"team_size" json:"team_size" validate:"required,gte=1" doc:"People working on the rollout."`
	Timeline      string   `yaml:"timeline" json:"timeline" validate:"required,timespan" doc:"Time budget for all phases: 6 weeks, 6w, 10 days or 10d."`
	RiskTolerance string   `yaml:"risk_tolerance" json:"risk_tolerance" validate:"required,oneof=low medium high" doc:"How much risk the rollout may take."`
	Strategy      string   `yaml:"strategy,omitempty" json:"strategy,omitempty" validate:"omitempty,oneof=conservative standard aggressive" doc:"Rollout strategy; read from the body's strategy line when absent."`
	Start         string   `yaml:"start,omitempty" json:"start,omitempty" validate:"omitempty,date" doc:"When phase 1 begins, YYYY-MM-DD; lets pages show dates for each phase."`
	Flag          string   `yaml:"flag,omitempty" json:"flag,omitempty" validate:"omitempty,notblank" doc:"The feature-flag key."`
	Tags          []string `yaml:"tags,omitempty" json:"tags,omitempty" validate:"omitempty,dive,notblank" doc:"Free-form labels."`
	Approvers     []string `yaml:"approvers,omitempty" json:"approvers,omitempty" validate:"omitempty,dive,notblank" doc:"Who signs the plan off."`
}

// Plan is one rollout plan as written in one file.
type Plan struct {
	// Path is the file's path as the user named it (used in diagnostics).
	Path string `json:"path"`
	// Slug is the file name without .md; URLs use it so they survive a
	// change of title.
	Slug string `json:"slug"`

	Front FrontMatter `json:"front_matter"`
	// FrontPos maps each front-matter key to where its value starts
	// (or the key itself for keys with no value).
	FrontPos map[string]Pos `json:"-"`
	// FrontPlaceholders maps each front-matter key whose value is a
	// bracketed placeholder ("[number of people]") to the placeholder as
	// written. It is not a value of the wrong type but a value still to be
	// filled in, which the placeholders rule reports; text keys also hold
	// it in Front, typed keys (numbers, dates, enums) stay zero.
	FrontPlaceholders map[string]string `json:"-"`
	// HasFrontMatter is false when the file has no `---` header at all.
	HasFrontMatter bool `json:"-"`

	// Heading is the text of the body's level-1 heading, if any.
	Heading string `json:"heading,omitempty"`

	// Preamble is the text before the first section, the title aside
	// (bold lines under the title, an introduction): it is in no section,
	// but on the plan page all the same. Nil when there is none.
	Preamble *Section `json:"-"`

	Overview *Section `json:"overview,omitempty"`
	// Strategy is the "Rollout Strategy" section without its phases.
	Strategy     *Section     `json:"strategy,omitempty"`
	StrategyLine StrategyLine `json:"strategy_line"`
	Phases       []Phase      `json:"phases"`
	Metrics      MetricsTable `json:"metrics"`
	// TriggersSection is the "Rollback Triggers" section; Triggers are its
	// list items.
	TriggersSection *Section  `json:"triggers_section,omitempty"`
	Triggers        []Trigger `json:"triggers"`
	// Sections is every section in file order, the known ones included,
	// so pages can render "any other sections as written".
	Sections []*Section `json:"-"`

	// Readings say how the parser read what the template names otherwise
	// ("read 'Halt Rules' as Rollback Triggers", "read 'Stage 2' as phase
	// 2"), in file order; `check --explain` prints them. The names it
	// accepts are in synonyms.go.
	Readings []Reading `json:"readings,omitempty"`

	// Source is the file's text (UTF-8, BOM removed, CRLF kept as LF).
	Source []byte `json:"-"`
	// Body is the part of Source after the front matter; ast node segments
	// are offsets into it.
	Body []byte `json:"-"`
	// Doc is the goldmark tree of Body, kept so pages can render sections
	// without parsing the file a second time.
	Doc ast.Node `json:"-"`
}

// Title is the plan's display title: the front matter's, else the heading's
// (without a "Rollout Plan:" prefix), else the slug.
func (p *Plan) Title() string {
	if p.Front.Title != "" {
		return p.Front.Title
	}
	if p.Heading != "" {
		return p.Heading
	}
	return p.Slug
}

// EffectiveStrategy is the declared strategy, else the strategy line's.
func (p *Plan) EffectiveStrategy() string {
	if p.Front.Strategy != "" {
		return p.Front.Strategy
	}
	return p.StrategyLine.Strategy
}

// SectionKind says which template section a heading opened.
type SectionKind string

const (
	KindOverview SectionKind = "overview"
	KindStrategy SectionKind = "strategy"
	KindPhase    SectionKind = "phase"
	KindMetrics  SectionKind = "metrics"
	KindTriggers SectionKind = "triggers"
	KindOther    SectionKind = "other"
)

// Section is the text under one level-2 or level-3 heading, up to the next
// one. For the strategy section that is the text before the first phase.
type Section struct {
	Kind    SectionKind `json:"kind"`
	Heading string      `json:"heading"`
	Level   int         `json:"level"`
	// ID is the heading's anchor id.
	ID  string `json:"id"`
	Pos Pos    `json:"-"`
	// Markdown is the section's source without its heading line.
	Markdown string `json:"markdown"`
	// Blocks are the section's top-level goldmark nodes (children of Doc)
	// without the heading.
	Blocks []ast.Node `json:"-"`
}

// Reading is one choice the parser made about a plan's shape.
type Reading struct {
	Pos  Pos    `json:"-"`
	Text string `json:"text"`
}

// StrategyLine is what the "Conservative rollout with 5 phases." sentence
// says. Zero values mean the sentence was not found.
type StrategyLine struct {
	Strategy    string `json:"strategy,omitempty"`
	StrategyPos Pos    `json:"-"`
	Phases      int    `json:"phases,omitempty"`
	PhasesPos   Pos    `json:"-"`
}

// Phase is one "### Phase N: Name" section, or one written "Stage N",
// "Step N", "Wave N", with a Roman numeral, or numbered ("### 1. Pilot")
// under a phases section (synonyms.go).
type Phase struct {
	Number  int    `json:"number"`
	Name    string `json:"name"`
	Slug    string `json:"slug"`
	Heading string `json:"heading"`
	Pos     Pos    `json:"-"`
	// Summary is the `> ...` line under the heading.
	Summary    string `json:"summary,omitempty"`
	SummaryPos Pos    `json:"-"`
	// Duration is zero-valued (Text "") when the phase has no
	// **Duration:** line.
	Duration     Duration `json:"duration"`
	Tasks        []Task   `json:"tasks"`
	TasksPos     Pos      `json:"-"`
	ExitCriteria []Task   `json:"exit_criteria"`
	ExitPos      Pos      `json:"-"`
	// Percentages are the rollout steps the phase names, in order.
	Percentages []Percentage `json:"percentages"`
	// Section holds the phase's whole text; Notes are the blocks that are
	// none of summary, duration, tasks or exit criteria.
	Section *Section   `json:"-"`
	Notes   []ast.Node `json:"-"`
}

// Task is one list item of a Tasks or Exit Criteria list.
type Task struct {
	// Text is the item's Markdown without the checkbox.
	Text string `json:"text"`
	Done bool   `json:"done"`
	// HasCheckbox is false for a plain `- item`.
	HasCheckbox bool `json:"-"`
	Pos         Pos  `json:"-"`
}

// Percentage is one rollout step such as the 5 in "Roll out to 5% of users".
type Percentage struct {
	Value float64 `json:"value"`
	Pos   Pos     `json:"-"`
	// Implied is true for the 100% a final launch phase stands for.
	Implied bool `json:"implied,omitempty"`
}

// MetricsTable is the Success Metrics table.
type MetricsTable struct {
	Pos Pos `json:"-"`
	// Found is false when the section has no table.
	Found bool `json:"-"`
	// Columns are the header cells as written, in order.
	Columns []string `json:"columns"`
	// ColumnIndex maps "metric", "baseline", "target", "method" to their
	// index in Columns (absent when the column is missing).
	ColumnIndex map[string]int `json:"-"`
	Rows        []Metric       `json:"rows"`
}

// Metric is one row of the Success Metrics table.
type Metric struct {
	Name     string `json:"name"`
	Slug     string `json:"slug"`
	Baseline string `json:"baseline"`
	Target   string `json:"target"`
	Method   string `json:"method"`
	// Cells is every cell as written, in column order (extra columns too).
	Cells []string `json:"cells"`
	Pos   Pos      `json:"-"`
	// CellPos is the position of each cell, in column order.
	CellPos []Pos `json:"-"`
}

// Trigger is one item of the Rollback Triggers list.
type Trigger struct {
	Text string `json:"text"`
	// Group is the subheading the trigger is listed under ("### Latency"
	// in "## Halt Rules"), or "".
	Group string `json:"group,omitempty"`
	Pos   Pos    `json:"-"`
}
