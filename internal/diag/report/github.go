package report

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/rolloutdocs/rolloutdocs/internal/diag"
)

// WriteGitHub writes one GitHub Actions workflow command per diagnostic,
// `::error file=…,line=…,col=…,title=<rule>::message`, which GitHub shows
// as an annotation on the pull request's diff.
func WriteGitHub(w io.Writer, ds []diag.Diagnostic) error {
	bw := bufio.NewWriter(w)
	for _, d := range ds {
		line, col := position(d)
		level := "warning"
		if d.Severity == diag.Error {
			level = "error"
		}
		fmt.Fprintf(bw, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", level,
			escapeProperty(filepath.ToSlash(d.File)), line, col, escapeProperty(d.Rule), escapeData(messageWithHint(d)))
	}
	return bw.Flush()
}

// escapeData escapes a workflow command's message: %, CR and LF.
var escapeData = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace

// escapeProperty escapes a workflow command's property value: the message
// escapes plus the separators : and ,.
var escapeProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace
