//go:build gui || ci

package main

import (
	"bufio"
	"bytes"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// tomlValues reads the key = value lines of FyneApp.toml, by section.
func tomlValues(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open("FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	vals := map[string]string{}
	section := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			section = strings.Trim(line, "[]") + "."
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		if u, err := strconv.Unquote(v); err == nil {
			v = u
		}
		vals[section+strings.TrimSpace(k)] = v
	}
	return vals
}

func TestMetadataMatchesFyneAppToml(t *testing.T) {
	v := tomlValues(t)
	want := map[string]string{
		"Details.ID":        appID,
		"Details.Name":      appName,
		"Details.Version":   version,
		"Details.Icon":      "Icon.png",
		"Migrations.fyneDo": "true",
	}
	for k, w := range want {
		if v[k] != w {
			t.Errorf("FyneApp.toml %s = %q, main.go says %q", k, v[k], w)
		}
	}
	if !bytes.HasPrefix(iconPNG, []byte("\x89PNG")) {
		t.Error("the embedded icon is not a PNG")
	}
}

func TestParseArgs(t *testing.T) {
	var out bytes.Buffer
	paths, _, done := parseArgs([]string{"a.docx", "file:///home/me/My%20Files/b.pdf", "--", "--version"}, &out)
	if done || !slices.Equal(paths, []string{"a.docx", "/home/me/My Files/b.pdf", "--version"}) {
		t.Errorf("paths %q, done %v", paths, done)
	}
	paths, _, done = parseArgs([]string{"--version"}, &out)
	if !done || paths != nil || !strings.Contains(out.String(), version) {
		t.Errorf("--version: paths %q, done %v, output %q", paths, done, out.String())
	}
}
