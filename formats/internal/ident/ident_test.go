package ident

import (
	"strings"
	"testing"

	"github.com/scrub-project/scrub/scrub"
)

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]bool{
		// Windows drives, both slashes, any letter.
		`C:\Users\jane\a.docx`: true, `c:/temp/a.docx`: true, `Z:\share\x`: true, ` D:\x `: true,
		// UNC and long paths.
		`\\server\share\a.docx`: true, `//server/share/a.docx`: true, `\\?\C:\x`: true,
		// file: URLs in every spelling.
		`file:///home/jane/a.docx`: true, `file://server/share/x`: true, `file:/C:/x`: true, `FILE:///C:/x`: true,
		`file:\\server\x`: true, `File:a.docx`: true, `file%3A%2F%2F%2Fhome%2Fjane`: true, `file%253A%252F%252Fserver%252Fx`: true,
		`FILE%3A%2F%2Fserver`: true,
		// Network URLs.
		`smb://nas/jane/x`: true, `SMB://nas/x`: true, `nfs://nas/x`: true, `afp://mac.local/jane`: true, `cifs://x/y`: true,
		`sftp://jane@host/x`: true, `davs://cloud/remote.php/webdav/x`: true, `vnd.sun.star.webdav://host/x`: true,
		// Unix and Mac homes, mounts, per-user folders.
		`/home/jane/a.odt`: true, `/Users/jane/Desktop/a.key`: true, `/media/jane/USB/a.jpg`: true, `/mnt/c/Users/jane/a.png`: true,
		`/run/user/1000/gvfs/x`: true, `/run/media/jane/disk/x`: true, `~/Documents/a.odt`: true, `/Volumes/Backup/x`: true,
		`/var/folders/xy/T/a.png`: true, `/private/var/folders/xy/T/a`: true, `/var/home/jane/x`: true, `/export/home/jane`: true,
		`/root/x`: true, `/Documents%20and%20Settings/karenl/My%20Documents/x.xls`: true, `/home`: true,
		// A drive written as a folder (PDF file specifications, MSYS).
		`/C/Users/jane/a.pdf`: true, `/c/Documents and Settings/jane/x`: true, `/d/projects/x`: false,
		// Escaped separators.
		`%5C%5Cserver%5Cshare`: true, `C%3A%5CUsers%5Cjane`: true,
		// A Windows path cut at the drive.
		`Documents and Settings\jane\x`: false, `x\Users\jane\a`: true,
		// Not local.
		`https://example.org/a%20b`: false, `https%3A%2F%2Fexample.org%2Fusers`: false, `http://host/home/jane`: false,
		`mailto:jane@example.org`: false, `../images/a.png`: false, `Pictures/a.png`: false, `a.png`: false,
		`/usr/share/x`: false, `/tmp/x`: false, ``: false, `C:`: false, `//`: false, `#bookmark`: false,
		`ftp://host/x`: false, `Object 1`: false,
	} {
		if got := LocalPath(in); got != want {
			t.Errorf("LocalPath(%q) = %v, want %v", in, got, want)
		}
	}
}

// A value escaped over and over must not be unescaped once per level: a
// megabyte of it took minutes and gigabytes, and the engine's timeout
// cannot stop a loop that never checks it.
// A value escaped a million times over, or a megabyte of words, is
// judged in bounded work (quadratic work would not finish in the test's
// time).
func TestLocalPathBounded(t *testing.T) {
	if LocalPath("%" + strings.Repeat("25", 1<<20)) {
		t.Error("an escaped percent sign is not a local path")
	}
	if ContainsLocalPath(strings.Repeat("a ", 1<<20)) {
		t.Error("words are not paths")
	}
}

func TestContains(t *testing.T) {
	for in, want := range map[string]bool{
		`INCLUDEPICTURE "C:\\Users\\jane\\a.png" \* MERGEFORMAT`: true,
		`Screenshot of /home/jane/x.png`:                         true,
		`HYPERLINK "https://example.org"`:                        false,
		`a plain sentence`:                                       false,
	} {
		if got := ContainsLocalPath(in); got != want {
			t.Errorf("ContainsLocalPath(%q) = %v", in, got)
		}
	}
	if !ContainsEmail("write to jane.doe@example.org today") || ContainsEmail("a @ b") {
		t.Error("ContainsEmail")
	}
}

func TestEmail(t *testing.T) {
	for in, want := range map[string]bool{
		"jane@example.org": true, "mailto:jane.doe+x@mail.example.co.uk?subject=x": true, "J_D@EXAMPLE.ORG": true,
		"jane@": false, "@example.org": false, "jane@localhost": false, "jane@example.o": false, "not an @ address": false,
		"a@b.c1": false,
	} {
		if got := Email(in); got != want {
			t.Errorf("Email(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestAccounts(t *testing.T) {
	for in, want := range map[string]bool{
		"S-1-5-21-1004336348-1177238915-682003330-512": true, "S-1-12-1-1234-5678-9012-3456": true,
		"S-1-1-0": false, "S-1-5-32-544": false, "S-1-5-21-": false, "S-1-5-21-12-ab-3": false,
	} {
		if got := SID(in); got != want {
			t.Errorf("SID(%q) = %v, want %v", in, got, want)
		}
	}
	for in, want := range map[string]bool{
		`IMSOLRSCALE1\Administrator`: true, `CORP\jane.doe`: true, `a\b\c`: false, `\jane`: false, `jane\`: false,
		`A VERY LONG DOMAIN NAME\x`: false,
	} {
		if got := DomainUser(in); got != want {
			t.Errorf("DomainUser(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestClassify(t *testing.T) {
	for in, want := range map[string]scrub.Label{
		`/home/jane/x`: scrub.LabelFilePath, "jane@example.org": scrub.LabelEmail, `CORP\jane`: scrub.LabelAccount,
		"S-1-5-21-1-2-3": scrub.LabelAccount, "Jane Doe": "",
	} {
		_, l, ok := Classify(in)
		if l != want || ok != (want != "") {
			t.Errorf("Classify(%q) = %q, %v", in, l, ok)
		}
	}
	if !Identifying("edited by jane@example.org") || !Identifying("S-1-5-21-1-2-3 wrote") || Identifying("nothing here") {
		t.Error("Identifying")
	}
}
