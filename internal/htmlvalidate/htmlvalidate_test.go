package htmlvalidate

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestValidateDir(t *testing.T) {
	v := NeedValidator(t)
	tests := []struct {
		dir   string
		files int
		want  []string // Problem.String() of each, in order
	}{
		{"testdata/valid", 2, nil},
		{"testdata/invalid", 2, []string{
			"plans/b/index.html:10:6: error: <div> element is not permitted as content under <ul> (element-permitted-content)",
			`plans/b/index.html:11:2: error: <img> is missing required "alt" attribute (wcag/h37)`,
			`plans/b/index.html:12:25: error: Duplicate ID "x" (no-dup-id)`,
		}},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.dir), func(t *testing.T) {
			rep, err := v.ValidateDir(t.Context(), tt.dir)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Files != tt.files {
				t.Errorf("checked %d files, want %d", rep.Files, tt.files)
			}
			var got []string
			for _, p := range rep.Problems {
				got = append(got, p.String())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestValidateDirRefusesASiteWithoutPages(t *testing.T) {
	v := NeedValidator(t)
	for _, dir := range []string{"testdata/empty", filepath.Join(t.TempDir(), "missing")} {
		if _, err := v.ValidateDir(t.Context(), dir); err == nil {
			t.Errorf("ValidateDir(%s) succeeded; a site with no pages must not pass as valid", dir)
		}
	}
}

func TestFindSaysHowToInstall(t *testing.T) {
	t.Setenv("ROLLOUTDOCS_NODE_MODULES", filepath.Join(t.TempDir(), "node_modules"))
	_, err := Find()
	if err == nil || !strings.Contains(err.Error(), "npm ci --prefix tools/node") {
		t.Fatalf("Find without node_modules: err = %v, want the install command", err)
	}
}

func TestParseMakesPathsRelativeAndSorts(t *testing.T) {
	out := `[{"filePath":"/site/b.html","messages":[
		{"ruleId":"r2","severity":2,"message":"second","line":9,"column":1},
		{"ruleId":"r1","severity":1,"message":"first","line":2,"column":4}]},
		{"filePath":"/site/a/index.html","messages":[{"ruleId":"r3","severity":2,"message":"m","line":1,"column":1}]}]`
	got, err := parse([]byte(out), "/site")
	if err != nil {
		t.Fatal(err)
	}
	want := []Problem{
		{File: "a/index.html", Line: 1, Col: 1, Rule: "r3", Message: "m"},
		{File: "b.html", Line: 2, Col: 4, Rule: "r1", Message: "first", Warning: true},
		{File: "b.html", Line: 9, Col: 1, Rule: "r2", Message: "second"},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("parse = %+v\nwant %+v", got, want)
	}
	if _, err := parse([]byte("No files matching"), "/site"); err == nil {
		t.Fatal("parse accepted output that is not JSON")
	}
}
