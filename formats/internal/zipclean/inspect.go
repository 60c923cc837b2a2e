package zipclean

import (
	"encoding/binary"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/scrub-project/scrub/scrub"
)

// Where is the Finding.Where of what Findings reports.
const Where = "zip container"

// Extra field tags that carry times or owners.
const (
	extNTFS      = 0x000a
	extUnixPK    = 0x000d // PKWARE Unix: times, uid, gid
	extTimestamp = 0x5455 // Info-ZIP extended timestamp
	extUnixOld   = 0x5855 // Info-ZIP Unix (old): times, uid, gid
	extUnixNew   = 0x7875 // Info-ZIP Unix (new): uid, gid
	extUnix2     = 0x7855 // Info-ZIP Unix type 2: uid, gid
	extZip64     = 0x0001
)

// Findings lists what the container itself reveals, all of which Rewrite
// removes (Action scrub.Remove): member modification times other than the
// 1980 default (one finding for the archive, with the latest time and the
// number of members; LibreOffice writes real edit times), the archive
// comment and member comments, extra fields with times or owner ids
// (NTFS, Unix, extended timestamp) and any other extra field, and bytes
// that belong to no member (polyglots, appended data).
func (a *Archive) Findings() []scrub.Finding {
	var fs []scrub.Finding
	add := func(field, value string, kind scrub.Kind, label scrub.Label) {
		fs = append(fs, scrub.Finding{Where: Where, Field: field, Value: value, Kind: kind, Action: scrub.Remove, Label: label})
	}
	all := a.Members
	var (
		timed         int
		latestD       uint16
		latestT       uint16
		comments      []string
		commented     int
		extras        = map[string]int{}
		owners        = map[string]bool{}
		unknownExtras = map[uint16]bool{}
	)
	for _, m := range all {
		for _, dt := range [][2]uint16{{m.modDate, m.modTime}, {m.locDate, m.locTime}} {
			if _, ok := dosTime(dt[0], dt[1]); ok {
				timed++
				if dt[0] > latestD || (dt[0] == latestD && dt[1] > latestT) {
					latestD, latestT = dt[0], dt[1]
				}
				break
			}
		}
		if m.Comment != "" {
			commented++
			if len(comments) < 3 {
				comments = append(comments, m.Name+": "+m.Comment)
			}
		}
		seen := map[string]bool{}
		for _, ext := range [][]byte{m.centralExtra, m.locExt} {
			walkExtra(ext, func(tag uint16, data []byte) {
				name, owner := describeExtra(tag, data)
				switch {
				case name == "":
					return
				case name == "?":
					unknownExtras[tag] = true
					name = "other extra fields"
				}
				if owner != "" {
					owners[owner] = true
				}
				if !seen[name] {
					seen[name] = true
					extras[name]++
				}
			})
		}
	}
	if timed > 0 {
		t, _ := dosTime(latestD, latestT)
		add("member modification times", fmt.Sprintf("%s (latest of %d members)", t.Format("2006-01-02 15:04:05"), timed), scrub.KindTime, scrub.LabelModified)
	}
	if a.Comment != "" {
		add("archive comment", a.Comment, scrub.KindComment, scrub.LabelComment)
	}
	if commented > 0 {
		v := strings.Join(comments, "; ")
		if commented > len(comments) {
			v += fmt.Sprintf(" (%d members in all)", commented)
		}
		add("member comments", v, scrub.KindComment, scrub.LabelComment)
	}
	names := make([]string, 0, len(extras))
	for n := range extras {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		kind, label := scrub.KindTime, scrub.LabelModified
		v := fmt.Sprintf("%d members", extras[n])
		switch n {
		case "Unix owner ids":
			kind, label = scrub.KindAccount, scrub.LabelAccount
			var os []string
			for o := range owners {
				os = append(os, o)
			}
			sort.Strings(os)
			v = strings.Join(os, ", ") + " (" + v + ")"
		case "other extra fields":
			kind, label = scrub.KindOther, scrub.LabelPrivateData
			var tags []string
			for t := range unknownExtras {
				tags = append(tags, fmt.Sprintf("0x%04x", t))
			}
			sort.Strings(tags)
			v = "tags " + strings.Join(tags, ", ") + " (" + v + ")"
		}
		add(n, v, kind, label)
	}
	for _, h := range a.hidden {
		add("data outside the members", fmt.Sprintf("%d bytes %s", h.n, h.where), scrub.KindHidden, scrub.LabelHiddenData)
	}
	return fs
}

