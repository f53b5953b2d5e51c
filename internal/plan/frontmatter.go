package plan

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/go-playground/validator/v10"
	"github.com/goccy/go-yaml"
	yamlast "github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
)

// Rule ids for problems found while reading a file and its header.
const (
	RuleFileEncoding     = "file/encoding"
	RuleFileSize         = "file/too-large"
	RuleFileEmpty        = "file/empty"
	RuleFileDuplicate    = "file/duplicate-slug"
	RuleFMMissing        = "front-matter/missing"
	RuleFMUnclosed       = "front-matter/unclosed"
	RuleFMTOML           = "front-matter/toml"
	RuleFMLegacyHeader   = "front-matter/legacy-header"
	RuleFMSyntax         = "front-matter/yaml"
	RuleFMUnknownKey     = "front-matter/unknown-key"
	RuleFMType           = "front-matter/type"
	RuleFMRequired       = "front-matter/required"
	RuleFMEnum           = "front-matter/enum"
	RuleFMFormat         = "front-matter/format"
	RuleFMRange          = "front-matter/range"
	RuleFMAlias          = "front-matter/alias"
	RuleFMNotMapping     = "front-matter/not-a-mapping"
	RuleFMDuplicateKey   = "front-matter/duplicate-key"
	frontMatterDelimiter = "---"
)

// fieldInfo describes one front-matter key for decoding and messages.
type fieldInfo struct {
	key   string
	index int
	kind  reflect.Kind // String, Int or Slice (of string)
	// freeText is true for a text key any non-blank text is valid for
	// (title, owner, flag), as against one with a form (a date, an enum).
	freeText bool
}

var frontFields = func() map[string]fieldInfo {
	t := reflect.TypeFor[FrontMatter]()
	m := make(map[string]fieldInfo, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		key, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		tags := f.Tag.Get("validate")
		free := f.Type.Kind() == reflect.String && !strings.Contains(tags, "oneof") &&
			!strings.Contains(tags, "date") && !strings.Contains(tags, "timespan")
		m[key] = fieldInfo{key: key, index: i, kind: f.Type.Kind(), freeText: free}
	}
	return m
}()

// FrontMatterKeys lists the known keys in declaration order.
func FrontMatterKeys() []string {
	t := reflect.TypeFor[FrontMatter]()
	keys := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		key, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		keys = append(keys, key)
	}
	return keys
}

// splitFrontMatter finds the `---` header. It returns the YAML text, the
// line the YAML starts on (1-based) and the offset where the body begins.
// found is false when the file does not start with `---`; closed is false
// when it starts but never ends.
func splitFrontMatter(src []byte) (yamlText []byte, yamlLine int, bodyStart int, found, closed bool) {
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	if strings.TrimRight(string(first), " \t") != frontMatterDelimiter {
		return nil, 0, 0, false, false
	}
	offset := len(first) + 1
	if offset > len(src) {
		return nil, 2, len(src), true, false
	}
	for pos := 0; pos <= len(rest); {
		end := bytes.IndexByte(rest[pos:], '\n')
		line := rest[pos:]
		if end >= 0 {
			line = rest[pos : pos+end]
		}
		trimmed := strings.TrimRight(string(line), " \t")
		if trimmed == frontMatterDelimiter || trimmed == "..." {
			body := offset + pos + len(line)
			if end >= 0 {
				body++
			}
			return rest[:pos], 2, body, true, true
		}
		if end < 0 {
			break
		}
		pos += end + 1
	}
	return rest, 2, len(src), true, false
}

// decodeFrontMatter reads the YAML header into p.Front, recording key
// positions, and reports syntax, key and type problems. Validation of the
// values against the rules happens in ValidateFrontMatter, and only when
// decoded is true: a header that is not a readable mapping gets one
// diagnostic, not one per missing key.
func (r *reader) decodeFrontMatter(yamlText []byte, firstLine int) (decoded bool) {
	if len(bytes.TrimSpace(yamlText)) == 0 {
		r.add(Pos{Line: 1, Col: 1}, diag.Error, RuleFMRequired,
			"front matter is empty",
			"add the plan's header keys: title, created, status, owner, team_size, timeline, risk_tolerance")
		return false
	}
	if r.decodeSimpleFrontMatter(yamlText, firstLine) {
		return true
	}
	return r.decodeYAMLFrontMatter(yamlText, firstLine)
}

