package serve

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// Many open tabs: 100 event streams each get every change of 10 edits, in
// order, and a request still gets the page meanwhile. (The hostile-input
// suite; the figures for many clients come from the same scenario.)
func TestManyLiveReloadClients(t *testing.T) {
	const clients, edits = 100, 10
	p := startPreview(t, map[string]string{"content/plans/alpha.md": "alpha v1"}, Options{})
	streams := make([]<-chan sseEvent, clients)
	for i := range streams {
		streams[i] = p.events()
		next(t, streams[i], "hello")
		next(t, streams[i], "problems")
	}
	if n := p.srv.hub.count(); n != clients {
		t.Fatalf("%d streams open, want %d", n, clients)
	}
	for e := 1; e <= edits; e++ {
		writeFile(t, p.root, "content/plans/alpha.md", "alpha v"+strconv.Itoa(e+1))
		for i, ch := range streams {
			var msg changeMsg
			next(t, ch, "change").decode(t, &msg)
			if msg.Version != e+1 {
				t.Fatalf("client %d, edit %d: change version %d, want %d", i, e, msg.Version, e+1)
			}
		}
		if code, _, body := p.get("/plans/alpha/"); code != http.StatusOK || !strings.Contains(body, "<main>alpha v"+strconv.Itoa(e+1)+"</main>") {
			t.Fatalf("edit %d: page %d %q", e, code, body)
		}
	}
	if n := p.srv.hub.count(); n != clients {
		t.Errorf("after %d edits %d streams open, want %d (none dropped)", edits, n, clients)
	}
}
