package corpus

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
)

// zipBuilder writes an office document's zip container deterministically:
// members in the order added, a fixed timestamp, no extra fields, no data
// descriptors (the layout LibreOffice and ODF validators expect for the
// stored mimetype member).
type zipBuilder struct {
	buf bytes.Buffer
	zw  *zip.Writer
}

func newZip() *zipBuilder {
	z := &zipBuilder{}
	z.zw = zip.NewWriter(&z.buf)
	return z
}

// add writes one member, stored or deflated.
func (z *zipBuilder) add(name string, data []byte, store bool) {
	fh := &zip.FileHeader{
		Name:               name,
		CRC32:              crc32.ChecksumIEEE(data),
		UncompressedSize64: uint64(len(data)),
		//lint:ignore SA1019 the DOS date is written as is, with no time zone field
		ModifiedDate: (2024-1980)<<9 | 3<<5 | 14, // 2024-03-14
		//lint:ignore SA1019 see ModifiedDate
		ModifiedTime:   10<<11 | 2<<5, // 10:02:00
		CreatorVersion: 20,
		ReaderVersion:  20,
	}
	body := data
	if store {
		fh.Method = zip.Store
	} else {
		fh.Method = zip.Deflate
		var c bytes.Buffer
		fw, _ := flate.NewWriter(&c, flate.DefaultCompression)
		fw.Write(data)
		fw.Close()
		body = c.Bytes()
	}
	fh.CompressedSize64 = uint64(len(body))
	w, err := z.zw.CreateRaw(fh)
	if err != nil {
		panic(err)
	}
	if _, err := w.Write(body); err != nil {
		panic(err)
	}
}

func (z *zipBuilder) bytes() []byte {
	if err := z.zw.Close(); err != nil {
		panic(err)
	}
	return z.buf.Bytes()
}
