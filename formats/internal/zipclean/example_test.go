package zipclean_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/scrub-project/scrub/formats/internal/zipclean"
	"github.com/scrub-project/scrub/scrub"
)

// Rewriting an ODF-like archive: mimetype first and stored, meta.xml
// dropped, content.xml streamed through a filter, the rest copied without
// recompressing.
func Example() {
	var in bytes.Buffer
	zw := zip.NewWriter(&in)
	for _, m := range [][2]string{{"content.xml", "<doc>SECRET</doc>"}, {"meta.xml", "<meta/>"}, {"mimetype", "application/vnd.oasis.opendocument.text"}} {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: m[0], Method: zip.Deflate, Modified: time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)})
		io.WriteString(w, m[1])
	}
	zw.Close()

	ctx := context.Background()
	env := scrub.NewEnv(scrub.NewRegistry(), scrub.Limits{}, scrub.Policy{})
	a, err := zipclean.Open(ctx, env, "odt", bytes.NewReader(in.Bytes()), int64(in.Len()))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range a.Findings() {
		fmt.Println(f.Field, f.Value)
	}
	var out bytes.Buffer
	err = a.Rewrite(ctx, &out, zipclean.Options{
		First: []string{"mimetype"},
		Decide: func(m *zipclean.Member) (zipclean.Decision, error) {
			switch m.Name {
			case "mimetype":
				return zipclean.Decision{Store: true}, nil
			case "meta.xml":
				return zipclean.Drop, nil
			case "content.xml":
				return m.Filter(ctx, func(dst io.Writer, src io.Reader) error {
					b, err := io.ReadAll(src)
					if err != nil {
						return err
					}
					_, err = io.WriteString(dst, strings.ReplaceAll(string(b), "SECRET", "clean"))
					return err
				}), nil
			}
			return zipclean.Keep, nil
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	zr, _ := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
	for _, f := range zr.File {
		fmt.Println(f.Name, f.Method, f.Modified.Format("2006-01-02"))
	}
	// Output:
	// member modification times 2024-05-06 07:08:08 (latest of 3 members)
	// extended timestamps 3 members
	// mimetype 0 1980-01-01
	// content.xml 8 1980-01-01
}
