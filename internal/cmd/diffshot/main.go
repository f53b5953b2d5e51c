// Command diffshot renders `rolloutdocs diff --format markdown` output
// into an HTML page styled like a GitHub comment, for the README's
// screenshot of the reviewer's view (a real pull-request comment is not
// reachable from here):
//
//	rolloutdocs diff --format markdown > /tmp/diff.md
//	go run ./internal/cmd/diffshot /tmp/diff.md > /tmp/diff.html
//	chromium --headless --hide-scrollbars --window-size=1000,1300 --force-device-scale-factor=2 \
//	    --screenshot=docs/screenshots/diff.png file:///tmp/diff.html
//
// It renders with goldmark and its GFM extension (tables, as GitHub renders
// them) and lets <details> through, as GitHub does.
package main

import (
	"bytes"
	"fmt"
	"os"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
)

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>rolloutdocs diff</title>
<style>
body { font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328; background: #f6f8fa; margin: 0; padding: 24px; }
.comment { max-width: 920px; margin: auto; background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; }
.head { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 8px 16px; color: #59636e; border-radius: 6px 6px 0 0; }
.body { padding: 4px 16px 16px; }
h3 { font-size: 1.25em; margin: 16px 0 8px; } h4 { font-size: 1em; margin: 24px 0 8px; }
table { border-collapse: collapse; margin: 8px 0; display: block; overflow: auto; }
th, td { border: 1px solid #d1d9e0; padding: 6px 13px; } tr:nth-child(2n) { background: #f6f8fa; }
th { font-weight: 600; } code { background: #eff1f3; padding: .2em .4em; border-radius: 6px; font-size: 85%%; }
blockquote { margin: 8px 0; padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; }
a { color: #0969da; text-decoration: none; } summary { cursor: pointer; margin: 8px 0; }
</style></head>
<body><div class="comment"><div class="head"><b>github-actions</b> commented</div><div class="body">
%s
</div></div></body></html>
`

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./internal/cmd/diffshot DIFF.md > page.html")
		os.Exit(2)
	}
	src, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "diffshot:", err)
		os.Exit(1)
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(html.WithUnsafe()))
	var out bytes.Buffer
	if err := md.Convert(src, &out); err != nil {
		fmt.Fprintln(os.Stderr, "diffshot:", err)
		os.Exit(1)
	}
	fmt.Printf(page, out.String())
}
