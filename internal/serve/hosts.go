package serve

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// hostGuard makes the preview answer only to names that mean this machine.
//
// A web page the author visits can point a name it controls at 127.0.0.1
// (DNS rebinding) and then read the preview as its own origin: the
// browser sends that name in the Host header. So a request is served only
// when its Host is localhost (or a name under .localhost, which resolves
// to loopback by RFC 6761), a loopback address, the address the preview
// was bound to, or a name the user allowed with --allowed-host. Bound to
// every interface (0.0.0.0 or ::), any IP address is accepted as well: an
// address typed as digits cannot be rebound. Vite's server.allowedHosts and
// webpack-dev-server's allowedHosts make the same check.
type hostGuard struct {
	allowed map[string]bool // lower case, without port or brackets
	anyIP   bool
	log     io.Writer

	mu     sync.Mutex
	warned map[string]bool // hosts already named in the terminal
}

// maxWarned bounds the names remembered for logging once each, so a flood
// of made-up Host headers cannot grow memory.
const maxWarned = 64

func newHostGuard(bind string, extra []string, log io.Writer) *hostGuard {
	g := &hostGuard{allowed: map[string]bool{"localhost": true}, log: log, warned: map[string]bool{}}
	for _, h := range append([]string{bind}, extra...) {
		h = normalHost(h)
		if h == "" {
			continue
		}
		if ip := net.ParseIP(h); ip != nil && ip.IsUnspecified() {
			g.anyIP = true
			continue
		}
		g.allowed[h] = true
	}
	return g
}

// normalHost lowers a host and drops its port, brackets and trailing dot.
func normalHost(hostport string) string {
	h := strings.ToLower(strings.TrimSpace(hostport))
	if host, _, err := net.SplitHostPort(h); err == nil {
		h = host
	}
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	return strings.TrimSuffix(h, ".")
}

// allows reports whether a Host header names this preview.
func (g *hostGuard) allows(hostHeader string) bool {
	h := normalHost(hostHeader)
	if h == "" {
		return false
	}
	if g.allowed[h] || strings.HasSuffix(h, ".localhost") {
		return true
	}
	if ip := net.ParseIP(h); ip != nil {
		return ip.IsLoopback() || g.anyIP
	}
	return false
}

// sameOrigin reports whether an Origin header (absent counts as same) is
// the origin the request was addressed to: a page elsewhere must not read
// the event stream.
func sameOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || u.Scheme != "http" && u.Scheme != "https" {
		return false
	}
	return strings.EqualFold(u.Host, r.Host)
}

// wrap refuses requests for foreign hosts with 403, naming the flag that
// allows them once per host in the terminal.
func (g *hostGuard) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if g.allows(r.Host) {
			next.ServeHTTP(w, r)
			return
		}
		name := normalHost(r.Host)
		g.note(name)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintf(w, "403 Forbidden: this preview answers only to localhost and loopback addresses, not to %q.\n"+
			"If you meant to reach it by that name, restart it with --allowed-host %s\n", name, flagValue(name))
	})
}

func (g *hostGuard) note(name string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.warned[name] || len(g.warned) >= maxWarned {
		return
	}
	g.warned[name] = true
	fmt.Fprintf(g.log, "Refused a request for host %q (403): the preview answers only to localhost and loopback addresses; to allow that name, restart with --allowed-host %s\n",
		name, flagValue(name))
}

// flagValue is a host as it would be typed after --allowed-host; a header
// that is not a plausible name is shown as a placeholder, not echoed into
// a command line.
func flagValue(name string) string {
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == ':' || r == '_') {
			return "NAME"
		}
	}
	if name == "" {
		return "NAME"
	}
	return name
}
