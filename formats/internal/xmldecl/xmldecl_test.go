package xmldecl

import "testing"

func TestAttr(t *testing.T) {
	for _, c := range []struct{ decl, want string }{
		{`<?xml version="1.0" encoding="UTF-8"?>`, "UTF-8"},
		{`<?xml version='1.0' encoding = 'latin1' ?>`, "latin1"},
		{"<?xml version=\"1.0\"\n\tencoding=\n\"cp1252\"?>", "cp1252"},
		{`<?xml version="1.0"?>`, ""},
		{`<?xml version="1.0" encoding="UTF-8?>`, ""},
		{`<?xml version="1.0" encoding?>`, ""},
		{`<?xml version="1.0" encoding=UTF-8?>`, ""},
	} {
		v, at := Attr([]byte(c.decl), "encoding")
		if v != c.want || c.want != "" && c.decl[at[0]:at[1]] != c.want {
			t.Errorf("Attr(%q) = %q at %v, want %q", c.decl, v, at, c.want)
		}
	}
}
