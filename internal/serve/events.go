package serve

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// clientBuffer is how many events a slow tab may fall behind before it is
// dropped. A dropped tab reconnects, sees a newer version in the hello
// event and reloads, so dropping never loses a change.
const clientBuffer = 16

// keepAlive is how often an idle stream gets a comment line, so proxies
// and the browser keep the connection and a vanished tab is noticed.
const keepAlive = 15 * time.Second

// hub fans events out to the open event streams.
type hub struct {
	mu      sync.Mutex
	clients map[chan event]struct{}
	closed  chan struct{}
}

// event is one encoded event; a change event also lists the URL paths of
// the pages it changed, so a stream can push its tab's page with it.
type event struct {
	msg   []byte
	pages []string
}

func newHub() *hub {
	return &hub{clients: map[chan event]struct{}{}, closed: make(chan struct{})}
}

// subscribe returns a channel of encoded events, or nil after close.
func (h *hub) subscribe() chan event {
	h.mu.Lock()
	defer h.mu.Unlock()
	select {
	case <-h.closed:
		return nil
	default:
	}
	c := make(chan event, clientBuffer)
	h.clients[c] = struct{}{}
	return c
}

func (h *hub) unsubscribe(c chan event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.clients[c]; ok {
		delete(h.clients, c)
		close(c)
	}
}

// broadcast sends one event to every stream without blocking.
func (h *hub) broadcast(name string, data any) {
	h.send(event{msg: encodeEvent(name, data)})
}

// broadcastChange sends a change event; each stream pushes its tab's page
// ahead of it when the change includes that page.
func (h *hub) broadcastChange(change changeMsg) {
	h.send(event{msg: encodeEvent("change", change), pages: change.Pages})
}

func (h *hub) send(ev event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		select {
		case c <- ev:
		default:
			delete(h.clients, c)
			close(c)
		}
	}
}

// count is the number of open streams.
func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// close ends every stream and refuses new ones.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	close(h.closed)
	for c := range h.clients {
		delete(h.clients, c)
		close(c)
	}
}

func encodeEvent(name string, data any) []byte {
	payload, err := json.Marshal(data)
	if err != nil {
		// Only our own plain structs are encoded here.
		panic(fmt.Sprintf("serve: encoding %s event: %v", name, err))
	}
	// JSON has no raw newlines, so one data line carries it.
	return fmt.Appendf(nil, "event: %s\ndata: %s\n\n", name, payload)
}

type helloMsg struct {
	Server  string `json:"server"`
	Version int    `json:"version"`
}

type pageMsg struct {
	Path    string `json:"path"`
	Version int    `json:"version"`
	HTML    string `json:"html"`
}

// serveEvents is the Server-Sent Events stream a tab listens to. It opens
// with a hello (which server, which version: a tab whose page is older
// reloads) and the current problems, then relays each rebuild's events.
// The tab names its page (?page=/plans/x/): when a change includes it, the
// page's new HTML goes out just before the change event, so the tab can
// morph it in without asking for it.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if !sameOrigin(r) {
		http.Error(w, "403 Forbidden: the event stream is for pages of this preview only", http.StatusForbidden)
		return
	}
	events := s.hub.subscribe()
	if events == nil {
		http.Error(w, "the preview server is shutting down", http.StatusServiceUnavailable)
		return
	}
	defer s.hub.unsubscribe(events)
	page := r.URL.Query().Get("page")
	rc := http.NewResponseController(w)
	// The stream lives as long as the tab; the server's write timeout must
	// not cut it.
	_ = rc.SetWriteDeadline(time.Time{})

	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)

	if err := s.waitIdle(r.Context()); err != nil {
		return
	}
	snap := s.current()
	// retry: reconnect quickly after a restart, so the new server's pages
	// appear as soon as it listens.
	fmt.Fprint(w, "retry: 250\n\n")
	w.Write(encodeEvent("hello", helloMsg{Server: s.instance, Version: snap.version}))
	w.Write(encodeEvent("problems", snap.problems.event()))
	if err := rc.Flush(); err != nil {
		return
	}
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev, ok := <-events:
			if !ok {
				return // dropped, or the server is closing
			}
			if page != "" && slices.Contains(ev.pages, page) {
				if html, version, ok := s.pageHTML(page); ok {
					if _, err := w.Write(encodeEvent("page", pageMsg{Path: page, Version: version, HTML: string(html)})); err != nil {
						return
					}
				}
			}
			if _, err := w.Write(ev.msg); err != nil {
				return
			}
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil {
				return
			}
		}
		if err := rc.Flush(); err != nil {
			return
		}
	}
}

// pageHTML is the page at urlPath as serveSite sends it, from the latest
// published build, with the build's version; ok is false when the build
// has no such HTML page.
func (s *Server) pageHTML(urlPath string) (html []byte, version int, ok bool) {
	snap := s.current()
	name, _ := sitePath(urlPath)
	data, ok := snap.files[name]
	if later := snap.onRequest[name]; !ok && later != nil {
		data, ok = later(), true
	}
	if !ok || !strings.HasPrefix(contentType(name, data), "text/html") {
		return nil, 0, false
	}
	return injectScript(data, s.instance, snap.version), snap.version, true
}
