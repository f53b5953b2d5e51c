package markdown

import (
	"bytes"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/util"
)

var taskListCases = []string{
	"- [ ] open\n- [x] done\n- [X] done\n- [ ]\n- [x]\n- []\n- [y] no\n- [  ] no\n",
	"- [\t] tab\n- [ ]\ttab after\n- [ ]   spaces\n- [ ]\n  next line\n-  [ ] padded\n- \\[ ] escaped\n",
	"1. [ ] ordered\n2) [x] paren\n* [ ] star\n+ [x] plus\n",
	"- > [ ] quoted\n- # [ ] heading\n- text [ ] later\n- [link](x) [ ] after\n- [ref]\n\n[ref]: /u\n",
	"- [ ] outer\n  - [x] nested\n    - [ ] deeper\n\n  [ ] second paragraph\n",
	"- [ ] loose\n\n- [x] items\n",
	"[ ] not in a list\n\n> - [x] list in a quote\n",
	"- [ ]\x0cform feed\n- [\x0c] form feed mark\n- [\u00a0] nbsp\n- [✓] check\n",
	"- [ ] a *b* [c](d) `e`\n- [x] **bold**\n",
}

// TestTaskCheckBoxesAsGFM: our checkbox parser and GFM's read every list
// item alike.
func TestTaskCheckBoxesAsGFM(t *testing.T) {
	for _, src := range taskListCases {
		want, got := renderTaskList(t, src, false), renderTaskList(t, src, true)
		if want != got {
			t.Errorf("%q:\nGFM:  %s\nours: %s", src, want, got)
		}
	}
}

func FuzzTaskCheckBoxes(f *testing.F) {
	for _, src := range taskListCases {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if want, got := renderTaskList(t, src, false), renderTaskList(t, src, true); want != got {
			t.Errorf("%q:\nGFM:  %s\nours: %s", src, want, got)
		}
	})
}

var (
	gfmOnly       = goldmark.New(goldmark.WithExtensions(extension.GFM))
	gfmCheckBoxes = goldmark.New(goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(parser.WithInlineParsers(util.Prioritized(taskCheckBoxes{}, -1))))
)

func renderTaskList(t *testing.T, src string, ours bool) string {
	t.Helper()
	md := gfmOnly
	if ours {
		md = gfmCheckBoxes
	}
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}
