package templates

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"html/template"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// HugoFuncs lists the template functions layouts may use beyond Go's
// built-ins. Each is a Hugo function (or alias) with the same name and
// meaning, so a layout that parses here also runs in Hugo; the tests keep
// the function map and this list equal.
var HugoFuncs = []string{
	"absURL", "add", "dateFormat", "default", "delimit", "dict", "first", "in",
	"jsonify", "lower", "mul", "partial", "partialCached", "relURL", "safeHTML", "safeURL",
	"site", "slice", "sort", "sub", "upper", "where",
}

func (e *Engine) funcMap() template.FuncMap {
	return template.FuncMap{
		"partial":       e.partial,
		"partialCached": e.partialCached,
		"site":          func() *Site { return e.site.Load() },
		"relURL":        func(v any) string { return e.site.Load().relURL(toString(v)) },
		"absURL":        func(v any) string { return e.site.Load().absURL(toString(v)) },
		"safeHTML":      func(v any) template.HTML { return template.HTML(toString(v)) },
		"safeURL":       func(v any) template.URL { return template.URL(toString(v)) },
		"where":         where,
		"sort":          sortBy,
		"first":         first,
		"dateFormat":    dateFormat,
		"default":       defaultValue,
		"dict":          dict,
		"slice":         func(items ...any) []any { return items },
		"add":           func(a, b any) (any, error) { return arith(a, b, '+') },
		"sub":           func(a, b any) (any, error) { return arith(a, b, '-') },
		"mul":           func(a, b any) (any, error) { return arith(a, b, '*') },
		"lower":         func(v any) string { return strings.ToLower(toString(v)) },
		"upper":         func(v any) string { return strings.ToUpper(toString(v)) },
		"delimit":       delimit,
		"in":            in,
		"jsonify":       jsonify,
	}
}

