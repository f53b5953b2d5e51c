package serve

import (
	"bytes"
	_ "embed"
	"encoding/xml"
	"fmt"
	"mime"
	"net/http"
	"path"
	"strings"
)

// clientSource listens to the event stream, morphs or reloads the page or
// swaps stylesheets, and draws the problems overlay. It morphs with
// idiomorph (vendored in idiomorph.js: pages work offline, and this keeps
// it out of every built site).
//
//go:embed client.js
var clientSource string

//go:embed idiomorph.js
var idiomorphSource string

// clientJS is what /_rolloutdocs/live.js serves: idiomorph and the client
// in one function scope, so neither adds a global to the page.
var clientJS = "(() => {\n" + idiomorphSource + "\n" + clientSource + "\n})();\n"

// injectScript adds the live-reload script to an HTML page, before
// </body> (or at the end when there is none). The attributes tell the
// script which server and which build the page came from.
func injectScript(page []byte, instance string, version int) []byte {
	tag := fmt.Sprintf(`<script src="/%slive.js" data-server="%s" data-version="%d" defer></script>`,
		reservedPrefix, instance, version)
	i := lastIndexFold(page, []byte("</body"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag)+1)
	out = append(out, page[:i]...)
	out = append(out, tag...)
	out = append(out, '\n')
	return append(out, page[i:]...)
}

// lastIndexFold finds the last ASCII case-insensitive occurrence of sep.
func lastIndexFold(s, sep []byte) int {
	for i := len(s) - len(sep); i >= 0; i-- {
		if bytes.EqualFold(s[i:i+len(sep)], sep) {
			return i
		}
	}
	return -1
}

// contentTypes fixes the types of the files a site holds, so the answer
// does not depend on the machine's /etc/mime.types.
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".htm":         "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json",
	".xml":         "application/xml",
	".txt":         "text/plain; charset=utf-8",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".ico":         "image/x-icon",
	".woff":        "font/woff",
	".woff2":       "font/woff2",
	".pdf":         "application/pdf",
	".map":         "application/json",
	".webmanifest": "application/manifest+json",
	".ics":         "text/calendar; charset=utf-8",
}

func contentType(name string, data []byte) string {
	ext := strings.ToLower(path.Ext(name))
	if ext == ".xml" && isAtomFeed(data) {
		// Feed readers and chat integrations pick a feed by its type;
		// application/xml is right for the sitemap but hides a feed.
		return "application/atom+xml"
	}
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return http.DetectContentType(data)
}

// isAtomFeed reports whether an XML document's root element is an Atom
// <feed>: the type follows what the file is, not its name, so a feed is
// served as one wherever the site puts it.
func isAtomFeed(data []byte) bool {
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		if start, ok := tok.(xml.StartElement); ok {
			return start.Name.Space == "http://www.w3.org/2005/Atom" && start.Name.Local == "feed"
		}
	}
}
