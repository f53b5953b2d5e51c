package hugoexport

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rolloutdocs/rolloutdocs/internal/pages"
)

// Stream writes Marshal's bytes, whatever order the sets come in.
func TestStreamMatchesMarshal(t *testing.T) {
	set := samplePages()
	files := map[string][]byte{"portfolio.json": []byte(`{"plans":["<x> & \"y\" \u2028"]}`), "search.json": []byte("[\n]\n"), "sitemap.xml": []byte(`<urlset/>`),
		"calendar.ics": []byte("BEGIN:VCALENDAR\r\nSUMMARY:a\\, b\r\n c\r\nEND:VCALENDAR\r\n"), "feed.xml": []byte(`<feed>&amp;</feed>`)}
	ex, err := Build(set, files, "rollouts")
	if err != nil {
		t.Fatal(err)
	}
	want, err := Marshal(ex)
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewStream("rollouts")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// The plan's pages in two sets, the portfolio pages last; added out of
	// order, as goroutines would.
	for _, i := range []int{2, 0, 1} {
		if err := s.Add(i, [][]pages.Page{set[:1], set[1:2], set[2:]}[i]); err != nil {
			t.Fatal(err)
		}
	}
	if s.Pages() != len(ex.Pages) {
		t.Errorf("Pages() = %d, want %d", s.Pages(), len(ex.Pages))
	}
	site := newHugoSite(t)
	dest, err := s.Commit(site, files)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(dest)
	if !bytes.Equal(got, want) {
		t.Errorf("Stream wrote\n%s\nMarshal\n%s", got, want)
	}
}

func TestStreamNeedsEverySetAndTheIndexFiles(t *testing.T) {
	files := map[string][]byte{"portfolio.json": nil, "search.json": nil}
	s, _ := NewStream("rollouts")
	defer s.Close()
	s.Add(1, samplePages()[2:])
	if _, err := s.Commit(newHugoSite(t), files); err == nil {
		t.Error("Commit wrote an export without the set at position 0")
	}
	s2, _ := NewStream("rollouts")
	defer s2.Close()
	s2.Add(0, samplePages())
	if _, err := s2.Commit(newHugoSite(t), map[string][]byte{"portfolio.json": nil}); err == nil {
		t.Error("Commit wrote an export whose home page publishes a missing search.json")
	}
}

// An export that would not change leaves the file, and its time, alone
// (`hugo server` rebuilds on a new time); a changed one replaces it.
func TestWriteKeepsAnUnchangedFile(t *testing.T) {
	site := newHugoSite(t)
	ex, _ := Build(samplePages(), nil, "rollouts")
	dest, err := Write(site, ex)
	if err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(dest, old, old); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(site, ex); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(dest); !info.ModTime().Equal(old) {
		t.Errorf("an unchanged export was written again (time %v, was %v)", info.ModTime(), old)
	}
	entries, _ := os.ReadDir(filepath.Dir(dest))
	if len(entries) != 1 {
		t.Errorf("data/rolloutdocs holds %d files, want export.json alone", len(entries))
	}
	// Longer, shorter, or the same length with other bytes: replaced.
	for _, title := range []string{"Plans and more", "P", "Plxns"} {
		ex.Pages[2].Title = title
		if _, err := Write(site, ex); err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(dest)
		if !bytes.Contains(data, []byte(`"title":"`+title+`"`)) {
			t.Errorf("the export with title %q was not written", title)
		}
		if info, _ := os.Stat(dest); info.ModTime().Equal(old) {
			t.Errorf("title %q: the file kept its old time", title)
		}
	}
}

func TestWriteJSONString(t *testing.T) {
	defer func(n int) { jsonChunk = n }(jsonChunk)
	cases := []string{
		"", "plain", `"quoted" \ back`, "<b>&amp;</b>", "line\nbreak\ttab\x00nul\x1f",
		"é ü 日本語 🚀 \u2028\u2029", "bad \xff\xfe utf8 \xe2\x82", "\x80\x80\x80\x80\x80 continuations",
		"🚀🚀🚀🚀🚀🚀", "a\xf0\x9f\x9a", "\xf0\x9f\x9a\x80\x80\x80\x80é",
	}
	for _, chunk := range []int{4, 5, 6, 7, 64 << 10} {
		jsonChunk = chunk
		for _, s := range cases {
			checkJSONString(t, s)
		}
	}
}

func FuzzWriteJSONString(f *testing.F) {
	f.Add("é ü 日本語 🚀 \u2028 \xff\xe2\x82 \"<&>\"", 4)
	f.Fuzz(func(t *testing.T, s string, chunk int) {
		defer func(n int) { jsonChunk = n }(jsonChunk)
		jsonChunk = 4 + abs(chunk)%64
		checkJSONString(t, s)
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func checkJSONString(t *testing.T, s string) {
	t.Helper()
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	var got bytes.Buffer
	w := bufio.NewWriter(&got)
	writeJSONString(w, []byte(s))
	w.Flush()
	if !bytes.Equal(got.Bytes(), bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
		t.Errorf("chunk %d: writeJSONString(%q) = %s, want %s", jsonChunk, s, got.Bytes(), want.Bytes())
	}
}
