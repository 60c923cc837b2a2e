// Package xmldecl reads the declaration that may start an XML document
// (<?xml version="1.0" encoding="UTF-8"?>), which every XML format scrub
// cleans checks for an encoding it does not read.
package xmldecl

import "bytes"

// Attr returns the value of the pseudo-attribute name ("encoding") in the
// declaration decl, and where the value is in decl; "" if decl has none.
func Attr(decl []byte, name string) (value string, at [2]int) {
	i := bytes.Index(decl, []byte(name))
	if i < 0 {
		return "", [2]int{}
	}
	j := i + len(name)
	for j < len(decl) && isSpace(decl[j]) {
		j++
	}
	if j == len(decl) || decl[j] != '=' {
		return "", [2]int{}
	}
	j++
	for j < len(decl) && isSpace(decl[j]) {
		j++
	}
	if j == len(decl) || (decl[j] != '"' && decl[j] != '\'') {
		return "", [2]int{}
	}
	end := bytes.IndexByte(decl[j+1:], decl[j])
	if end < 0 {
		return "", [2]int{}
	}
	return string(decl[j+1 : j+1+end]), [2]int{j + 1, j + 1 + end}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
