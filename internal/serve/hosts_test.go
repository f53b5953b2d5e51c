package serve

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestHostGuardAllows(t *testing.T) {
	tests := []struct {
		bind  string
		extra []string
		host  string
		want  bool
	}{
		{"127.0.0.1", nil, "localhost:1313", true},
		{"127.0.0.1", nil, "LOCALHOST", true},
		{"127.0.0.1", nil, "localhost.:1313", true},
		{"127.0.0.1", nil, "preview.localhost:1313", true},
		{"127.0.0.1", nil, "127.0.0.1:1313", true},
		{"127.0.0.1", nil, "127.1.2.3", true},
		{"127.0.0.1", nil, "[::1]:1313", true},
		{"127.0.0.1", nil, "evil.example", false},
		{"127.0.0.1", nil, "evil.example:1313", false},
		{"127.0.0.1", nil, "localhost.evil.example", false},
		{"127.0.0.1", nil, "evillocalhost", false},
		{"127.0.0.1", nil, "192.168.1.5:1313", false},
		{"127.0.0.1", nil, "", false},
		{"127.0.0.1", []string{"plans.test"}, "plans.test:1313", true},
		{"127.0.0.1", []string{"Plans.Test"}, "plans.test", true},
		{"127.0.0.1", []string{"plans.test"}, "other.test", false},
		{"192.168.1.5", nil, "192.168.1.5:1313", true},
		{"192.168.1.5", nil, "192.168.1.6:1313", false},
		{"box.lan", nil, "box.lan:1313", true},
		{"0.0.0.0", nil, "192.168.1.5:1313", true},
		{"0.0.0.0", nil, "[fe80::1]:1313", true},
		{"0.0.0.0", nil, "evil.example:1313", false},
		{"::", nil, "10.0.0.2", true},
	}
	for _, tt := range tests {
		g := newHostGuard(tt.bind, tt.extra, io.Discard)
		if got := g.allows(tt.host); got != tt.want {
			t.Errorf("bind %s, allowed %v: allows(%q) = %v, want %v", tt.bind, tt.extra, tt.host, got, tt.want)
		}
	}
}

func TestSameOrigin(t *testing.T) {
	tests := []struct {
		origin, host string
		want         bool
	}{
		{"", "localhost:1313", true},
		{"http://localhost:1313", "localhost:1313", true},
		{"http://LOCALHOST:1313", "localhost:1313", true},
		{"http://evil.example", "localhost:1313", false},
		{"http://localhost:1314", "localhost:1313", false},
		{"null", "localhost:1313", false},
		{"file://", "localhost:1313", false},
	}
	for _, tt := range tests {
		r, _ := http.NewRequest(http.MethodGet, "http://"+tt.host+"/_rolloutdocs/events", nil)
		if tt.origin != "" {
			r.Header.Set("Origin", tt.origin)
		}
		if got := sameOrigin(r); got != tt.want {
			t.Errorf("Origin %q to %s: sameOrigin = %v, want %v", tt.origin, tt.host, got, tt.want)
		}
	}
}

// request sends one GET to the running preview with the given Host and
// Origin headers (empty: none) and returns the status and body.
func (p *preview) request(path, host, origin string) (int, string) {
	p.t.Helper()
	req, err := http.NewRequest(http.MethodGet, p.http.URL+path, nil)
	if err != nil {
		p.t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		return resp.StatusCode, "" // a stream never ends; its status is enough
	}
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// A DNS-rebinding request (a foreign name pointed at 127.0.0.1) is refused
// and the terminal says how to allow the name; local names are served.
func TestForeignHostRefused(t *testing.T) {
	p := startPreview(t, map[string]string{"content/plans/alpha.md": "alpha v1"}, Options{Bind: "127.0.0.1", AllowedHosts: []string{"plans.test"}})
	for _, host := range []string{"evil.example", "evil.example:1313", "attacker.test"} {
		code, body := p.request("/plans/alpha/", host, "")
		if code != http.StatusForbidden {
			t.Errorf("Host %s: status %d, want 403", host, code)
		}
		if strings.Contains(body, "alpha v1") {
			t.Errorf("Host %s: the refusal carries the page: %s", host, body)
		}
		if !strings.Contains(body, "--allowed-host") {
			t.Errorf("Host %s: the refusal does not say how to allow the name: %s", host, body)
		}
	}
	p.request("/", "evil.example", "") // a second time: logged once
	log := p.log.String()
	if n := strings.Count(log, `Refused a request for host "evil.example"`); n != 1 {
		t.Errorf("evil.example refusal logged %d times, want once:\n%s", n, log)
	}
	if !strings.Contains(log, "--allowed-host evil.example") {
		t.Errorf("the terminal does not name the flag:\n%s", log)
	}
	for _, host := range []string{"", "localhost:1313", "127.0.0.1:1313", "[::1]:1313", "plans.test"} {
		code, body := p.request("/plans/alpha/", host, "")
		if code != http.StatusOK || !strings.Contains(body, "alpha v1") {
			t.Errorf("Host %q: status %d, body %q; want the page", host, code, body)
		}
	}
	// The event stream and the script are behind the same check.
	if code, _ := p.request("/_rolloutdocs/events", "evil.example", ""); code != http.StatusForbidden {
		t.Errorf("events for a foreign Host: status %d, want 403", code)
	}
}

func TestEventsRefuseCrossOrigin(t *testing.T) {
	p := startPreview(t, map[string]string{"content/plans/alpha.md": "alpha v1"}, Options{Bind: "127.0.0.1"})
	host := strings.TrimPrefix(p.http.URL, "http://")
	if code, _ := p.request("/_rolloutdocs/events", "", "http://evil.example"); code != http.StatusForbidden {
		t.Errorf("events with a foreign Origin: status %d, want 403", code)
	}
	if code, _ := p.request("/_rolloutdocs/events", "", "null"); code != http.StatusForbidden {
		t.Errorf("events with Origin null: status %d, want 403", code)
	}
	if code, _ := p.request("/_rolloutdocs/events", "", "http://"+host); code != http.StatusOK {
		t.Errorf("events with the preview's own Origin: status %d, want 200", code)
	}
	if code, _ := p.request("/_rolloutdocs/events", "", ""); code != http.StatusOK {
		t.Errorf("events without an Origin: status %d, want 200", code)
	}
}
