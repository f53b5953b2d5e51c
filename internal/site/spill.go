package site

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/rolloutdocs/rolloutdocs/internal/pages"
	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

// spill holds, in file order, what BuildTo keeps of each plan until the
// portfolio pages are made: its output (pages as .Site.Pages shows them,
// metric rows) and sitemap entries, encoded in one byte slice. Kept as Go
// maps and strings, 10,000 plans' summaries are millions of pointers that
// every garbage collection during the build must trace again (13% of the
// CPU of a 10,000-plan build, growing with the square of the portfolio);
// as bytes they cost it nothing. The encoding round-trips exactly the
// value types pages produces (nil, bool, int, float64, string, []string,
// []any, map[string]any, nil and empty slices and maps apart); encode
// reports anything else, and BuildTo then keeps that plan as it is.
type spill struct {
	buf []byte
}

// spilled is one plan read back.
type spilled struct {
	file, rel string
	out       *pages.PlanOutput
	sitemap   []byte
}

// Value tags.
const (
	tagNil byte = iota
	tagFalse
	tagTrue
	tagInt
	tagFloat
	tagString
	tagStrings // []string
	tagList    // []any
	tagMap     // map[string]any
)

var errUnspillable = errors.New("value of a type the spill does not encode")

// add appends one plan; on an error nothing is appended.
func (s *spill) add(st *planState) error {
	// The buffer doubles, where append would grow a buffer this large by
	// a quarter at a time, copying it about five times over in all.
	if cap(s.buf)-len(s.buf) < 64<<10 {
		s.buf = slices.Grow(s.buf, max(len(s.buf), 64<<10))
	}
	start := len(s.buf)
	if err := s.addPlan(st); err != nil {
		s.buf = s.buf[:start]
		return err
	}
	return nil
}

func (s *spill) addPlan(st *planState) error {
	s.str(st.file)
	s.str(st.rel)
	s.bytes(st.sitemap)
	out := st.out
	s.str(out.Slug)
	s.str(out.Status)
	s.count(len(out.Pages), out.Pages == nil)
	for _, pg := range out.Pages {
		for _, f := range []string{pg.Path, pg.Kind, pg.Type, pg.Layout, pg.Title, pg.Content} {
			s.str(f)
		}
		if err := s.value(pg.Params); err != nil {
			return fmt.Errorf("%s: %w", pg.Path, err)
		}
	}
	s.count(len(out.Metrics), out.Metrics == nil)
	for _, r := range out.Metrics {
		for _, f := range []string{r.Key, r.Name, r.PlanSlug, r.PlanTitle, r.PlanURL, r.Status, r.URL, r.Baseline, r.Target, r.Method, r.Revision} {
			s.str(f)
		}
		s.strings(r.Triggers)
	}
	c := out.Calendar
	for _, f := range []string{c.Slug, c.Title, c.URL, c.Status} {
		s.str(f)
	}
	s.count(len(c.Phases), c.Phases == nil)
	for _, ph := range c.Phases {
		for _, f := range []string{ph.Name, ph.URL, string(ph.Kind), ph.Start, ph.End} {
			s.str(f)
		}
	}
	return nil
}

func (s *spill) uint(n uint64)  { s.buf = binary.AppendUvarint(s.buf, n) }
func (s *spill) str(v string)   { s.uint(uint64(len(v))); s.buf = append(s.buf, v...) }
func (s *spill) bytes(v []byte) { s.uint(uint64(len(v))); s.buf = append(s.buf, v...) }

// count writes a length, with nil (0) told apart from empty (1).
func (s *spill) count(n int, isNil bool) {
	if isNil {
		s.uint(0)
		return
	}
	s.uint(uint64(n) + 1)
}

func (s *spill) strings(v []string) {
	s.count(len(v), v == nil)
	for _, x := range v {
		s.str(x)
	}
}

