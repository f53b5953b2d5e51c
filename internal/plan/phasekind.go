package plan

import (
	"slices"
	"strings"
	"unicode"
)

// PhaseKind is which of the template's four steps a phase is: internal
// testing, the canary, the gradual rollout (ramp) or the full launch.
// Plans name their phases freely ("Shadow Billing", "Design Partner
// Canary", "Majority Rollout"), so the kind is read from the name and,
// failing that, from the phase's rollout percentages (PhaseKinds).
type PhaseKind string

const (
	PhaseInternal PhaseKind = "internal"
	PhaseCanary   PhaseKind = "canary"
	PhaseRamp     PhaseKind = "ramp"
	PhaseLaunch   PhaseKind = "launch"
)

// PhaseKindLabels names each kind in words, for pages and messages.
var PhaseKindLabels = map[PhaseKind]string{
	PhaseInternal: "internal testing",
	PhaseCanary:   "canary",
	PhaseRamp:     "gradual rollout",
	PhaseLaunch:   "full launch",
}

// phaseKindWords are the words in a phase's name that say its kind, first
// match wins in this order: a "Canary Release (5% of internal users)" is a
// canary, a "Full Launch (roll out to 100%)" the launch, a "Gradual rollout
// to all users" a ramp, a "Dark launch" internal testing.
var phaseKindWords = []struct {
	kind  PhaseKind
	words [][]string
}{
	{PhaseCanary, [][]string{{"canary"}, {"pilot"}, {"early", "access"}, {"design", "partner"}, {"design", "partners"}}},
	{PhaseLaunch, [][]string{{"full", "launch"}, {"general", "availability"}, {"ga"}, {"full", "rollout"}}},
	{PhaseRamp, [][]string{{"gradual"}, {"ramp"}, {"ramping"}, {"rollout"}, {"roll", "out"}, {"expansion"}, {"expand"}, {"majority"}, {"beta"}, {"incremental"}, {"progressive"}, {"wave"}}},
	{PhaseInternal, [][]string{{"internal"}, {"dogfood"}, {"dogfooding"}, {"staging"}, {"shadow"}, {"alpha"}, {"employee"}, {"employees"}, {"rehearsal"}, {"dark", "launch"}, {"qa"}}},
	{PhaseLaunch, [][]string{{"launch"}, {"all", "users"}, {"all", "customers"}, {"everyone"}, {"general", "release"}, {"cutover"}}},
}

// PhaseKinds returns each phase's kind, in phase order. A phase whose name
// says nothing is judged by its percentages: one that reaches 100% is the
// launch, the first partial step of a plan is the canary and later ones
// ramp it up; a phase with no percentage before any rollout step is
// internal testing, after one it continues the rollout.
func (p *Plan) PhaseKinds() []PhaseKind {
	out := make([]PhaseKind, len(p.Phases))
	rolledOut := false
	for i, ph := range p.Phases {
		kind, named := kindFromName(ph.Name)
		if !named {
			kind = kindFromSteps(ph, rolledOut)
		}
		out[i] = kind
		if len(ph.Percentages) > 0 || kind == PhaseCanary || kind == PhaseRamp {
			rolledOut = true
		}
	}
	return out
}

func kindFromName(name string) (PhaseKind, bool) {
	words := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for _, k := range phaseKindWords {
		for i := range words {
			for _, phrase := range k.words {
				if i+len(phrase) <= len(words) && slices.Equal(words[i:i+len(phrase)], phrase) {
					return k.kind, true
				}
			}
		}
	}
	return "", false
}

func kindFromSteps(ph Phase, rolledOut bool) PhaseKind {
	if len(ph.Percentages) == 0 {
		if rolledOut {
			return PhaseRamp
		}
		return PhaseInternal
	}
	first := ph.Percentages[0].Value
	switch {
	case first >= 100:
		return PhaseLaunch
	case !rolledOut:
		return PhaseCanary
	default:
		return PhaseRamp
	}
}
