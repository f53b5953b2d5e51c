package plan

import "testing"

func TestOpenEndedDurations(t *testing.T) {
	tests := map[string]bool{
		"ongoing": true, "Ongoing.": true, "Permanent": true, "Permanent (monitoring continues)": true,
		"ongoing —": true, "Indefinite (until the flag is removed)": true, "open-ended": true,
		"Until further notice.": true, "No end date (the flag stays)": true, "until completion": true,
		"2 weeks": false, "until 2026-06-01": false, "until the cutover": false, "ongoing work for 2 weeks": false, "(ongoing)": false, "": false,
	}
	for text, want := range tests {
		d, ok := ParseDuration(text)
		if d.OpenEnded != want {
			t.Errorf("ParseDuration(%q).OpenEnded = %v, want %v", text, d.OpenEnded, want)
		}
		if want && (!ok || !d.Valid() || d.Max != 0) {
			t.Errorf("ParseDuration(%q) = %+v, %v: an open-ended duration is valid and has no budget", text, d, ok)
		}
	}
}

// TestLabelSynonymReading: a phase label read by a synonym says so.
func TestLabelSynonymReading(t *testing.T) {
	p, _ := Parse("t.md", []byte(variantFront+"# T\n\n### Phase 1: Canary\n**Success Criteria:**\n- [ ] ok\n"))
	want := `read label "Success Criteria" of phase 1 as "Exit Criteria"`
	for _, r := range p.Readings {
		if r.Text == want {
			return
		}
	}
	t.Errorf("no reading %q in %v", want, p.Readings)
}
