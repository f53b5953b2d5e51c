package serve

import (
	"os"
	"runtime/debug"
)

// serveGCPercent is the collector's setting (as for GOGC) once the site is
// built. The preview holds the whole site for as long as it runs (1 GB
// live at 10,000 plans) and a save allocates little (30 MB): at the
// default 100 the heap would grow to twice the site between collections,
// for nothing; at 25 a collection comes every few saves.
const serveGCPercent = 25

// KeepSmall sets the collector for serving once the first build is done
// (which runs at the default, as fast as it can) and hands the memory the
// build no longer uses back to the system. GOGC, when set, wins. restore
// puts the collector back as it was (for benchmarks, which run the
// preview as the command does and then other benchmarks).
func KeepSmall() (restore func()) {
	prev := -1
	if os.Getenv("GOGC") == "" {
		prev = debug.SetGCPercent(serveGCPercent)
	}
	debug.FreeOSMemory()
	return func() {
		if prev >= 0 {
			debug.SetGCPercent(prev)
		}
	}
}
