package lsp

import (
	"strings"
	"unicode/utf8"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// enumValues are the front-matter keys whose values come from a list, and
// the model's lists.
var enumValues = map[string][]string{
	"status":         plan.Statuses,
	"risk_tolerance": plan.Risks,
	"strategy":       plan.Strategies,
}

// completion offers, in the front matter, the keys not written yet (at the
// start of a line) and the values of status, risk_tolerance and strategy
// (after their colon); in a rollback trigger or an exit criterion, the
// names of the plan's metrics.
func (s *Server) completion(_ *glsp.Context, params *protocol.CompletionParams) (any, error) {
	a, _, ok := s.current(params.TextDocument.URI)
	if !ok || a.plan == nil {
		return []protocol.CompletionItem{}, nil
	}
	return a.complete(a.lines.fromLSP(params.Position)), nil
}

func (a *analysis) complete(pos diag.Pos) []protocol.CompletionItem {
	items := []protocol.CompletionItem{}
	line := a.lines.line(pos.Line - 1)
	before := runePrefix(line, pos.Col-1)
	if first, last, ok := a.frontMatter(); ok && pos.Line >= first && pos.Line <= last {
		key, value, hasColon := strings.Cut(before, ":")
		key = strings.TrimSpace(key)
		if !hasColon {
			if strings.HasPrefix(before, " ") || strings.HasPrefix(before, "\t") || strings.HasPrefix(strings.TrimSpace(before), "-") {
				return items // a list item or a nested value, not a key
			}
			return a.keyItems(pos)
		}
		return a.valueItems(key, pos, value)
	}
	if a.inTriggers(pos.Line) || a.inExitCriteria(pos.Line) {
		return a.metricItems()
	}
	return items
}

// keyItems are the known keys the front matter lacks; each replaces what
// was typed of it and adds ": ".
func (a *analysis) keyItems(pos diag.Pos) []protocol.CompletionItem {
	kind := protocol.CompletionItemKindProperty
	items := []protocol.CompletionItem{}
	start := diag.Pos{Line: pos.Line, Col: 1}
	written := a.writtenKeys()
	for _, key := range plan.FrontMatterKeys() {
		if written[key] {
			continue
		}
		items = append(items, protocol.CompletionItem{
			Label:    key,
			Kind:     &kind,
			TextEdit: protocol.TextEdit{Range: protocol.Range{Start: a.lines.toLSP(start), End: a.lines.toLSP(pos)}, NewText: key + ": "},
		})
	}
	return items
}

// writtenKeys are the keys the front matter has: the parser's, and, since
// the YAML often does not parse while a key is half typed, every line that
// starts with "key:".
func (a *analysis) writtenKeys() map[string]bool {
	keys := map[string]bool{}
	for k := range a.plan.FrontPos {
		keys[k] = true
	}
	first, last, _ := a.frontMatter()
	for line := first; line <= last; line++ {
		if k, _, ok := strings.Cut(a.lines.line(line-1), ":"); ok && k != "" && !strings.ContainsAny(k, " \t-#") {
			keys[k] = true
		}
	}
	return keys
}

// valueItems are the allowed values of an enum key, each replacing the
// value typed so far.
func (a *analysis) valueItems(key string, pos diag.Pos, typed string) []protocol.CompletionItem {
	values := enumValues[key]
	kind := protocol.CompletionItemKindEnumMember
	items := []protocol.CompletionItem{}
	lead := utf8.RuneCountInString(typed) - utf8.RuneCountInString(strings.TrimLeft(typed, " \t"))
	start := diag.Pos{Line: pos.Line, Col: pos.Col - utf8.RuneCountInString(typed) + lead}
	for i, v := range values {
		sort := string(rune('a' + i)) // lifecycle order, not alphabetical
		items = append(items, protocol.CompletionItem{
			Label:    v,
			Kind:     &kind,
			SortText: &sort,
			TextEdit: protocol.TextEdit{Range: protocol.Range{Start: a.lines.toLSP(start), End: a.lines.toLSP(pos)}, NewText: v},
		})
	}
	return items
}

// metricItems are the Success Metrics table's names, with what the table
// says of each.
func (a *analysis) metricItems() []protocol.CompletionItem {
	kind := protocol.CompletionItemKindValue
	items := []protocol.CompletionItem{}
	for _, m := range a.plan.Metrics.Rows {
		name := strings.TrimSpace(plan.PlainText(m.Name))
		if name == "" {
			continue
		}
		detail := "target " + orDash(m.Target) + ", baseline " + orDash(m.Baseline)
		items = append(items, protocol.CompletionItem{
			Label:         name,
			Kind:          &kind,
			Detail:        &detail,
			Documentation: protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: a.metricHover(&m)},
		})
	}
	return items
}