// decodeYAMLFrontMatter is decodeFrontMatter through the YAML parser, for
// any header.
func (r *reader) decodeYAMLFrontMatter(yamlText []byte, firstLine int) (decoded bool) {
	// Duplicate keys are found below, where their positions can be given
	// in the file's lines rather than the YAML's.
	file, err := parser.ParseBytes(yamlText, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		pos := Pos{Line: firstLine, Col: 1}
		msg := err.Error()
		var yerr yaml.Error
		if errors.As(err, &yerr) {
			msg = yerr.GetMessage()
			if tk := yerr.GetToken(); tk != nil && tk.Position != nil {
				pos = Pos{Line: tk.Position.Line + firstLine - 1, Col: tk.Position.Column}
			}
		}
		r.add(pos, diag.Error, RuleFMSyntax, "invalid YAML in front matter: "+msg,
			"fix the YAML between the --- lines (quote values that contain ': ' or start with special characters)")
		return false
	}
	if len(file.Docs) == 0 || file.Docs[0].Body == nil {
		r.add(Pos{Line: 1, Col: 1}, diag.Error, RuleFMRequired, "front matter is empty",
			"add the plan's header keys: title, created, status, owner, team_size, timeline, risk_tolerance")
		return false
	}
	if len(file.Docs) > 1 {
		r.add(Pos{Line: firstLine, Col: 1}, diag.Error, RuleFMSyntax,
			"front matter holds more than one YAML document", "remove the extra `---` inside the header")
	}
	body := file.Docs[0].Body
	if anchor := firstAnchor(body); anchor != nil {
		r.add(r.yamlPos(anchor, firstLine), diag.Error, RuleFMAlias,
			"YAML anchors and aliases are not allowed in front matter", "write each value out in full")
		return false
	}
	mapping, ok := body.(*yamlast.MappingNode)
	if !ok {
		if mv, isMV := body.(*yamlast.MappingValueNode); isMV {
			mapping = &yamlast.MappingNode{Values: []*yamlast.MappingValueNode{mv}}
		} else {
			r.add(r.yamlPos(body, firstLine), diag.Error, RuleFMNotMapping,
				fmt.Sprintf("front matter must be a mapping of keys to values, not a %s", nodeKindName(body)),
				"write one `key: value` per line")
			return false
		}
	}
	front := reflect.ValueOf(&r.p.Front).Elem()
	seen := make(map[string]Pos, len(mapping.Values))
	written := make(map[string]bool, len(mapping.Values)) // every key, for the rename fixes
	for _, mv := range mapping.Values {
		if mv != nil && mv.Key != nil {
			written[strings.TrimSpace(mv.Key.String())] = true
		}
	}
	for _, mv := range mapping.Values {
		if mv == nil || mv.Key == nil {
			continue
		}
		key := strings.TrimSpace(mv.Key.String())
		if k, ok := mv.Key.(*yamlast.StringNode); ok {
			key = k.Value
		}
		keyPos := r.yamlPos(mv.Key, firstLine)
		if first, dup := seen[key]; dup {
			r.add(keyPos, diag.Error, RuleFMDuplicateKey,
				fmt.Sprintf("front-matter key %q is set twice (first on line %d)", key, first.Line),
				"keep one of the two lines")
			continue
		}
		seen[key] = keyPos
		info, known := frontFields[key]
		if !known {
			hint := "known keys are " + strings.Join(FrontMatterKeys(), ", ")
			s, unique := keySuggestion(key)
			if s != "" {
				hint = fmt.Sprintf("did you mean %q?", s)
				r.misspelt = append(r.misspelt, misspeltKey{diag: len(r.diags), key: key, meant: s})
			}
			r.add(keyPos, diag.Error, RuleFMUnknownKey, fmt.Sprintf("unknown front-matter key %q", key), hint)
			if s != "" && unique && !written[s] {
				// Renaming is safe only when the key it means is not
				// there already, and the key is written plain.
				if text, ok := r.lineText(keyPos.Line); ok {
					if from, ok := byteCol(text, keyPos.Col); ok && strings.HasPrefix(text[from:], key+":") {
						end := Pos{Line: keyPos.Line, Col: keyPos.Col + utf8.RuneCountInString(key)}
						r.attachFix(keyPos, end, fmt.Sprintf("Rename %s to %s", key, s), s)
					}
				}
			}
			continue
		}
		valuePos := keyPos
		if mv.Value != nil {
			if _, isNull := mv.Value.(*yamlast.NullNode); !isNull {
				valuePos = r.yamlPos(mv.Value, firstLine)
			}
		}
		r.p.FrontPos[key] = valuePos
		r.decodeField(front.Field(info.index), info, mv.Value, valuePos, firstLine)
	}
	return true
}

