//go:build gui || ci

package gui

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/scrub-project/scrub/internal/words"
)

// appSources parses the app's non-test Go files: this package's and
// cmd/scrub-gui's.
func appSources(t *testing.T) (*token.FileSet, map[string]*ast.File) {
	t.Helper()
	files, _ := filepath.Glob("*.go")
	cmd, _ := filepath.Glob(filepath.Join("..", "cmd", "scrub-gui", "*.go"))
	if len(cmd) == 0 {
		t.Fatal("no cmd/scrub-gui")
	}
	files = append(files, cmd...)
	fset := token.NewFileSet()
	out := map[string]*ast.File{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		out[f] = af
	}
	if len(out) == 0 {
		t.Fatal("no Go files")
	}
	return fset, out
}

// wordsCall reports whether call is words.T or words.N.
func wordsCall(call *ast.CallExpr) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	x, ok := sel.X.(*ast.Ident)
	return ok && x.Name == "words" && (sel.Sel.Name == "T" || sel.Sel.Name == "N")
}

// english matches text a person would read: two words.
var english = regexp.MustCompile(`[A-Za-z]{2,}[,.:;!?'’]* +[A-Za-z]{2,}`)

// Every word the app shows comes from internal/words, so that it can be
// translated: no string literal in the app's code reads as English, and
// every key the app names is in the English catalogue.
func TestEveryStringIsInTheCatalogue(t *testing.T) {
	known := map[string]bool{}
	for _, k := range words.Keys() {
		known[k] = true
	}
	fset, files := appSources(t)
	used := map[string]bool{}
	for name, f := range files {
		keys := map[*ast.BasicLit]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && wordsCall(call) && len(call.Args) > 0 {
				if lit, ok := call.Args[0].(*ast.BasicLit); ok {
					keys[lit] = true
				}
			}
			return true
		})
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ImportSpec, *ast.Field:
				return false // import paths, struct tags
			case *ast.BasicLit:
				if n.Kind != token.STRING {
					return true
				}
				s, err := strconv.Unquote(n.Value)
				if err != nil {
					t.Fatal(err)
				}
				if strings.HasPrefix(s, "app.") {
					used[s] = true
					if !known[s] {
						t.Errorf("%s: key %q is not in the catalogue", fset.Position(n.Pos()), s)
					}
				} else if !keys[n] && english.MatchString(s) {
					t.Errorf("%s: %q is shown to people but is not in the catalogue (internal/words/locales/en/app.json)", fset.Position(n.Pos()), s)
				}
			}
			return true
		})
		_ = name
	}
	// And the catalogue holds no app message the app no longer uses.
	for k := range known {
		if strings.HasPrefix(k, "app.") && !used[k] {
			t.Errorf("the catalogue's %q is used nowhere in the app", k)
		}
	}
}

var verbRE = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0]*\d*(?:\.\d+)?([a-zA-Z%])`)

// args makes arguments for the verbs of an English message: numbers for
// %d, text for the rest.
func args(msg string) []any {
	var out []any
	next := 1
	for _, m := range verbRE.FindAllStringSubmatch(msg, -1) {
		if m[2] == "%" {
			continue
		}
		i := next
		if m[1] != "" {
			i, _ = strconv.Atoi(m[1])
		}
		next = i + 1
		for len(out) < i {
			out = append(out, nil)
		}
		if m[2] == "d" {
			out[i-1] = 3
		} else {
			out[i-1] = "x"
		}
	}
	return out
}

// Every app message formats without fmt's complaints (a verb without its
// argument, an argument without its verb, a number as text) in every
// plural form, and every plural message shows its number.
func TestAppMessagesFormat(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "internal", "words", "locales", "en", "app.json"))
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	if len(raw) == 0 {
		t.Fatal("no app messages")
	}
	c := words.Load("en")
	for k, m := range raw {
		if !strings.HasPrefix(k, "app.") {
			t.Errorf("%s: the app's keys start with app.", k)
		}
		var text string
		if json.Unmarshal(m, &text) == nil {
			if got := c.T(k, args(text)...); strings.Contains(got, "%!") {
				t.Errorf("%s: %q", k, got)
			}
			continue
		}
		var forms map[string]string
		if err := json.Unmarshal(m, &forms); err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		a := args(forms["other"])
		if len(a) == 0 || a[0] != 3 {
			t.Errorf("%s: a plural message whose first verb is not its number: %q", k, forms["other"])
			continue
		}
		for _, n := range []int{0, 1, 2, 5, 21} {
			if got := c.N(k, n, a[1:]...); strings.Contains(got, "%!") || !strings.Contains(got, strconv.Itoa(n)) {
				t.Errorf("%s (%d): %q", k, n, got)
			}
		}
	}
}
