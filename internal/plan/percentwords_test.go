package plan

import "testing"

// TestStepsInWords: a rollout step written in words is read like "N%"
// wherever steps are read, and only in clear forms.
func TestStepsInWords(t *testing.T) {
	tests := map[string]string{
		"Roll out to 100 percent":                            "100",
		"Roll out to one hundred percent":                    "100",
		"Roll out to a hundred percent of traffic":           "100",
		"Enable for fifty percent of users":                  "50",
		"Enable for Fifty Percent of users":                  "50",
		"Enable for twenty-five percent, then fifty percent": "25 50",
		"Enable for twenty five percent of accounts":         "25",
		"Serve 2.5 percent of requests":                      "2.5",
		"Serve five per cent of requests":                    "5",
		"Open to half of users":                              "50",
		"Open to half the traffic":                           "50",
		"Open to half of all customers":                      "50",
		"Open to a quarter of the fleet":                     "25",
		"5% → half of users → 100 percent":                   "5 50 100",
		"Stage 3: Half of traffic (50% traffic)":             "50",
		"Ramp 10%, then twenty percent":                      "10 20",
		// Gates and shadow traffic, as with "%".
		"Hold while errors stay below five percent":   "",
		"Abort if latency rises by ten percent":       "",
		"Mirror fifty percent of queries":             "",
		"Ten percent increase in signups is the goal": "",
		"Roll back if over half of users see errors":  "",
		// Not clear enough to be a step: left alone.
		"Half of the team reviews the dashboards": "",
		"Most users, then a few percent more":     "",
		"A third of users":                        "",
		"the percentage of users":                 "",
		"100percent":                              "",
		"half-day bake":                           "",
	}
	for line, want := range tests {
		if got := steps(line); got != want {
			t.Errorf("steps(%q) = %q, want %q", line, got, want)
		}
	}
}

// FuzzWordSteps: any line reads without a panic, and each step found is
// a non-empty span of the line.
func FuzzWordSteps(f *testing.F) {
	for _, s := range []string{"fifty percent", "twenty-five per cent", "half of users", "a hundred percent", "2.5 percent", "- percent", "half"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		for _, s := range wordSteps(line) {
			if s.start < 0 || s.end > len(line) || s.start >= s.end {
				t.Fatalf("wordSteps(%q): step %v outside the line", line, s)
			}
		}
	})
}