// misspeltKey is an unknown front-matter key that Suggest took for a known
// one: `ownr` for `owner`.
type misspeltKey struct {
	diag  int // index of its unknown-key diagnostic in reader.diags
	key   string
	meant string
}

// blameMisspelling rewords the unknown-key diagnostics of the keys that look
// like the missing required key, so that `ownr: Jane` gets one diagnostic
// that says both what is wrong and what it costs, rather than a second,
// "missing required key", one line apart. It reports whether there was
// such a key; if not, the missing key is reported on its own.
func (r *reader) blameMisspelling(missing string) bool {
	blamed := false
	for _, m := range r.misspelt {
		if m.meant != missing {
			continue
		}
		d := &r.diags[m.diag]
		// The hint already asks "did you mean ...?".
		d.Message = fmt.Sprintf("unknown front-matter key %q, so the required key %q is missing", m.key, missing)
		blamed = true
	}
	return blamed
}

func (r *reader) decodeField(field reflect.Value, info fieldInfo, value yamlast.Node, pos Pos, firstLine int) {
	if value == nil {
		return
	}
	if _, isNull := value.(*yamlast.NullNode); isNull {
		return // reported as "required" by validation when it matters
	}
	if s, isString := value.(*yamlast.StringNode); isString && IsPlaceholderValue(s.Value) {
		// `team_size: "[number of people]"`: a value still to be written,
		// which the placeholders rule reports, not a type error.
		if r.p.FrontPlaceholders == nil {
			r.p.FrontPlaceholders = map[string]string{}
		}
		r.p.FrontPlaceholders[info.key] = s.Value
		if info.freeText {
			field.SetString(s.Value)
		}
		return
	}
	switch info.kind {
	case reflect.String:
		s, ok := scalarText(value)
		if !ok {
			hint := "write it on one line after the colon"
			if seq, isSeq := value.(*yamlast.SequenceNode); isSeq && seq.IsFlowStyle && len(seq.Values) == 1 {
				// `owner: [PM Name]` is the template's placeholder, which
				// YAML reads as a list.
				hint = "in YAML, [brackets] make a list: replace the template placeholder with the real value, or put the value in quotes"
			}
			r.add(pos, diag.Error, RuleFMType,
				fmt.Sprintf("%s must be text, not a %s", info.key, nodeKindName(value)), hint)
			if raw, end, ok := r.valueSpan(pos); ok && IsPlaceholderValue(raw) && !strings.ContainsAny(raw, "\"\\") {
				r.attachFix(pos, end, "Quote the placeholder", `"`+raw+`"`)
			}
			return
		}
		field.SetString(s)
	case reflect.Int:
		n, ok := value.(*yamlast.IntegerNode)
		if s, isText := scalarText(value); !ok && isText && isDigits(s) {
			r.add(pos, diag.Error, RuleFMRange, fmt.Sprintf("%s: %s is out of range", info.key, s), "write a realistic number")
			return
		}
		if !ok {
			got := nodeKindName(value)
			if s, isText := scalarText(value); isText {
				got = fmt.Sprintf("%s %q", got, s)
			}
			r.add(pos, diag.Error, RuleFMType,
				fmt.Sprintf("%s must be a whole number, not %s", info.key, got), "write the number alone, without quotes or words")
			if s, isText := scalarText(value); isText {
				r.fixValue(info.key, pos, s)
			}
			return
		}
		i, err := strconv.ParseInt(fmt.Sprint(n.Value), 10, 64)
		if err != nil || i > math.MaxInt32 || i < math.MinInt32 {
			r.add(pos, diag.Error, RuleFMRange, fmt.Sprintf("%s: %v is out of range", info.key, n.Value), "write a realistic number")
			return
		}
		field.SetInt(i)
	case reflect.Slice:
		seq, ok := value.(*yamlast.SequenceNode)
		if !ok {
			r.add(pos, diag.Error, RuleFMType,
				fmt.Sprintf("%s must be a list of text, not a %s", info.key, nodeKindName(value)),
				fmt.Sprintf("write %s: [a, b] or one `- item` per line", info.key))
			return
		}
		items := make([]string, 0, len(seq.Values))
		for _, v := range seq.Values {
			s, ok := scalarText(v)
			if !ok {
				r.add(r.yamlPos(v, firstLine), diag.Error, RuleFMType,
					fmt.Sprintf("every item of %s must be text, not a %s", info.key, nodeKindName(v)), "")
				continue
			}
			items = append(items, s)
		}
		field.Set(reflect.ValueOf(items))
	}
}