func walkExtra(extra []byte, f func(tag uint16, data []byte)) {
	for len(extra) >= 4 {
		t, n := binary.LittleEndian.Uint16(extra), int(binary.LittleEndian.Uint16(extra[2:]))
		if len(extra) < 4+n {
			f(0xffff, extra) // a damaged extra block is still content
			return
		}
		f(t, extra[4:4+n])
		extra = extra[4+n:]
	}
	if len(extra) > 0 {
		f(0xffff, extra)
	}
}

// describeExtra names an extra field for a finding ("" for fields that
// reveal nothing, "?" for unknown ones) and, for owner ids, returns them.
func describeExtra(tag uint16, data []byte) (name, owner string) {
	le := binary.LittleEndian
	switch tag {
	case extZip64, 0xa220, 0xcafe, 0xd935:
		// zip64 sizes, Microsoft's padding ("growth hint"), the JAR
		// marker and Android's alignment reveal nothing.
		return "", ""
	case extNTFS:
		return "NTFS times", ""
	case extTimestamp:
		return "extended timestamps", ""
	case extUnixOld:
		if len(data) >= 12 {
			return "Unix owner ids", fmt.Sprintf("uid %d gid %d", le.Uint16(data[8:]), le.Uint16(data[10:]))
		}
		return "Unix times", ""
	case extUnixPK:
		if len(data) >= 12 {
			return "Unix owner ids", fmt.Sprintf("uid %d gid %d", le.Uint16(data[8:]), le.Uint16(data[10:]))
		}
		return "Unix times", ""
	case extUnix2:
		if len(data) >= 4 {
			return "Unix owner ids", fmt.Sprintf("uid %d gid %d", le.Uint16(data), le.Uint16(data[2:]))
		}
		return "Unix owner ids", ""
	case extUnixNew:
		// version, uid size, uid, gid size, gid
		if len(data) >= 2 {
			us := int(data[1])
			if len(data) >= 3+us {
				gs := int(data[2+us])
				if len(data) >= 3+us+gs && us <= 8 && gs <= 8 {
					return "Unix owner ids", fmt.Sprintf("uid %d gid %d", leVar(data[2:2+us]), leVar(data[3+us:3+us+gs]))
				}
			}
		}
		return "Unix owner ids", ""
	}
	return "?", ""
}

func leVar(b []byte) uint64 {
	var v uint64
	for i := len(b) - 1; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v
}

// Structure returns a reader of every byte of the archive that is not a
// member's (compressed) content: local headers with their names and extra
// fields, data descriptors, the central directory with its comments, the
// end records and the archive comment, and any bytes that belong to no
// member. With the members' decompressed content it is all the archive
// holds, for a search that does not trust the rules of Findings.
func (a *Archive) Structure() io.Reader {
	ms := append([]*Member(nil), a.Members...)
	sort.Slice(ms, func(i, j int) bool { return ms[i].dataOffset < ms[j].dataOffset })
	var rs []io.Reader
	pos := int64(0)
	for _, m := range ms {
		if m.dataOffset > pos {
			rs = append(rs, io.NewSectionReader(a.r, pos, m.dataOffset-pos))
		}
		pos = max(pos, m.dataOffset+int64(m.CompressedSize))
	}
	if a.size > pos {
		rs = append(rs, io.NewSectionReader(a.r, pos, a.size-pos))
	}
	return io.MultiReader(rs...)
}