// partial renders _partials/<name> with ctx, as Hugo's partial does (the
// ".html" suffix may be left out).
func (e *Engine) partial(name string, ctx ...any) (template.HTML, error) {
	key := name
	t, ok := e.partials[key]
	if !ok {
		key += ".html"
		t, ok = e.partials[key]
	}
	if !ok {
		return "", fmt.Errorf("partial %q not found in layouts/_partials/", name)
	}
	var data any
	if len(ctx) > 0 {
		data = ctx[0]
	}
	buf := buffers.Get().(*bytes.Buffer)
	defer buffers.Put(buf)
	buf.Reset()
	if err := e.execute(buf, t, e.partialPrograms[key], data); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

// buffers are reused by partial, which runs many times per page.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// partialCached renders a partial once per name and variant values and
// reuses the result, as Hugo's does. The cache lives as long as the Engine
// (a builder makes a new Engine when layouts or settings change), so the
// variants must name everything the output depends on: the index passes a
// plan's URL and revision.
func (e *Engine) partialCached(name string, ctx any, variants ...any) (template.HTML, error) {
	key := cacheKey{name: name}
	var rest strings.Builder // variants beyond the first two, rare
	for i, v := range variants {
		if i < len(key.variants) {
			key.variants[i] = toString(v)
			continue
		}
		rest.WriteByte(0)
		rest.WriteString(toString(v))
	}
	key.n, key.rest = len(variants), rest.String()
	if recent := e.recent.Load(); recent != nil {
		slot := &recent.slots[maphash.Comparable(recent.seed, key)&uint64(len(recent.slots)-1)]
		if c := slot.Load(); c != nil && c.key == key {
			return c.html, nil
		}
		html, err := e.partial(name, ctx)
		if err != nil {
			return "", err
		}
		slot.Store(&cachedPartial{key, html})
		return html, nil
	}
	if html, ok := e.cache.load(key); ok {
		return html, nil
	}
	html, err := e.partial(name, ctx)
	if err != nil {
		return "", err
	}
	e.cache.store(key, html)
	return html, nil
}

// partialCache is partialCached's unbounded cache: a map under a
// read-write lock. A rebuild in serve looks up a few thousand rows
// (the index's, the metric pages') on two cores; sync.Map's trie made the
// lookups a fifth of rendering those pages.
type partialCache struct {
	mu sync.RWMutex
	m  map[cacheKey]template.HTML
}

func (c *partialCache) load(k cacheKey) (template.HTML, bool) {
	c.mu.RLock()
	html, ok := c.m[k]
	c.mu.RUnlock()
	return html, ok
}

func (c *partialCache) store(k cacheKey, html template.HTML) {
	c.mu.Lock()
	if c.m == nil {
		c.m = map[cacheKey]template.HTML{}
	}
	c.m[k] = html
	c.mu.Unlock()
}

func (c *partialCache) clear() {
	c.mu.Lock()
	c.m = nil
	c.mu.Unlock()
}

// recentPartials is a bounded partialCached cache: each result goes to a
// slot picked by its key's hash, replacing what was there.
type recentPartials struct {
	seed  maphash.Seed
	slots []atomic.Pointer[cachedPartial]
}

type cachedPartial struct {
	key  cacheKey
	html template.HTML
}

// cacheKey names a partialCached result without building a string: the
// index renders a thousand rows per rebuild, each a cache lookup.
type cacheKey struct {
	name     string
	variants [2]string
	n        int
	rest     string
}

// LimitPartialCache bounds partialCached's cache to about n results, the
// most recent ones (n slots, each holding the last result whose key hashed
// to it), or lifts the bound when n is not positive, the default. A
// one-shot build renders a cached partial keyed on a plan's revision a
// few times close together and then never again, so keeping every result
// would only hold memory, while the few keyed on a page kind (the header)
// stay in their slots. The output is the same either way, since a cached
// partial depends on nothing but its context and variants. Changing the
// bound drops what was cached.
func (e *Engine) LimitPartialCache(n int) {
	if n <= 0 {
		e.recent.Store(nil)
	} else {
		size := 1
		for size < n {
			size *= 2
		}
		e.recent.Store(&recentPartials{seed: maphash.MakeSeed(), slots: make([]atomic.Pointer[cachedPartial], size)})
	}
	e.cache.clear()
}

// relURL follows Hugo: a path without a leading slash is relative to the
// base URL's path; one with a leading slash is relative to the server root;
// absolute URLs pass through.
func (s *Site) relURL(in string) string {
	if strings.Contains(in, "://") || strings.HasPrefix(in, "//") {
		if strings.HasPrefix(in, s.BaseURL) {
			return s.basePath + strings.TrimPrefix(in, s.BaseURL)
		}
		return in
	}
	if strings.HasPrefix(in, "/") {
		return in
	}
	return s.basePath + in
}

func (s *Site) absURL(in string) string {
	if strings.Contains(in, "://") || strings.HasPrefix(in, "//") {
		return in
	}
	if strings.HasPrefix(in, "/") {
		host := strings.TrimSuffix(s.BaseURL, strings.TrimPrefix(s.basePath, "/"))
		return strings.TrimSuffix(host, "/") + in
	}
	return s.BaseURL + in
}

func toString(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case template.HTML:
		return string(t)
	case template.URL:
		return string(t)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// value reads key from an item: a field path such as "Params.status" on a
// page, or a key of a map.
func value(item any, key string) (any, bool) {
	if key == "" {
		return item, true
	}
	head, rest, _ := strings.Cut(key, ".")
	var v any
	switch t := item.(type) {
	case *Page:
		switch head {
		case "Title":
			v = t.Title
		case "RelPermalink":
			v = t.RelPermalink
		case "Permalink":
			v = t.Permalink
		case "Kind":
			v = t.Kind
		case "Type":
			v = t.Type
		case "Layout":
			v = t.Layout
		case "Params":
			v = t.Params
		default:
			return nil, false
		}
	case map[string]any:
		x, ok := t[strings.ToLower(head)]
		if !ok {
			return nil, false
		}
		v = x
	default:
		rv := reflect.Indirect(reflect.ValueOf(item))
		if !rv.IsValid() {
			return nil, false
		}
		switch rv.Kind() {
		case reflect.Map:
			x := rv.MapIndex(reflect.ValueOf(head))
			if !x.IsValid() {
				return nil, false
			}
			v = x.Interface()
		case reflect.Struct:
			x := rv.FieldByName(head)
			if !x.IsValid() || !x.CanInterface() {
				return nil, false
			}
			v = x.Interface()
		default:
			return nil, false
		}
	}
	if rest == "" {
		return v, true
	}
	return value(v, rest)
}

func items(collection any) ([]any, error) {
	switch c := collection.(type) {
	case nil:
		return nil, nil
	case []any:
		return c, nil
	case []*Page:
		out := make([]any, len(c))
		for i, p := range c {
			out[i] = p
		}
		return out, nil
	}
	rv := reflect.ValueOf(collection)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return nil, fmt.Errorf("can't iterate over %T", collection)
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out, nil
}

// rebuild returns selected items in the collection's own slice type, as
// Hugo's where and sort do.
func rebuild(collection any, selected []any) any {
	if _, ok := collection.([]*Page); ok {
		out := make([]*Page, len(selected))
		for i, s := range selected {
			out[i] = s.(*Page)
		}
		return out
	}
	return selected
}

// where filters a collection: where COLL KEY VALUE or where COLL KEY OP
// VALUE with OP one of = == eq != <> ne in "not in".
func where(collection any, key string, args ...any) (any, error) {
	op, match := "==", any(nil)
	switch len(args) {
	case 1:
		match = args[0]
	case 2:
		o, ok := args[0].(string)
		if !ok {
			return nil, fmt.Errorf("where: operator must be a string, not %T", args[0])
		}
		op, match = o, args[1]
	default:
		return nil, errors.New("where: want a key, an optional operator and a value")
	}
	if pages, ok := collection.([]*Page); ok && (op == "==" || op == "=" || op == "eq") {
		if param, ok := strings.CutPrefix(key, "Params."); ok && !strings.Contains(param, ".") {
			// The index's "every plan page" query, without reflection.
			param = strings.ToLower(param)
			var kept []*Page
			for _, p := range pages {
				if equal(p.paramOf(param), match) {
					kept = append(kept, p)
				}
			}
			return kept, nil
		}
	}
	all, err := items(collection)
	if err != nil {
		return nil, fmt.Errorf("where: %w", err)
	}
	var kept []any
	for _, it := range all {
		v, _ := value(it, key)
		var ok bool
		switch op {
		case "=", "==", "eq":
			ok = equal(v, match)
		case "!=", "<>", "ne":
			ok = !equal(v, match)
		case "in":
			ok = in(match, v)
		case "not in":
			ok = !in(match, v)
		default:
			return nil, fmt.Errorf("where: operator %q is not supported here", op)
		}
		if ok {
			kept = append(kept, it)
		}
	}
	return rebuild(collection, kept), nil
}

func equal(a, b any) bool {
	if fa, ok := number(a); ok {
		fb, ok := number(b)
		return ok && fa == fb
	}
	switch x := a.(type) {
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case nil:
		return b == nil
	}
	return reflect.DeepEqual(a, b)
}

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}

// sortBy sorts a collection by a key, "asc" (default) or "desc"; the sort
// is stable, so equal keys keep the collection's order.
func sortBy(collection any, args ...any) (any, error) {
	key, order := "", "asc"
	if len(args) > 0 {
		key = toString(args[0])
		if key == "value" {
			key = ""
		}
	}
	if len(args) > 1 {
		order = strings.ToLower(toString(args[1]))
	}
	if order != "asc" && order != "desc" {
		return nil, fmt.Errorf("sort: order must be asc or desc, not %q", order)
	}
	all, err := items(collection)
	if err != nil {
		return nil, fmt.Errorf("sort: %w", err)
	}
	// Each item's key is read once, not at every comparison.
	type keyed struct {
		item, key any
	}
	pairs := make([]keyed, len(all))
	for i, it := range all {
		v, _ := value(it, key)
		pairs[i] = keyed{it, v}
	}
	slices.SortStableFunc(pairs, func(a, b keyed) int {
		c := compare(a.key, b.key)
		if order == "desc" {
			return -c
		}
		return c
	})
	sorted := make([]any, len(pairs))
	for i, p := range pairs {
		sorted[i] = p.item
	}
	return rebuild(collection, sorted), nil
}

func compare(a, b any) int {
	if fa, ok := number(a); ok {
		if fb, ok := number(b); ok {
			return cmp.Compare(fa, fb)
		}
	}
	return cmp.Compare(toString(a), toString(b))
}

func first(n any, collection any) (any, error) {
	limit, ok := number(n)
	if !ok {
		return nil, fmt.Errorf("first: count must be a number, not %T", n)
	}
	all, err := items(collection)
	if err != nil {
		return nil, fmt.Errorf("first: %w", err)
	}
	k := min(int(limit), len(all))
	return rebuild(collection, all[:max(k, 0)]), nil
}

// dateFormat formats a time or a YYYY-MM-DD string with a Go layout. Like
// Hugo's, it fails on an empty or unreadable date, so guard optional dates
// with `with`.
func dateFormat(layout string, v any) (string, error) {
	switch t := v.(type) {
	case time.Time:
		return t.Format(layout), nil
	case string:
		for _, l := range []string{time.DateOnly, time.RFC3339, "2006-01-02T15:04:05"} {
			if d, err := time.Parse(l, t); err == nil {
				return d.Format(layout), nil
			}
		}
		return "", fmt.Errorf("dateFormat: %q is not a date", t)
	}
	return "", fmt.Errorf("dateFormat: can't read a date from %T", v)
}

// defaultValue returns v unless it is empty (nil, false, 0, "", or an empty
// collection), then def; Hugo's default.
func defaultValue(def any, v ...any) any {
	if len(v) == 0 || !truthy(v[0]) {
		return def
	}
	return v[0]
}

func truthy(v any) bool {
	if v == nil {
		return false
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String, reflect.Slice, reflect.Map, reflect.Array:
		return rv.Len() > 0
	case reflect.Bool:
		return rv.Bool()
	case reflect.Int, reflect.Int64, reflect.Int32:
		return rv.Int() != 0
	case reflect.Float64, reflect.Float32:
		return rv.Float() != 0
	case reflect.Pointer, reflect.Interface:
		return !rv.IsNil()
	}
	return true
}

func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, errors.New("dict: want key and value pairs")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key must be a string, not %T", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

func arith(a, b any, op byte) (any, error) {
	ia, aInt := a.(int)
	ib, bInt := b.(int)
	if aInt && bInt {
		switch op {
		case '+':
			return ia + ib, nil
		case '-':
			return ia - ib, nil
		default:
			return ia * ib, nil
		}
	}
	fa, ok1 := number(a)
	fb, ok2 := number(b)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("can't do arithmetic on %T and %T", a, b)
	}
	switch op {
	case '+':
		return fa + fb, nil
	case '-':
		return fa - fb, nil
	default:
		return fa * fb, nil
	}
}

func delimit(collection any, sep any, last ...any) (string, error) {
	all, err := items(collection)
	if err != nil {
		return "", fmt.Errorf("delimit: %w", err)
	}
	parts := make([]string, len(all))
	for i, it := range all {
		parts[i] = toString(it)
	}
	if len(last) > 0 && len(parts) > 1 {
		return strings.Join(parts[:len(parts)-1], toString(sep)) + toString(last[0]) + parts[len(parts)-1], nil
	}
	return strings.Join(parts, toString(sep)), nil
}

// in reports whether a collection holds v, or a string contains it.
func in(collection any, v any) bool {
	if s, ok := collection.(string); ok {
		return strings.Contains(s, toString(v))
	}
	all, err := items(collection)
	if err != nil {
		return false
	}
	for _, it := range all {
		if equal(it, v) {
			return true
		}
	}
	return false
}

func jsonify(v any) (template.HTML, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("jsonify: %w", err)
	}
	return template.HTML(b), nil
}
