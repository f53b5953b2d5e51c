package plan_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/rolloutdocs/rolloutdocs/internal/plan"
)

func TestSlugify(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"ascii words", "Latency (p95)", "latency-p95"},
		{"ascii punctuation runs", "  Error rate -- 5xx / all!  ", "error-rate-5xx-all"},
		{"underscore separates", "team_size", "team-size"},
		{"french accents fold", "Taux d'activité", "taux-d-activite"},
		{"upper-case accents fold", "ÉLAN Über", "elan-uber"},
		{"german sharp s", "Größe", "grosse"},
		{"letters without a base", "Æble Œuvre Ødegaard Łódź Þing", "aeble-oeuvre-odegaard-lodz-thing"},
		{"turkish dotted and dotless i", "İstanbul Iğdır", "istanbul-igdir"},
		{"latin letter with no ascii base stays", "Əmək", "əmək"},
		{"decomposed accents fold", "Taux d'activite\u0301", "taux-d-activite"},
		{"ligature", "ﬁnal Ǆ", "final-dz"},
		{"fullwidth latin", "ＡＢＣ１", "abc1"},
		{"cyrillic", "Конверсия", "конверсия"},
		{"cyrillic short i is a letter", "Время отклика, й", "время-отклика-й"},
		{"japanese", "コンバージョン率", "コンバージョン率"},
		{"japanese voicing marks kept", "ガイド", "ガイド"},
		{"decomposed japanese composes", "カ\u3099イト\u3099", "ガイド"},
		{"chinese with ascii", "P95 延迟", "p95-延迟"},
		{"korean", "전환율 (모바일)", "전환율-모바일"},
		{"decomposed korean composes", norm.NFD.String("전환율"), "전환율"},
		{"devanagari vowel signs kept", "रूपांतरण दर", "रूपांतरण-दर"},
		{"greek keeps its tonos", "Ποσοστό μετατροπής", "ποσοστό-μετατροπής"},
		{"arabic digits are digits", "معدل ٣", "معدل-٣"},
		{"emoji between words", "🚀 Launch 🔥 rate", "launch-rate"},
		{"emoji only", "🚀", "u1f680"},
		{"emoji with variation selector", "❤️ 🔥", "u2764-u1f525"},
		{"keycap digit", "1️⃣ day", "1-day"},
		{"punctuation only", "%", "u25"},
		{"symbols are separators", "a→b ≥ c²", "a-b-c"},
		{"empty", "", "x"},
		{"spaces only", " \t ", "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := plan.Slugify(tt.in); got != tt.want {
				t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMetricKey(t *testing.T) {
	tests := []struct {
		a, b string // two names of one metric
	}{
		{"Latency (p95)", "P95 latency"},
		{"Support tickets", "support ticket"},
		{"Taux d'activité", "taux d’activite"},
		{"Время отклика", "отклика время"},
		{"コンバージョン率", "コンバージョン率"},
	}
	for _, tt := range tests {
		if ka, kb := plan.MetricKey(tt.a), plan.MetricKey(tt.b); ka != kb {
			t.Errorf("MetricKey(%q) = %q, MetricKey(%q) = %q: want one key", tt.a, ka, tt.b, kb)
		}
	}
	// Names that differ in their non-ASCII words are different metrics
	// (they all used to be "x").
	distinct := []string{"コンバージョン率", "Конверсия", "Время отклика", "🚀", "🔥", "Taux d'activité"}
	seen := map[string]string{}
	for _, name := range distinct {
		k := plan.MetricKey(name)
		if other, dup := seen[k]; dup {
			t.Errorf("MetricKey(%q) = MetricKey(%q) = %q", name, other, k)
		}
		seen[k] = name
	}
	if got := plan.MetricKey("Ошибки сервиса"); got != "ошибки-сервиса" {
		t.Errorf("MetricKey(Ошибки сервиса) = %q: only ASCII plurals lose their s", got)
	}
}

// FuzzSlugify holds every slug to what a URL path segment needs: not
// empty, no dash at either end or twice in a row, only lower-cased letters,
// digits, marks and dashes, in NFC, and the same when slugified again.
func FuzzSlugify(f *testing.F) {
	for _, s := range []string{"Latency (p95)", "Taux d'activité", "コンバージョン率", "カ\u3099", "🚀", "İ", "Ǆ", "a\u0301", "\u0301a", "-", "ß", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := plan.Slugify(s)
		if got == "" || strings.HasPrefix(got, "-") || strings.HasSuffix(got, "-") || strings.Contains(got, "--") {
			t.Fatalf("Slugify(%q) = %q: not a clean path segment", s, got)
		}
		if !utf8.ValidString(got) || !norm.NFC.IsNormalString(got) {
			t.Fatalf("Slugify(%q) = %q: not NFC UTF-8", s, got)
		}
		for _, r := range got {
			if r != '-' && !unicode.IsDigit(r) && !unicode.IsMark(r) && !(unicode.IsLetter(r) && unicode.ToLower(r) == r) {
				t.Fatalf("Slugify(%q) = %q: holds %q", s, got, r)
			}
		}
		if again := plan.Slugify(got); again != got {
			t.Fatalf("Slugify(%q) = %q, but Slugify(%q) = %q", s, got, got, again)
		}
	})
}
