//go:build !unix

package rules_test

import "time"

// cpuTime is not measured on this platform; the benchmark then reports 0.
func cpuTime() time.Duration { return 0 }
