package corpus

import "strings"

var words = strings.Fields(`the committee reviewed budget water supply river district council report
survey families housing rent workers wages hours contract union meeting minutes agenda decision
vote members proposal city street market school teachers students hospital nurses clinic shift
road bridge repair funding grant account payment invoice delivery transport bus line station
schedule winter summer harvest farm cooperative price grain milk energy power station grid outage
complaint letter request response department ministry office public record archive document
evidence interview witness statement event march square police permit protest gathering speech
press release journal article photograph camera footage source editor desk story deadline
translation language region village mountain valley coast harbour fishing boat license quota
inspection safety factory chemical waste pollution sample laboratory result analysis table figure
chart appendix section chapter summary introduction method data collection period month year week
day morning evening night team volunteer network support training workshop session plan goal
priority risk issue problem solution option cost benefit impact community neighbourhood resident
tenant landlord eviction notice court hearing lawyer judge case file claim appeal ruling law
regulation policy reform change review audit finding recommendation action follow progress update`)

// sentence returns a pseudo-English sentence of n words.
func sentence(r *rng, n int) string {
	var b strings.Builder
	for i := range n {
		w := words[r.intn(len(words))]
		if i == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	b.WriteByte('.')
	return b.String()
}

// paragraph returns 3-8 sentences.
func paragraph(r *rng) string {
	var parts []string
	for range 3 + r.intn(6) {
		parts = append(parts, sentence(r, 7+r.intn(14)))
	}
	return strings.Join(parts, " ")
}

// heading returns a short title-like line.
func heading(r *rng) string {
	s := sentence(r, 2+r.intn(4))
	return strings.TrimSuffix(s, ".")
}

// person names for document authors; a unique suffix makes every planted
// value attributable to one file.
var firstNames = strings.Fields("Amira Bogdan Chiara Dmitri Esther Farid Greta Hamid Ines Jonas Katya Lucas Mira Nadia Oskar Priya Rafael Sana Tomas Ulla Viktor Yara Zeynep")
var lastNames = strings.Fields("Okafor Lindqvist Moreau Haddad Novak Brennan Castillo Takahashi Petrova Mensah Dubois Kowalski Rahimi Svensson Oyelaran Ferreira Nakamura Ilic Andersen Keller")

func personName(r *rng) string {
	return firstNames[r.intn(len(firstNames))] + " " + lastNames[r.intn(len(lastNames))] + "-" + hexID(r, 4)
}

func hexID(r *rng, n int) string {
	var b strings.Builder
	for range n {
		b.WriteByte("0123456789abcdef"[r.intn(16)])
	}
	return b.String()
}
