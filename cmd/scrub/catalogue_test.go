package main

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

	"github.com/scrub-project/scrub/githook"
	"github.com/scrub-project/scrub/internal/words"
)

var verbRE = regexp.MustCompile(`%(\[(\d+)\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// argsNeeded returns how many arguments a message's verbs use.
func argsNeeded(msg string) int {
	need, next := 0, 1
	for _, m := range verbRE.FindAllStringSubmatch(msg, -1) {
		if strings.HasSuffix(m[0], "%") {
			continue
		}
		pos := next
		if m[2] != "" {
			pos, _ = strconv.Atoi(m[2])
		}
		next = pos + 1
		need = max(need, pos)
	}
	return need
}

// englishCatalogue reads the English catalogue files: key -> the message
// (for plurals, the "other" form) and whether it is a plural.
func englishCatalogue(t *testing.T) map[string]catMessage {
	files, _ := filepath.Glob("../../internal/words/locales/en/*.json")
	if len(files) == 0 {
		t.Fatal("no English catalogue")
	}
	out := map[string]catMessage{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for k, v := range m {
			var text string
			if json.Unmarshal(v, &text) == nil {
				out[k] = catMessage{text, false}
				continue
			}
			var forms map[string]string
			if err := json.Unmarshal(v, &forms); err != nil {
				t.Fatalf("%s: %s: %v", f, k, err)
			}
			out[k] = catMessage{forms["other"], true}
		}
	}
	return out
}

type catMessage struct {
	text   string
	plural bool
}

// Every message the command line, the mail filter and the git hook use is
// in the English catalogue, with as many arguments as its verbs use: a
// typo in a key would print "!key", a missing argument "%!s(MISSING)".
func TestCatalogueHasEveryMessage(t *testing.T) {
	cat := englishCatalogue(t)
	checked := 0
	for _, dir := range []string{".", "../../mailfilter", "../../githook"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, file, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) == 0 {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				name := ""
				switch {
				case ok && isIdent(sel.X, "words") && (sel.Sel.Name == "T" || sel.Sel.Name == "N"):
					name = sel.Sel.Name
				case isIdent(call.Fun, "mailErr") || isIdent(call.Fun, "verifyFailed"):
					name = "E"
				default:
					return true
				}
				keyArg := call.Args[0]
				args := len(call.Args) - 1
				if name == "E" {
					keyArg, args = call.Args[1], len(call.Args)-2
				}
				lit, ok := keyArg.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true // a key built at run time: see TestCatalogueHasBuiltKeys
				}
				key, _ := strconv.Unquote(lit.Value)
				pos := fset.Position(call.Pos())
				checked++
				m, found := cat[key]
				if !found {
					t.Errorf("%s: %q is not in the catalogue", pos, key)
					return true
				}
				if m.plural != (name == "N") {
					t.Errorf("%s: %q is used with words.%s but plural is %v", pos, key, name, m.plural)
				}
				if need := argsNeeded(m.text); need != args {
					t.Errorf("%s: %q uses %d arguments, the call gives %d", pos, key, need, args)
				}
				return true
			})
		}
	}
	if checked < 100 {
		t.Errorf("only %d calls checked", checked)
	}
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// The keys built at run time exist too.
func TestCatalogueHasBuiltKeys(t *testing.T) {
	var keys []string
	for _, name := range commandNames() {
		keys = append(keys, "help."+name)
	}
	for _, a := range []githook.Action{githook.Created, githook.Inserted, githook.Chained, githook.Updated, githook.Unchanged} {
		keys = append(keys, "hook.install."+string(a))
	}
	for _, a := range []githook.Action{githook.Absent, githook.Removed, githook.Restored, githook.Stripped} {
		keys = append(keys, "hook.uninstall."+string(a))
	}
	for _, cmd := range []string{"inspect", "clean", "check"} {
		keys = append(keys, "cli.progress."+cmd)
	}
	keys = append(keys, "status.refused", "status.failed", "cli.notdone.one-cleaned", "cli.notdone.one-checked",
		"cli.notdone.many-cleaned", "cli.notdone.many-checked")
	for _, g := range words.Groups {
		keys = append(keys, "group."+string(g))
	}
	cat := englishCatalogue(t)
	for _, k := range keys {
		if _, ok := cat[k]; !ok {
			t.Errorf("%q is not in the catalogue", k)
		}
	}
}
