package site

import (
	"testing"

	"github.com/rolloutdocs/rolloutdocs/internal/templates"
)

func TestSitemapLocPercentEncodesPaths(t *testing.T) {
	s := templates.NewSite("Plans", "https://docs.example.com/rollouts/", nil)
	tests := []struct{ path, want string }{
		{"", "https://docs.example.com/rollouts/"},
		{"plans/checkout-redesign/", "https://docs.example.com/rollouts/plans/checkout-redesign/"},
		{"metrics/コンバージョン率/", "https://docs.example.com/rollouts/metrics/%E3%82%B3%E3%83%B3%E3%83%90%E3%83%BC%E3%82%B8%E3%83%A7%E3%83%B3%E7%8E%87/"},
		{"plans/конверсия оплаты/", "https://docs.example.com/rollouts/plans/%D0%BA%D0%BE%D0%BD%D0%B2%D0%B5%D1%80%D1%81%D0%B8%D1%8F%20%D0%BE%D0%BF%D0%BB%D0%B0%D1%82%D1%8B/"},
		{"plans/amélioration-de-l’activation/", "https://docs.example.com/rollouts/plans/am%C3%A9lioration-de-l%E2%80%99activation/"},
		{"plans/a?b#c%d/", "https://docs.example.com/rollouts/plans/a%3Fb%23c%25d/"},
	}
	for _, tt := range tests {
		if got := sitemapLoc(s, tt.path); got != tt.want {
			t.Errorf("sitemapLoc(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}
