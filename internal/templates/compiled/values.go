package compiled

import (
	"cmp"
	"html/template"
	"reflect"
	"slices"
)

// field is v.name as text/template reads it; anything but a map with
// string keys, a FieldReader or an exported field of a struct falls back.
func field(v any, name string) (any, error) {
	switch r := v.(type) {
	case map[string]any:
		if x, ok := r[name]; ok {
			return x, nil
		}
		return missing{}, nil
	case missing:
		return missing{}, nil // text/template: a field of nothing is nothing
	case FieldReader:
		if x, ok := r.TemplateField(name); ok {
			return x, nil
		}
		return nil, ErrFallback
	case nil:
		return nil, ErrFallback // "nil pointer evaluating": html/template words it
	}
	return reflectField(v, name)
}

// reflectField reads an exported struct field (through pointers) or a map
// entry with reflection, when the value has no method of that name
// (text/template looks for methods first).
func reflectField(v any, name string) (any, error) {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil, ErrFallback
		}
		if _, ok := rv.Type().MethodByName(name); ok {
			return nil, ErrFallback
		}
		rv = rv.Elem()
	}
	if _, ok := rv.Type().MethodByName(name); ok {
		return nil, ErrFallback
	}
	if rv.CanAddr() {
		if _, ok := rv.Addr().Type().MethodByName(name); ok {
			return nil, ErrFallback
		}
	}
	switch rv.Kind() {
	case reflect.Struct:
		f, ok := rv.Type().FieldByName(name)
		if !ok || !f.IsExported() {
			return nil, ErrFallback
		}
		x, err := rv.FieldByIndexErr(f.Index)
		if err != nil || x.Kind() == reflect.Interface && x.NumMethod() > 0 && x.IsNil() {
			return nil, ErrFallback
		}
		return x.Interface(), nil
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String || rv.Type().Key() != reflect.TypeFor[string]() {
			return nil, ErrFallback
		}
		x := rv.MapIndex(reflect.ValueOf(name))
		if !x.IsValid() {
			return missing{}, nil
		}
		return x.Interface(), nil
	}
	return nil, ErrFallback
}

// truth is text/template's isTrue: ok is false for values if/with can't
// test.
func truth(v any) (t, ok bool) {
	switch x := v.(type) {
	case nil, missing:
		return false, true
	case bool:
		return x, true
	case string:
		return x != "", true
	case template.HTML:
		return x != "", true
	case int:
		return x != 0, true
	case float64:
		return x != 0, true
	case []any:
		return len(x) > 0, true
	case map[string]any:
		return len(x) > 0, true
	case undeclared:
		return false, false
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return rv.Len() > 0, true
	case reflect.Bool:
		return rv.Bool(), true
	case reflect.Complex64, reflect.Complex128:
		return rv.Complex() != 0, true
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		return !rv.IsNil(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int() != 0, true
	case reflect.Float32, reflect.Float64:
		return rv.Float() != 0, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return rv.Uint() != 0, true
	case reflect.Struct:
		return true, true
	}
	return false, false
}

// each calls f for every element of what a range ranges over, as
// text/template does: slices and arrays by index, maps by sorted key,
// integers from 0. It falls back on anything else, and on map keys that
// are not strings (text/template's key order for those is its own).
func each(v any, wantIndex bool, f func(index, elem any) error) error {
	switch x := v.(type) {
	case missing:
		return nil
	case []any:
		return eachOf(x, f)
	case []map[string]any:
		return eachOf(x, f)
	case []string:
		return eachOf(x, f)
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, cmp.Compare[string])
		for _, k := range keys {
			if err := f(k, x[k]); err != nil {
				return err
			}
		}
		return nil
	case int:
		if wantIndex {
			return ErrFallback // "can't use 3 to iterate over more than one variable"
		}
		for i := range x {
			if err := f(i, i); err != nil {
				return err
			}
		}
		return nil
	case nil, undeclared:
		return ErrFallback
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		for i := range rv.Len() {
			if err := f(i, rv.Index(i).Interface()); err != nil {
				return err
			}
		}
		return nil
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			return ErrFallback
		}
		keys := rv.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.String(), b.String()) })
		for _, k := range keys {
			if err := f(k.Interface(), rv.MapIndex(k).Interface()); err != nil {
				return err
			}
		}
		return nil
	}
	return ErrFallback
}

func eachOf[T any](items []T, f func(index, elem any) error) error {
	for i, e := range items {
		if err := f(i, e); err != nil {
			return err
		}
	}
	return nil
}
