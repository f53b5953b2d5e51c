package plan

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// This file knows the forms front-matter values take as people write them
// ("In Progress", "4 people", "10 weeks (two waves)", "March 1, 2026") and
// the one canonical form each reads as ("in-progress", 4, "10 weeks",
// "2026-03-01"). `rolloutdocs import` uses it to convert a header, and the
// front-matter diagnostics use it for their Fix. It only ever rewrites a
// value into a form of the same value; anything it cannot read without
// guessing (a range, "a few", "Q3") it leaves alone.

// frontForms says, for each required key, what its value is: requiredHint
// suggests `key: <form>` and FrontMatterForm shows it in other hints.
var frontForms = map[string]string{
	"title":          "the feature's name",
	"created":        "the day the plan was written, YYYY-MM-DD",
	"status":         "one of " + strings.Join(Statuses, ", "),
	"owner":          "name of who drives the rollout",
	"team_size":      "number of people on the rollout",
	"timeline":       "time budget as N weeks or N days",
	"risk_tolerance": "low, medium or high",
}

// FrontMatterForm says in words what a required key's value is ("number of
// people on the rollout"), or "" for other keys.
func FrontMatterForm(key string) string { return frontForms[key] }

// frontPlaceholders are the placeholders `import` writes for a required
// key the file does not give.
var frontPlaceholders = map[string]string{
	"title":          "[feature name]",
	"created":        "[YYYY-MM-DD]",
	"status":         "[" + strings.Join(Statuses, " / ") + "]",
	"owner":          "[owner's name]",
	"team_size":      "[number of people]",
	"timeline":       "[N weeks]",
	"risk_tolerance": "[low / medium / high]",
}

// PlaceholderFor is the bracketed placeholder that stands for key's value
// until the author fills it in ("[number of people]"); check reports it
// as a placeholder, not as a value of the wrong type.
func PlaceholderFor(key string) string {
	if p, ok := frontPlaceholders[key]; ok {
		return p
	}
	return "[" + strings.ReplaceAll(key, "_", " ") + "]"
}

// IsPlaceholderValue reports whether a whole front-matter value is a
// bracketed template placeholder: "[PM Name]", "[X weeks]".
func IsPlaceholderValue(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) < 3 || s[0] != '[' || s[len(s)-1] != ']' {
		return false
	}
	inner := s[1 : len(s)-1]
	return strings.TrimSpace(inner) != "" && !strings.ContainsAny(inner, "[]")
}

// labelKeys maps a header label as people write it (lower case, single
// spaces) to its front-matter key. Labels that name more than one thing
// ("Team" is a team's name as often as its size, "Author" need not be who
// drives the rollout) are not here; see KeyForLabel.
var labelKeys = map[string]string{
	"title": "title", "feature": "title", "feature name": "title", "plan": "title", "plan name": "title",
	"created": "created", "created on": "created", "created at": "created", "date": "created",
	"date created": "created", "creation date": "created", "created date": "created",
	"status": "status", "state": "status", "plan status": "status", "document status": "status", "rollout status": "status",
	"owner": "owner", "rollout owner": "owner", "plan owner": "owner", "feature owner": "owner",
	"document owner": "owner", "product owner": "owner", "dri": "owner", "pm": "owner", "product manager": "owner",
	"rollout lead": "owner", "rollout manager": "owner", "release owner": "owner", "launch owner": "owner",
	"team size": "team_size", "team_size": "team_size", "teamsize": "team_size", "headcount": "team_size",
	"people": "team_size", "number of people": "team_size",
	"timeline": "timeline", "time budget": "timeline", "total duration": "timeline", "overall timeline": "timeline",
	"estimated duration": "timeline", "rollout duration": "timeline", "timeframe": "timeline", "time frame": "timeline",
	"risk tolerance": "risk_tolerance", "risk_tolerance": "risk_tolerance", "risk": "risk_tolerance",
	"risk level": "risk_tolerance", "risk appetite": "risk_tolerance",
	"strategy": "strategy", "rollout strategy": "strategy", "rollout type": "strategy",
	"start": "start", "start date": "start", "starts": "start", "kickoff": "start", "kick-off": "start",
	"flag": "flag", "feature flag": "flag", "flag name": "flag", "flag key": "flag", "feature toggle": "flag",
	"tags": "tags", "labels": "tags",
	"approvers": "approvers", "approved by": "approvers", "sign-off": "approvers", "sign off": "approvers",
}

