package plan

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Slugify turns a name into a URL path segment that keeps its words:
// letters and digits of any script, lower-cased, with every other run of
// characters (spaces, punctuation, symbols, emoji) made one dash, and no
// dash at either end.
//
// Latin letters lose their accents ("Taux d'activité" → taux-d-activite,
// "Größe" → grosse), so names in Latin-script languages give the plain
// URLs people type and share without percent-encoding. Letters of other
// scripts are kept as they are ("Конверсия" → конверсия, "コンバージョン率"
// stays), with the combining marks that are part of them (Japanese voicing
// marks, Devanagari vowel signs), since dropping those changes the word.
// The slug is in NFC, so a name typed precomposed or decomposed has one.
//
// A name with no letter or digit is spelled by its characters' code points
// ("🚀" → u1f680), so that two such names still get two slugs and one such
// name gets the same slug in every plan; an empty name gives "x".
// Slugify(Slugify(s)) == Slugify(s).
func Slugify(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	dash := false      // a separator came after the last letter or digit
	dropMarks := false // the last letter was Latin (or a digit): its accents go
	nonASCII := false  // b holds something NFC may have to compose
	start := func() {
		if dash && b.Len() > 0 {
			b.WriteByte('-')
		}
		dash = false
	}
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' {
				start()
				b.WriteByte(byte(r))
				dropMarks = true
			} else {
				dash = true
			}
		case unicode.IsMark(r):
			// A combining mark belongs to the letter before it.
			if !dropMarks && !dash && b.Len() > 0 {
				b.WriteRune(r)
			}
		case unicode.Is(unicode.Latin, r):
			folded := foldLatin(r)
			if folded == "" {
				dash = true
				continue
			}
			start()
			b.WriteString(folded)
			dropMarks = true
			nonASCII = nonASCII || !isASCII(folded)
		case '０' <= r && r <= '９':
			// Fullwidth digits, common in CJK text, are the ASCII ones
			// (fullwidth Latin letters fold through foldLatin).
			start()
			b.WriteByte(byte(r - '０' + '0'))
			dropMarks = true
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			start()
			b.WriteRune(unicode.ToLower(r))
			dropMarks, nonASCII = false, true
		default:
			dash = true
		}
	}
	if b.Len() == 0 {
		return codePointSlug(s)
	}
	if nonASCII {
		return norm.NFC.String(b.String())
	}
	return b.String()
}

// latinLetters are the Latin letters that are not a base letter with
// accents, so decomposition leaves them alone, spelled the way they are
// usually written without them.
var latinLetters = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'đ': "d", 'ð': "d",
	'ł': "l", 'þ': "th", 'ħ': "h", 'ı': "i", 'ŧ': "t", 'ŀ': "l",
}

// foldLatin lower-cases a non-ASCII Latin letter and removes its accents
// (é → e, Ǆ → dž → dz, ﬁ → fi). Letters with no ASCII base, such as
// Azerbaijani ə or the ŋ of Sami, stay. It returns "" for what is neither
// a letter nor a digit once decomposed.
func foldLatin(r rune) string {
	r = unicode.ToLower(r)
	if s, ok := latinLetters[r]; ok {
		return s
	}
	var b strings.Builder
	for _, d := range norm.NFKD.String(string(r)) {
		d = unicode.ToLower(d)
		if s, ok := latinLetters[d]; ok {
			b.WriteString(s)
		} else if unicode.IsLetter(d) || unicode.IsDigit(d) {
			b.WriteRune(d)
		}
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// codePointSlug spells a name without letters or digits by the code points
// of its visible characters: "🚀" → u1f680, "❤️ 🔥" → u2764-u1f525.
func codePointSlug(s string) string {
	var parts []string
	for _, r := range s {
		if unicode.IsGraphic(r) && !unicode.IsSpace(r) && !unicode.IsMark(r) {
			parts = append(parts, "u"+strconv.FormatInt(int64(r), 16))
		}
	}
	if len(parts) == 0 {
		return "x"
	}
	return strings.Join(parts, "-")
}

// MetricKey identifies a metric across plans that name it loosely:
// "Latency (p95)" and "P95 latency" share the key "latency-p95".
func MetricKey(name string) string {
	words := strings.Split(Slugify(name), "-")
	for i, w := range words {
		if utf8.RuneCountInString(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
			words[i] = strings.TrimSuffix(w, "s")
		}
	}
	sort.Strings(words)
	return strings.Join(words, "-")
}