func (s *spill) value(v any) error {
	switch t := v.(type) {
	case nil:
		s.buf = append(s.buf, tagNil)
	case bool:
		if t {
			s.buf = append(s.buf, tagTrue)
		} else {
			s.buf = append(s.buf, tagFalse)
		}
	case int:
		s.buf = append(s.buf, tagInt)
		s.buf = binary.AppendVarint(s.buf, int64(t))
	case float64:
		s.buf = append(s.buf, tagFloat)
		s.buf = binary.LittleEndian.AppendUint64(s.buf, math.Float64bits(t))
	case string:
		s.buf = append(s.buf, tagString)
		s.str(t)
	case []string:
		s.buf = append(s.buf, tagStrings)
		s.strings(t)
	case []any:
		s.buf = append(s.buf, tagList)
		s.count(len(t), t == nil)
		for _, x := range t {
			if err := s.value(x); err != nil {
				return err
			}
		}
	case map[string]any:
		s.buf = append(s.buf, tagMap)
		s.count(len(t), t == nil)
		// Map order does not matter: the map is rebuilt, not compared.
		for k, x := range t {
			s.str(k)
			if err := s.value(x); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("%w: %T", errUnspillable, v)
	}
	return nil
}

// spillReader reads the plans back in the order they were added.
type spillReader struct {
	buf []byte
	// text is buf as one string, which the strings read back are cut
	// from: a plan's summary has some two hundred strings, and copying
	// each on its own was a tenth of the build's allocations outside the
	// layouts.
	text string
	off  int
}

func newSpillReader(buf []byte) *spillReader {
	return &spillReader{buf: buf, text: string(buf)}
}

func (r *spillReader) more() bool { return r.off < len(r.buf) }

func (r *spillReader) next() spilled {
	var p spilled
	p.file, p.rel = r.str(), r.str()
	p.sitemap = []byte(r.str())
	out := &pages.PlanOutput{Slug: r.str(), Status: r.str()}
	if n, ok := r.count(); ok {
		out.Pages = make([]pages.Page, n)
		for i := range out.Pages {
			pg := &out.Pages[i]
			pg.Path, pg.Kind, pg.Type, pg.Layout, pg.Title, pg.Content = r.str(), r.str(), r.str(), r.str(), r.str(), r.str()
			pg.Params, _ = r.value().(map[string]any)
		}
	}
	if n, ok := r.count(); ok {
		out.Metrics = make([]pages.MetricRow, n)
		for i := range out.Metrics {
			m := &out.Metrics[i]
			m.Key, m.Name, m.PlanSlug, m.PlanTitle, m.PlanURL, m.Status = r.str(), r.str(), r.str(), r.str(), r.str(), r.str()
			m.URL, m.Baseline, m.Target, m.Method, m.Revision = r.str(), r.str(), r.str(), r.str(), r.str()
			m.Triggers = r.strings()
		}
	}
	c := &out.Calendar
	c.Slug, c.Title, c.URL, c.Status = r.str(), r.str(), r.str(), r.str()
	if n, ok := r.count(); ok {
		c.Phases = make([]pages.CalendarPhase, n)
		for i := range c.Phases {
			ph := &c.Phases[i]
			ph.Name, ph.URL = r.str(), r.str()
			ph.Kind = plan.PhaseKind(r.str())
			ph.Start, ph.End = r.str(), r.str()
		}
	}
	p.out = out
	return p
}

func (r *spillReader) uint() uint64 {
	n, size := binary.Uvarint(r.buf[r.off:])
	r.off += size
	return n
}

func (r *spillReader) str() string {
	n := int(r.uint())
	s := r.text[r.off : r.off+n]
	r.off += n
	return s
}

// count reads a length; ok is false for a nil slice or map.
func (r *spillReader) count() (int, bool) {
	n := r.uint()
	if n == 0 {
		return 0, false
	}
	return int(n - 1), true
}

func (r *spillReader) strings() []string {
	n, ok := r.count()
	if !ok {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = r.str()
	}
	return out
}

func (r *spillReader) value() any {
	tag := r.buf[r.off]
	r.off++
	switch tag {
	case tagFalse:
		return false
	case tagTrue:
		return true
	case tagInt:
		n, size := binary.Varint(r.buf[r.off:])
		r.off += size
		return int(n)
	case tagFloat:
		bits := binary.LittleEndian.Uint64(r.buf[r.off:])
		r.off += 8
		return math.Float64frombits(bits)
	case tagString:
		return r.str()
	case tagStrings:
		return r.strings()
	case tagList:
		n, ok := r.count()
		if !ok {
			return []any(nil)
		}
		out := make([]any, n)
		for i := range out {
			out[i] = r.value()
		}
		return out
	case tagMap:
		n, ok := r.count()
		if !ok {
			return map[string]any(nil)
		}
		out := make(map[string]any, n)
		for range n {
			k := r.str()
			out[k] = r.value()
		}
		return out
	}
	return nil
}
