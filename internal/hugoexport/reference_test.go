package hugoexport

// The in-memory export: the whole page set, its rebased copy and the
// encoded file at once. Stream replaced it (it held 4.5 GB at 10,000
// plans); it stays as the plain reading of the format that the streamed
// export is compared with, byte for byte.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/rolloutdocs/rolloutdocs/internal/pages"
)

// Build converts the page set into the export for section. files are the
// site's other files as `rolloutdocs build` made them (with the base URL
// "/<section>/"); those named in IndexFiles are exported with the index
// page. The 404 page is left out: a Hugo site has its own.
func Build(set []pages.Page, files map[string][]byte, section string) (*Export, error) {
	if err := CheckSection(section); err != nil {
		return nil, err
	}
	ex := &Export{Generator: Generator, Format: Format, Section: section, Pages: []Page{}, Files: map[string]string{}}
	var outputs []string
	for _, name := range slices.Sorted(maps.Keys(IndexFiles)) {
		if data, ok := files[name]; ok {
			ex.Files[name] = string(data)
			outputs = append(outputs, IndexFiles[name])
		}
	}
	for _, p := range set {
		if p.Kind == "404" {
			continue
		}
		hp, err := hugoPage(p, section)
		if err != nil {
			return nil, err
		}
		if p.Kind == "home" {
			hp.Outputs = append(hp.Outputs, outputs...)
		}
		ex.Pages = append(ex.Pages, hp)
	}
	return ex, nil
}

// Marshal encodes the export deterministically (encoding/json sorts map
// keys) and compactly, one page per line so a diff of two exports reads
// page by page; HTML is left unescaped so the file reads as it renders.
func Marshal(ex *Export) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	put := func(v any) error {
		if err := enc.Encode(v); err != nil {
			return fmt.Errorf("encoding the Hugo export: %w", err)
		}
		buf.Truncate(buf.Len() - 1) // Encode's newline
		return nil
	}
	buf.WriteString(`{"generator":`)
	if err := put(ex.Generator); err != nil {
		return nil, err
	}
	fmt.Fprintf(&buf, `,"format":%d,"section":`, ex.Format)
	if err := put(ex.Section); err != nil {
		return nil, err
	}
	buf.WriteString(`,"files":`)
	files := ex.Files
	if files == nil {
		files = map[string]string{}
	}
	if err := put(files); err != nil {
		return nil, err
	}
	buf.WriteString(`,"pages":[`)
	for i := range ex.Pages {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
		if err := put(&ex.Pages[i]); err != nil {
			return nil, err
		}
	}
	buf.WriteString("\n]}\n")
	return buf.Bytes(), nil
}

// Write stores the export in site/data/rolloutdocs/export.json and returns
// the path written. The file is replaced atomically (written beside it, then
// renamed), so Hugo never reads half an export; a file of that name that
// rolloutdocs did not write is left alone and reported. An unchanged file
// keeps its time. Stream writes the same file without holding the pages.
func Write(site string, ex *Export) (string, error) {
	if err := CheckSite(site); err != nil {
		return "", err
	}
	data, err := Marshal(ex)
	if err != nil {
		return "", err
	}
	return replace(site, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