// KeyForLabel returns the front-matter key a header label stands for
// ("Created on" → created, "DRI" → owner, "Team Size" → team_size). A label
// that names a key only when its value fits is taken only then: "Team: 4
// people" is a team size, "Team: Payments" is not.
func KeyForLabel(label, value string) (string, bool) {
	l := strings.ToLower(strings.Join(strings.Fields(label), " "))
	if key, ok := labelKeys[l]; ok {
		return key, true
	}
	switch l {
	case "team", "team members", "engineers":
		if _, _, ok := NormalizeFrontValue("team_size", value); ok {
			return "team_size", true
		}
	case "duration", "estimated timeline", "length":
		if _, _, ok := NormalizeFrontValue("timeline", value); ok {
			return "timeline", true
		}
	}
	return "", false
}

// enumSynonyms are words teams use for a status, risk or strategy, each
// standing for one value only. "Blocked" or "Not started" are not here:
// they could be several.
var enumSynonyms = map[string]map[string]string{
	"status": {
		"planning": "draft", "drafting": "draft",
		"review": "in-review", "under review": "in-review", "in review": "in-review", "pending review": "in-review",
		"ready for review": "in-review", "for review": "in-review",
		"signed off":  "approved",
		"rolling out": "in-progress", "in rollout": "in-progress", "active": "in-progress", "ongoing": "in-progress",
		"started": "in-progress", "in flight": "in-progress",
		"on hold": "paused",
		"shipped": "launched", "released": "launched", "live": "launched", "done": "launched", "complete": "launched",
		"completed": "launched", "ga": "launched", "generally available": "launched",
		"reverted": "rolled-back", "rolled back": "rolled-back",
		"canceled": "cancelled", "abandoned": "cancelled",
	},
	"risk_tolerance": {"med": "medium", "moderate": "medium", "mid": "medium"},
	"strategy":       {},
}

// enumOptions are the values an enum key takes.
var enumOptions = map[string][]string{"status": Statuses, "risk_tolerance": Risks, "strategy": Strategies}

// CanonicalEnum spells v the way key's values are spelt ("In Progress" →
// "in-progress", "LOW" → "low", "Shipped" → "launched"), when it names
// exactly one of them.
func CanonicalEnum(key, v string) (string, bool) {
	options, ok := enumOptions[key]
	if !ok {
		return "", false
	}
	words := strings.FieldsFunc(strings.ToLower(strings.TrimSpace(v)), func(r rune) bool {
		return r == ' ' || r == '_' || r == '-' || r == '\t'
	})
	norm := strings.Join(words, "-")
	for _, o := range options {
		if norm == o {
			return o, true
		}
	}
	if s, ok := enumSynonyms[key][strings.Join(words, " ")]; ok {
		return s, true
	}
	return "", false
}

// countWords are whole numbers written out, as team sizes and timelines
// sometimes are.
var countWords = map[string]int{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
	"eighteen": 18, "nineteen": 19, "twenty": 20,
}