// scalarText returns a scalar's text. Numbers, booleans and dates are taken
// as written, since YAML's typing of `flag: 2026` or `owner: no` surprises
// people and the field is text anyway.
func scalarText(n yamlast.Node) (string, bool) {
	switch v := n.(type) {
	case *yamlast.StringNode:
		return v.Value, true
	case *yamlast.LiteralNode:
		return strings.TrimRight(v.Value.Value, "\n"), true
	case *yamlast.IntegerNode, *yamlast.FloatNode, *yamlast.BoolNode:
		return v.GetToken().Value, true
	case *yamlast.TagNode:
		return scalarText(v.Value)
	}
	return "", false
}

func isDigits(s string) bool {
	s = strings.TrimPrefix(s, "-")
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

func nodeKindName(n yamlast.Node) string {
	switch n.(type) {
	case *yamlast.MappingNode, *yamlast.MappingValueNode:
		return "mapping"
	case *yamlast.SequenceNode:
		return "list"
	case *yamlast.StringNode, *yamlast.LiteralNode:
		return "string"
	case *yamlast.IntegerNode:
		return "number"
	case *yamlast.FloatNode, *yamlast.InfinityNode, *yamlast.NanNode:
		return "decimal number"
	case *yamlast.BoolNode:
		return "boolean"
	case *yamlast.NullNode:
		return "null"
	}
	return strings.ToLower(n.Type().String())
}

// firstAnchor returns the first anchor, alias or merge key under n, or nil.
// They are refused rather than expanded: expanding aliases is how a small
// header becomes a "billion laughs" bomb.
func firstAnchor(n yamlast.Node) yamlast.Node {
	var found yamlast.Node
	yamlast.Walk(visitorFunc(func(n yamlast.Node) bool {
		switch n.(type) {
		case *yamlast.AnchorNode, *yamlast.AliasNode, *yamlast.MergeKeyNode:
			found = n
		}
		return found == nil
	}), n)
	return found
}

type visitorFunc func(yamlast.Node) bool

func (f visitorFunc) Visit(n yamlast.Node) yamlast.Visitor {
	if f(n) {
		return f
	}
	return nil
}

// yamlPos converts a YAML node's position to a file position.
func (r *reader) yamlPos(n yamlast.Node, firstLine int) Pos {
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return Pos{Line: firstLine, Col: 1}
	}
	return Pos{Line: tk.Position.Line + firstLine - 1, Col: tk.Position.Column}
}

var (
	validate     *validator.Validate
	validateOnce sync.Once
)

// Validator returns the validator/v10 instance with the plan's custom tags
// (date, timespan, notblank) registered. It is shared by the parser and the
// schema tests so both judge front matter alike.
func Validator() *validator.Validate {
	validateOnce.Do(func() {
		v := validator.New(validator.WithRequiredStructEnabled())
		v.RegisterTagNameFunc(func(f reflect.StructField) string {
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			return name
		})
		must(v.RegisterValidation("date", func(fl validator.FieldLevel) bool {
			return IsDate(fl.Field().String())
		}))
		must(v.RegisterValidation("timespan", func(fl validator.FieldLevel) bool {
			return IsTimespan(fl.Field().String())
		}))
		must(v.RegisterValidation("notblank", func(fl validator.FieldLevel) bool {
			return strings.TrimSpace(fl.Field().String()) != ""
		}))
		validate = v
	})
	return validate
}

func must(err error) {
	if err != nil {
		panic(err) // programming error: a tag registered twice or badly named
	}
}