func wholeNumber(s string) (int, bool) {
	s = strings.ToLower(s)
	if n, ok := countWords[s]; ok {
		return n, true
	}
	if len(s) == 0 || len(s) > 6 || (s[0] == '0') {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n > 0
}

var (
	// noteRE splits "10 weeks (two waves)" and "Medium – payments only"
	// into the value and a note.
	noteRE = regexp.MustCompile(`^(.*?)\s*(?:\((.*)\)|\s[–—-]\s+(.*))\s*$`)
	// teamSizeRE is a count of people: "4", "4 people", "six engineers".
	teamSizeRE = regexp.MustCompile(`(?i)^([0-9]+|[a-z]+)(?:\s+(?:people|persons|person|engineers|devs|developers|members|team members|folks|ftes?|heads|humans))?\.?$`)
	// timelineRE is a timeline in the units the front matter takes, as
	// people spell them: "10 weeks", "2 week(s)", "6 wks", "ten days".
	timelineRE = regexp.MustCompile(`(?i)^([0-9]+|[a-z]+)\s*(weeks?|week\(s\)|wks?|w|days?|day\(s\)|d)\.?$`)
)

// splitNote separates a value from a parenthetical or dashed note: "10
// weeks (two waves)" is "10 weeks" and "two waves".
func splitNote(v string) (value, note string) {
	m := noteRE.FindStringSubmatch(v)
	if m == nil || m[1] == "" {
		return v, ""
	}
	return m[1], strings.TrimSpace(m[2] + m[3])
}

// dateLayouts are the ways a date is written that name one day without
// doubt. 03/04/2026 is not here: it is March or April depending on who
// wrote it.
var dateLayouts = []string{
	"2006-01-02", "2006-1-2", "2006/01/02", "2006/1/2", "2006.01.02",
	"January 2, 2006", "January 2 2006", "Jan 2, 2006", "Jan 2 2006", "Jan. 2, 2006",
	"2 January 2006", "2 Jan 2006", "02 January 2006", "02 Jan 2006", "2 January, 2006",
	"Monday, January 2, 2006", "Mon, Jan 2, 2006", "Monday, 2 January 2006",
}

// timeSuffixRE is a time of day after a date ("March 1, 2026 10:14 AM",
// "2026-03-01T10:14:00Z"), which a plan's dates do not keep.
var timeSuffixRE = regexp.MustCompile(`(?i)^(.*?)(?:[ T,]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:am|pm)?\s*(?:z|utc|gmt|[+-]\d{2}:?\d{2}|[a-z]{3,4})?)$`)

// NormalizeDate reads a date written any unambiguous way as YYYY-MM-DD.
// dropped is a time of day that was cut off, "" if none.
func NormalizeDate(v string) (date string, dropped string, ok bool) {
	v = strings.TrimSpace(v)
	try := func(s string) (string, bool) {
		s = strings.Join(strings.Fields(s), " ")
		s = ordinalRE.ReplaceAllString(s, "$1")
		for _, layout := range dateLayouts {
			if t, err := time.Parse(layout, s); err == nil {
				return t.Format(time.DateOnly), true
			}
		}
		return "", false
	}
	if d, ok := try(v); ok {
		return d, "", true
	}
	if m := timeSuffixRE.FindStringSubmatch(v); m != nil {
		if d, ok := try(m[1]); ok {
			return d, strings.TrimSpace(strings.TrimLeft(v[len(m[1]):], " T,")), true
		}
	}
	return "", "", false
}

// ordinalRE is a day written "1st", "22nd".
var ordinalRE = regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th)\b`)

// NormalizeFrontValue reads a value written for key into the front
// matter's form: an int for team_size, canonical spellings for enums, a
// date for created and start, a timeline in days or weeks. note is what
// the form had no room for (a parenthetical, a time of day), for the
// caller to keep beside the value. ok is false when the value cannot be
// read without guessing; free-text keys always read.
func NormalizeFrontValue(key, v string) (value any, note string, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, "", false
	}
	switch key {
	case "status", "risk_tolerance", "strategy":
		if s, ok := CanonicalEnum(key, v); ok {
			return s, "", true
		}
		main, n := splitNote(v)
		if s, ok := CanonicalEnum(key, main); ok && n != "" {
			return s, n, true
		}
		return nil, "", false
	case "team_size":
		main, n := splitNote(v)
		if m := teamSizeRE.FindStringSubmatch(main); m != nil {
			if size, ok := wholeNumber(m[1]); ok {
				return size, n, true
			}
		}
		return nil, "", false
	case "timeline":
		main, n := v, ""
		if !timelineRE.MatchString(v) {
			main, n = splitNote(v)
		}
		m := timelineRE.FindStringSubmatch(strings.TrimPrefix(main, "~"))
		if m == nil || strings.HasPrefix(main, "~") {
			return nil, "", false
		}
		count, ok := wholeNumber(m[1])
		if !ok {
			return nil, "", false
		}
		unit := "weeks"
		if u := strings.ToLower(m[2]); strings.HasPrefix(u, "d") {
			unit = "days"
		}
		if count == 1 {
			unit = strings.TrimSuffix(unit, "s")
		}
		s := fmt.Sprintf("%d %s", count, unit)
		if s == main && n == "" || IsTimespan(main) && n == "" {
			return main, "", true // already in a form the front matter takes
		}
		return s, n, true
	case "created", "start":
		if d, dropped, ok := NormalizeDate(v); ok {
			return d, dropped, true
		}
		return nil, "", false
	case "tags", "approvers":
		items := []string{}
		for item := range strings.SplitSeq(v, ",") {
			if item = strings.TrimSpace(item); item != "" {
				items = append(items, item)
			}
		}
		return items, "", len(items) > 0
	case "flag":
		return strings.Trim(v, "`"), "", strings.Trim(v, "` ") != ""
	}
	return v, "", true
}