// DatePattern is the shape a front-matter date takes; IsDate also checks
// that the day exists.
const DatePattern = `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`

// IsDate reports whether s is a real calendar date written YYYY-MM-DD.
func IsDate(s string) bool {
	if len(s) != len("2006-01-02") {
		return false
	}
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// FieldProblem is one front-matter rule a value breaks.
type FieldProblem struct {
	Key     string
	Rule    string
	Message string
	Hint    string
}

// ValidateFrontMatter checks fm against its validate tags.
func ValidateFrontMatter(fm *FrontMatter) []FieldProblem {
	err := Validator().Struct(fm)
	if err == nil {
		return nil
	}
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		return []FieldProblem{{Rule: RuleFMType, Message: err.Error()}}
	}
	problems := make([]FieldProblem, 0, len(verrs))
	for _, fe := range verrs {
		key := fe.Field()
		if i := strings.IndexByte(key, '['); i >= 0 {
			key = key[:i]
		}
		problems = append(problems, describeFieldError(key, fe))
	}
	return problems
}

func describeFieldError(key string, fe validator.FieldError) FieldProblem {
	value := fmt.Sprint(fe.Value())
	switch fe.Tag() {
	case "required":
		return FieldProblem{key, RuleFMRequired, fmt.Sprintf("missing required key %q", key), requiredHint(key)}
	case "notblank":
		return FieldProblem{key, RuleFMRequired, fmt.Sprintf("%s must not be blank", fe.Namespace()[strings.IndexByte(fe.Namespace(), '.')+1:]), ""}
	case "oneof":
		options := strings.Fields(fe.Param())
		hint := "use one of: " + strings.Join(options, ", ")
		if s := Suggest(value, options); s != "" {
			hint = fmt.Sprintf("did you mean %q?", s)
		}
		return FieldProblem{key, RuleFMEnum, fmt.Sprintf("%s: %q is not a %s", key, value, enumNoun(key)), hint}
	case "date":
		return FieldProblem{key, RuleFMFormat, fmt.Sprintf("%s: %q is not a date", key, value), "write the date as YYYY-MM-DD, a day that exists in the calendar"}
	case "timespan":
		return FieldProblem{key, RuleFMFormat, fmt.Sprintf("%s: %q is not a duration", key, value), "write a whole number of weeks or days: `N weeks`, `Nw`, `N days` or `Nd`"}
	case "gte":
		return FieldProblem{key, RuleFMRange, fmt.Sprintf("%s must be at least %s, not %s", key, fe.Param(), value), ""}
	}
	return FieldProblem{key, RuleFMType, fmt.Sprintf("%s: %q fails %s", key, value, fe.Tag()), ""}
}

func enumNoun(key string) string {
	switch key {
	case "status":
		return "status"
	case "risk_tolerance":
		return "risk tolerance"
	case "strategy":
		return "strategy"
	}
	return "allowed value"
}

// requiredHint says what to add for a missing key: its form, never a
// made-up value (`owner: <name of who drives the rollout>`).
func requiredHint(key string) string {
	if form := FrontMatterForm(key); form != "" {
		return "add `" + key + ": <" + form + ">` to the front matter"
	}
	return ""
}

// Suggest returns the candidate closest to s when it is close enough to be a
// likely typo, else "".
func Suggest(s string, candidates []string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	best, bestDist := "", 1<<30
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted)
	for _, c := range sorted {
		d := levenshtein(s, strings.ToLower(c))
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	limit := 2
	if len(s) > 8 {
		limit = 3
	}
	if bestDist <= limit && bestDist < len(s) {
		return best
	}
	// "in progress" for "in-progress", "teamsize" for "team_size".
	norm := func(x string) string {
		return strings.NewReplacer("-", "", "_", "", " ", "").Replace(strings.ToLower(x))
	}
	for _, c := range sorted {
		if norm(c) == norm(s) {
			return c
		}
	}
	// "risk" for "risk_tolerance", "team" for "team_size": the key's first
	// word, when only one candidate starts with it.
	found := ""
	for _, c := range sorted {
		if first, _, two := strings.Cut(strings.ToLower(c), "_"); two && first == s && len(s) >= 4 {
			if found != "" {
				return ""
			}
			found = c
		}
	}
	return found
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
