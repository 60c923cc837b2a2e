package all_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/scrub-project/scrub/formats/all"
	"github.com/scrub-project/scrub/internal/hostile"
	"github.com/scrub-project/scrub/scrub"
	"github.com/scrub-project/scrub/scrub/scrubtest"
)

// outcome is what the engine must do with one hostile file.
type outcome struct {
	status scrub.Status // StatusRefused, StatusCleaned or StatusAlreadyClean
	kind   error        // for refusals: the sentinel errors.Is must match
	// also lists other statuses that are right too (a truncated PDF may
	// keep nothing identifying, so it comes out already clean).
	also []scrub.Status
	// limits replace the engine's defaults for this run; the zero value
	// keeps them.
	limits scrub.Limits
	// heapMiB bounds the heap growth while the file is processed
	// (default 96 MiB).
	heapMiB uint64
	// note says why, where the reason is not obvious.
	note string
}

func refused(kind error, note string) outcome {
	return outcome{status: scrub.StatusRefused, kind: kind, note: note}
}

func cleaned(note string) outcome { return outcome{status: scrub.StatusCleaned, note: note} }

// small limits make the bombs stop early: they prove the limits are
// configurable and that memory follows them.
var small = scrub.Limits{MaxMemberSize: 16 << 20, MaxTotalSize: 32 << 20}

// expected holds one or more outcomes (under different limits) for every
// case of hostile.Cases and hostile.Samples; a case without one fails the
// test.
var expected = map[string][]outcome{
	// Zip bombs.
	"zip-bomb-gigabyte": {
		refused(scrub.ErrLimit, "the declared size is over the member limit: refused before inflating"),
		{status: scrub.StatusRefused, kind: scrub.ErrLimit, limits: scrub.Limits{MaxMemberSize: 4 << 30, MaxTotalSize: 32 << 20},
			note: "member limit raised: the total budget stops the inflation at 32 MiB"},
	},
	"zip-bomb-zip64-lie":  {refused(scrub.ErrMalformed, "inflating stops one byte past the declared 4 KiB")},
	"zip-bomb-zip64-huge": {refused(scrub.ErrLimit, "declared size over the member limit")},
	"zip-bomb-quarter": {
		{status: scrub.StatusRefused, kind: scrub.ErrLimit, limits: scrub.Limits{Timeout: 50 * time.Millisecond}, note: "over the time limit: the engine gives up, the reader stops at its next read"},
		{status: scrub.StatusRefused, kind: scrub.ErrLimit, limits: scrub.Limits{MaxTotalSize: 32 << 20}, note: "under the member limit, over the total budget"},
		{status: scrub.StatusRefused, kind: scrub.ErrLimit, limits: small, note: "over a small member limit"},
	},
	"zip-many-members":   {refused(scrub.ErrLimit, "")},
	"zip-count-lie":      {refused(scrub.ErrLimit, "the declared count is checked before the directory is read")},
	"zip64-count-lie":    {refused(scrub.ErrLimit, "")},
	"zip-overlap":        {refused(scrub.ErrMalformed, "")},
	"zip-size-lie-small": {{status: scrub.StatusRefused, kind: scrub.ErrMalformed, heapMiB: 16, note: "a declared size is not an allocation"}},
	"nested-docx":        {refused(scrub.ErrLimit, "nested deeper than MaxDepth (4)")},
	"nested-docx-ok":     {cleaned("nested within the limit: every level cleaned")},

	// The fail-closed rules of Office and OpenDocument.
	"docx-guid-flood":          {cleaned("every GUID renumbered, in one pass")},
	"docx-unknown-rels":        {cleaned("every part of an unknown relationship goes")},
	"docx-foreign-namespaces":  {cleaned("the foreign elements and attributes go; the text stays")},
	"docx-emf-description-lie": {cleaned("a description past the header is not read; the picture stays")},
	"odt-hidden-fields-flood":  {cleaned("hidden fields and unused declarations go; the one a condition names stays")},

	// Zip name tricks.
	"zip-name-dotdot":        {refused(scrub.ErrMalformed, "")},
	"zip-name-absolute":      {refused(scrub.ErrMalformed, "")},
	"zip-name-drive":         {refused(scrub.ErrMalformed, "")},
	"zip-name-backslash":     {refused(scrub.ErrMalformed, "")},
	"zip-name-nul":           {refused(scrub.ErrMalformed, "")},
	"zip-name-duplicate":     {refused(scrub.ErrMalformed, "")},
	"zip-name-case":          {refused(scrub.ErrMalformed, "")},
	"zip-name-nfd":           {refused(scrub.ErrMalformed, "")},
	"zip-local-mismatch":     {refused(scrub.ErrMalformed, "")},
	"zip-local-crc-mismatch": {refused(scrub.ErrMalformed, "")},
	"zip-trailing-data":      {cleaned("bytes after the archive are a finding; the rewrite drops them")},
	"zip-hidden-between":     {cleaned("bytes between members are a finding; the rewrite drops them")},
	"zip-hidden-prefix":      {refused(scrub.ErrMismatch, "a zip that does not start at byte 0 is not identified as an Office document")},

	// Hostile XML.
	"xml-billion-laughs-docx":   {refused(scrub.ErrUnsupported, "DOCTYPE refused before any entity is read")},
	"xml-xxe-docx":              {refused(scrub.ErrUnsupported, "")},
	"xml-doctype-content-types": {refused(scrub.ErrUnsupported, "refused while identifying")},
	"xml-billion-laughs-fodt":   {refused(scrub.ErrMismatch, "a DOCTYPE before the root: not identified as flat OpenDocument")},
	"xml-xxe-fodt":              {refused(scrub.ErrMismatch, "")},
	"xml-undefined-entity-fodt": {refused(scrub.ErrMalformed, "")},
	"xml-deep-docx":             {refused(scrub.ErrLimit, "")},
	"xml-deep-fodt":             {refused(scrub.ErrLimit, "")},
	"xml-huge-attribute": {
		{status: scrub.StatusRefused, kind: scrub.ErrLimit, heapMiB: 320, note: "the 64 MiB token limit: memory bounded by it"},
		{status: scrub.StatusRefused, kind: scrub.ErrLimit, limits: small, note: "a small member limit stops it sooner"},
	},
	"xml-percent-path":     {cleaned("URL unescaping is bounded: a few rounds, not one per level")},
	"xml-invalid-utf8":     {refused(scrub.ErrMalformed, "")},
	"xml-mismatched-tags":  {refused(scrub.ErrMalformed, "")},
	"xml-unclosed-fodt":    {refused(scrub.ErrMalformed, "")},
	"xml-odt-deep-content": {refused(scrub.ErrLimit, "")},

	// Hostile PDFs.
	"pdf-broken-xref": {refused(scrub.ErrMalformed, "pdfcpu cannot find the catalog through the wrong offsets")},
	"pdf-no-xref":     {cleaned("pdfcpu rebuilds the xref table by scanning")},
	"pdf-cyclic-kids": {cleaned("the page walk keeps a visited set")},
	"pdf-self-parent": {cleaned("")},
	"pdf-objstm-self": {refused(scrub.ErrMalformed, "pdfcpu panics; the handler contains it")},
	"pdf-objstm-loop": {refused(scrub.ErrMalformed, "pdfcpu panics; the handler contains it")},
	"pdf-huge-length": {refused(scrub.ErrMalformed, "")},
	"pdf-deep-array":  {refused(scrub.ErrMalformed, "pdfcpu's recursion limit")},
	"pdf-ref-chain": {
		{status: scrub.StatusCleaned, heapMiB: 96, note: "5000 objects in a cycle: the walk is iterative"},
		{status: scrub.StatusRefused, kind: scrub.ErrLimit, limits: scrub.Limits{MaxTotalSize: 4 << 20}, heapMiB: 8, note: "the objects' memory is charged to the budget before pdfcpu parses them"},
	},
	"pdf-ref-loop":      {cleaned("")},
	"pdf-length-self":   {refused(scrub.ErrMalformed, "")},
	"pdf-prev-loop":     {refused(scrub.ErrMalformed, "")},
	"pdf-huge-xref":     {refused(scrub.ErrMalformed, "")},
	"pdf-deep-dict":     {refused(scrub.ErrMalformed, "")},
	"pdf-flate-bomb":    {refused(scrub.ErrLimit, "a content stream over the member limit"), {status: scrub.StatusRefused, kind: scrub.ErrLimit, limits: small}},
	"pdf-filter-chain":  {cleaned("")},
	"pdf-self-array":    {cleaned("rendering a value follows arrays and file specifications two levels at most")},
	"pdf-huge-size":     {{status: scrub.StatusAlreadyClean, also: []scrub.Status{scrub.StatusCleaned, scrub.StatusRefused}, kind: scrub.ErrMalformed, heapMiB: 24, note: "the declared object count is bounded by the file size"}},
	"pdf-objstm-huge":   {{status: scrub.StatusAlreadyClean, also: []scrub.Status{scrub.StatusCleaned}, note: "the Info dictionary sits in the broken object stream: nothing left to remove"}},
	"pdf-truncated-25":  {{status: scrub.StatusAlreadyClean, also: []scrub.Status{scrub.StatusCleaned, scrub.StatusRefused}, kind: scrub.ErrMalformed, note: "whatever pdfcpu recovers is written fresh"}},
	"pdf-truncated-50":  {{status: scrub.StatusAlreadyClean, also: []scrub.Status{scrub.StatusCleaned, scrub.StatusRefused}, kind: scrub.ErrMalformed}},
	"pdf-truncated-75":  {{status: scrub.StatusCleaned, also: []scrub.Status{scrub.StatusRefused}, kind: scrub.ErrMalformed}},
	"pdf-truncated-99":  {{status: scrub.StatusCleaned, also: []scrub.Status{scrub.StatusRefused}, kind: scrub.ErrMalformed}},
	"pdf-rc4-40-user":   {refused(scrub.ErrEncrypted, "")},
	"pdf-rc4-128-user":  {refused(scrub.ErrEncrypted, "")},
	"pdf-aes-128-user":  {refused(scrub.ErrEncrypted, "")},
	"pdf-aes-256-user":  {refused(scrub.ErrEncrypted, "")},
	"pdf-rc4-40-owner":  {cleaned("owner password only: decrypted and cleaned, with a warning")},
	"pdf-aes-128-owner": {cleaned("")},
	"pdf-aes-256-owner": {cleaned("")},

	// Issue 13: memory of decoded objects, and text that only mentions the header.
	"pdf-objstm-arrays": {
		{status: scrub.StatusRefused, kind: scrub.ErrLimit, heapMiB: 64, note: "an object stream is charged for what its objects take once parsed before any is: refused at once"},
		{status: scrub.StatusRefused, kind: scrub.ErrLimit, limits: scrub.Limits{MaxTotalSize: 256 << 20}, heapMiB: 64},
	},
	"pdf-header-in-text": {refused(scrub.ErrMismatch, "a text that mentions %PDF- has no PDF structure: no handler claims it")},

	// Damaged images.
	"jpeg-truncated-marker": {refused(scrub.ErrMalformed, "")},
	"jpeg-segment-past-end": {refused(scrub.ErrMalformed, "")},
	"jpeg-no-eoi":           {refused(scrub.ErrMalformed, "")},
	"png-bad-crc":           {refused(scrub.ErrMalformed, "")},
	"png-huge-chunk":        {refused(scrub.ErrMalformed, "the length is checked against the file size before anything is read")},
	"png-truncated":         {refused(scrub.ErrMalformed, "")},

	// Damaged TIFF and DNG files.
	"tiff-ifd-loop":           {refused(scrub.ErrMalformed, "")},
	"tiff-ifd0-past-end":      {refused(scrub.ErrMalformed, "")},
	"tiff-strip-past-end":     {refused(scrub.ErrMalformed, "")},
	"tiff-huge-count":         {refused(scrub.ErrMalformed, "the declared table does not fit in the file: nothing is allocated for it")},
	"tiff-huge-entry-count":   {refused(scrub.ErrMalformed, "")},
	"tiff-overlapping-strips": {refused(scrub.ErrMalformed, "")},
	"tiff-strip-over-xmp":     {refused(scrub.ErrMalformed, "copying the strip would copy the XMP packet with it")},
	"tiff-deep-subifds":       {refused(scrub.ErrLimit, "SubIFDs nested deeper than MaxDepth")},
	"tiff-subifd-loop":        {refused(scrub.ErrMalformed, "")},
	"tiff-truncated":          {refused(scrub.ErrMalformed, "")},
	"bigtiff-huge-offset":     {refused(scrub.ErrMalformed, "")},
	"tiff-raw-nef":            {refused(scrub.ErrUnsupported, "camera raws other than DNG are refused by content, whatever the name")},

	// Type confusion and polyglots.
	"jpeg-named-docx":     {refused(scrub.ErrMismatch, "")},
	"pdf-named-jpg":       {refused(scrub.ErrMismatch, "")},
	"docx-named-odt":      {refused(scrub.ErrMismatch, "")},
	"doc-named-docx":      {refused(scrub.ErrUnsupported, "a refused format is refused for what it is, whatever its name")},
	"encrypted-docx":      {refused(scrub.ErrEncrypted, "")},
	"cfb-dir-loop":        {refused(scrub.ErrUnsupported, "a damaged OLE directory is still an OLE file: refused")},
	"garbage-named-pdf":   {refused(scrub.ErrMismatch, "")},
	"empty-named-docx":    {refused(scrub.ErrMismatch, "")},
	"pdf-zip-appended":    {refused(scrub.ErrUnsupported, "PDF+zip polyglot")},
	"pdf-zip-prefix":      {refused(scrub.ErrUnsupported, "PDF+zip polyglot")},
	"pdf-zip-prefix-docx": {refused(scrub.ErrMismatch, "named .docx, the content starts as a PDF")},
	"docx-pdf-member":     {refused(scrub.ErrUnsupported, "both handlers claim it: the registry refuses the polyglot")},
	"pdf-hybrid":          {cleaned("the archive is inside the PDF: the cleaner removes /AdditionalStreams, so the copy is no longer a zip")},
	"jpeg-zip-appended":   {cleaned("bytes after the end of the image are a finding; the cleaned JPEG ends at its end-of-image marker")},

	// Terminal escape injection: cleaned; the printed values are escaped
	// (checked for every case).
	"escape-jpeg": {cleaned("")},
	"escape-pdf":  {cleaned("")},

	// Archives and books (formats/archive, formats/epub).
	"archive-zip-symlink":      {refused(scrub.ErrUnsupported, "links can point outside the folder")},
	"archive-zip-setuid":       {refused(scrub.ErrUnsupported, "")},
	"archive-zip-unknown":      {refused(scrub.ErrUnsupported, "a member scrub cannot clean refuses the archive by default, naming it")},
	"archive-zip-nested-deep":  {refused(scrub.ErrLimit, "nested deeper than MaxDepth (4)")},
	"archive-zip-dotdot":       {refused(scrub.ErrMalformed, "")},
	"archive-tar-symlink":      {refused(scrub.ErrUnsupported, "")},
	"archive-tar-hardlink":     {refused(scrub.ErrUnsupported, "")},
	"archive-tar-device":       {refused(scrub.ErrUnsupported, "")},
	"archive-tar-fifo":         {refused(scrub.ErrUnsupported, "")},
	"archive-tar-setuid":       {refused(scrub.ErrUnsupported, "")},
	"archive-tar-absolute":     {refused(scrub.ErrMalformed, "")},
	"archive-tar-dotdot":       {refused(scrub.ErrMalformed, "")},
	"archive-tar-duplicate":    {refused(scrub.ErrMalformed, "")},
	"archive-tar-case":         {refused(scrub.ErrMalformed, "")},
	"archive-tar-bad-checksum": {refused(scrub.ErrMalformed, "")},
	"archive-tar-huge-size":    {refused(scrub.ErrLimit, "the declared size is checked before anything is read")},
	"archive-tar-truncated":    {refused(scrub.ErrMalformed, "")},
	"archive-tar-trailing":     {cleaned("bytes after the end are a finding; the cleaned copy ends at its own end")},
	"archive-tgz-text-bomb": {
		{status: scrub.StatusAlreadyClean, heapMiB: 200, note: "45 MiB of text within the limits: nothing to remove, one member in memory at a time (its text is also the part the residue check reads as what the reader sees; 77-166 MiB measured, with GC timing)"},
		{status: scrub.StatusRefused, kind: scrub.ErrLimit, limits: small, note: "the budget stops the inflation"},
	},
	"archive-xz-huge-dict": {refused(scrub.ErrLimit, "the dictionary size is read from the block header before the decoder allocates it")},
	"epub-drm":             {refused(scrub.ErrEncrypted, "")},
	"epub-doctype-subset":  {refused(scrub.ErrUnsupported, "an internal DTD subset is refused before any entity is read")},
	"epub-opf-outside":     {refused(scrub.ErrMalformed, "")},
	"sample-zip":           {cleaned("")},
	"sample-tgz":           {cleaned("")},
	"sample-epub":          {cleaned("")},

	// Hostile SVG.
	"svg-billion-laughs":     {refused(scrub.ErrUnsupported, "entities made of entities are refused before any is expanded")},
	"svg-xxe":                {refused(scrub.ErrUnsupported, "external entities are refused, never read")},
	"svg-parameter-entity":   {refused(scrub.ErrUnsupported, "")},
	"svg-quadratic-entities": {refused(scrub.ErrLimit, "expansion stops at 16 MiB, produced and charged piece by piece")},
	"svg-deep":               {refused(scrub.ErrLimit, "")},
	"svg-huge-picture":       {{status: scrub.StatusRefused, kind: scrub.ErrLimit, limits: small, note: "a token over the member limit: memory bounded by it"}},
	"svgz-bomb": {
		{status: scrub.StatusAlreadyClean, note: "24 MiB of text inflated as a stream: nothing to remove"},
		{status: scrub.StatusRefused, kind: scrub.ErrLimit, limits: small, note: "over a small member limit"},
	},
	"svg-truncated":        {refused(scrub.ErrMalformed, "")},
	"svg-undefined-entity": {refused(scrub.ErrMalformed, "")},

	// Hostile RTF.
	"rtf-deep":         {refused(scrub.ErrLimit, "groups nested over 1000 deep")},
	"rtf-bin-huge":     {refused(scrub.ErrMalformed, "the length is checked against the file size before anything is read")},
	"rtf-bin-negative": {refused(scrub.ErrMalformed, "")},
	"rtf-unterminated": {refused(scrub.ErrMalformed, "")},
	"rtf-long-word":    {refused(scrub.ErrMalformed, "")},
	"rtf-long-number":  {refused(scrub.ErrMalformed, "")},
	"rtf-bad-hex":      {refused(scrub.ErrMalformed, "")},
	"rtf-hex-bomb":     {{status: scrub.StatusRefused, kind: scrub.ErrLimit, limits: small, note: "a picture over the member limit"}},
	"rtf-truncated":    {refused(scrub.ErrMalformed, "")},

	// Valid samples.
	"sample-docx": {cleaned(""), {status: scrub.StatusRefused, kind: scrub.ErrLimit, limits: scrub.Limits{MaxInputSize: 1 << 10}, note: "over --max-size: refused before it is read"}},
	"sample-xlsx": {cleaned("")},
	"sample-pptx": {cleaned("")},
	"sample-odt":  {cleaned("")},
	"sample-fodt": {cleaned("")},
	"sample-pdf":  {cleaned("")},

	"sample-pdf-classes": {cleaned("the filtered JPEG, the comment, the link author and the deleted page's texts go")},
	"pdf-form-fanout":    {cleaned("the hidden-content analysis stops at its work budget and says the page is too complex to check")},
	"pdf-glyph-flood":    {cleaned("glyphs are looked at one by one up to 262,144 a page")},
	"pdf-edge-flood":     {cleaned("the edges a coverage test looks at are charged to the work budget")},

	"sample-jpeg": {cleaned("")},
	"sample-png":  {cleaned("")},
	"sample-svg":  {cleaned("")},
	"sample-rtf":  {cleaned("")},
	"sample-tiff": {cleaned("")},
	"sample-dng":  {cleaned("")},
	"sample-webp": {cleaned("")},

	// Hostile WebP.
	"webp-riff-size-past-end": {refused(scrub.ErrMalformed, "the RIFF size is checked against the file size")},
	"webp-chunk-past-end":     {refused(scrub.ErrMalformed, "a chunk size is checked against its container before anything is read")},
	"webp-truncated":          {refused(scrub.ErrMalformed, "")},
	"webp-riff-size-short":    {refused(scrub.ErrMalformed, "a chunk that runs past the RIFF size")},
	"webp-many-chunks":        {refused(scrub.ErrLimit, "more chunks than the member limit")},
	"webp-trailing":           {cleaned("data after the container is a finding; the clean copy ends with it")},

	// Hostile GIF.
	"sample-gif":            {cleaned("")},
	"gif-truncated":         {refused(scrub.ErrMalformed, "")},
	"gif-endless-subblocks": {refused(scrub.ErrMalformed, "sub-blocks are read to the end of the file, never past it")},
	"gif-stray-byte":        {refused(scrub.ErrMalformed, "")},
	"gif-many-extensions":   {refused(scrub.ErrLimit, "more extension blocks than the member limit")},
	"gif-trailing":          {cleaned("data after the trailer is a finding; the clean copy ends at the trailer")},
	"gif-no-trailer":        {cleaned("a file that ends after a whole block is read; the clean copy gets a trailer")},

	// Hostile Matroska.
	"sample-mkv":             {cleaned("")},
	"sample-webm":            {cleaned("")},
	"mkv-huge-size":          {refused(scrub.ErrMalformed, "a size is checked against its segment before anything is read")},
	"mkv-unknown-size-info":  {refused(scrub.ErrMalformed, "only segments and clusters may have an unknown size")},
	"mkv-deep-chapters":      {refused(scrub.ErrMalformed, "nesting is bounded (32)")},
	"mkv-cut-in-cluster":     {refused(scrub.ErrMalformed, "a partial download: cut inside a cluster")},
	"mkv-live-unknown-sizes": {refused(scrub.ErrMalformed, "an element of unknown size inside a cluster")},
	"mkv-many-voids":         {refused(scrub.ErrLimit, "more elements to change than the member limit")},
	"mkv-live":               {cleaned("segment and clusters of unknown size are read to the next sibling")},

	// ISO base media (formats/isobmff).
	"sample-mp4":            {cleaned("user data and the telemetry track go; the movie box shrinks, every chunk offset moves")},
	"sample-heic":           {cleaned("the Exif item goes with its location, reference and bytes")},
	"mp4-truncated":         {refused(scrub.ErrMalformed, "")},
	"mp4-size-past-end":     {refused(scrub.ErrMalformed, "box sizes are checked against the file size before anything is read")},
	"mp4-huge-64bit-size":   {refused(scrub.ErrMalformed, "")},
	"mp4-stsz-count":        {refused(scrub.ErrMalformed, "a declared count is checked against the table's bytes: never an allocation")},
	"mp4-stco-count":        {refused(scrub.ErrMalformed, "")},
	"mp4-chunk-past-end":    {refused(scrub.ErrMalformed, "")},
	"mp4-deep-user-data":    {cleaned("user data is dropped whole: nested boxes are never walked")},
	"mp4-many-boxes":        {refused(scrub.ErrLimit, "more boxes than the member limit")},
	"mp4-fragmented":        {refused(scrub.ErrUnsupported, "fragmented MP4 is refused with a hint")},
	"mp4-motion-photo-nest": {cleaned("embedded videos are cleaned through the registry down to the depth limit; deeper ones are dropped")},
	"heic-iloc-past-end":    {refused(scrub.ErrMalformed, "")},
	"heic-iloc-count":       {refused(scrub.ErrMalformed, "")},
	"heic-ipma-index":       {refused(scrub.ErrMalformed, "")},
	"heic-truncated":        {refused(scrub.ErrMalformed, "")},

	// Hostile FLAC and Ogg (formats/flac, formats/ogg).
	"sample-flac":              {cleaned("")},
	"sample-opus":              {cleaned("")},
	"flac-block-past-end":      {refused(scrub.ErrMalformed, "a block length is checked against the file size before anything is read")},
	"flac-unknown-block":       {refused(scrub.ErrUnsupported, "fail closed: a block type FLAC does not define")},
	"flac-no-streaminfo":       {refused(scrub.ErrMalformed, "")},
	"flac-comment-count-bomb":  {refused(scrub.ErrMalformed, "the count is checked against the bytes left before any field is read")},
	"flac-comment-length-bomb": {refused(scrub.ErrMalformed, "")},
	"flac-picture-bomb":        {refused(scrub.ErrMalformed, "a declared picture length is never an allocation")},
	"flac-many-blocks":         {refused(scrub.ErrLimit, "more blocks than the member limit")},
	"flac-id3-past-end":        {refused(scrub.ErrMismatch, "an ID3 tag that runs past the end hides where fLaC would be: not identified as FLAC")},
	"flac-damaged-frames":      {refused(scrub.ErrMalformed, "data between frames is damage: refused, not copied")},
	"flac-no-frames":           {refused(scrub.ErrMalformed, "")},
	"flac-trailing":            {cleaned("data and tags after the last frame are findings; the clean copy ends with the last frame")},
	"ogg-no-first-page":        {refused(scrub.ErrMalformed, "a page of a stream that never began")},
	"ogg-bad-crc":              {refused(scrub.ErrMalformed, "every page's checksum is checked")},
	"ogg-page-repeated":        {refused(scrub.ErrMalformed, "sequence numbers must grow")},
	"ogg-lacing-past-end":      {refused(scrub.ErrMalformed, "its body runs over the next pages: bad checksum")},
	"ogg-endless-comment": {
		refused(scrub.ErrMalformed, "the file ends inside the headers"),
		{status: scrub.StatusRefused, kind: scrub.ErrLimit, limits: scrub.Limits{MaxMemberSize: 1 << 20}, note: "header packets are held up to the member limit"},
	},
	"ogg-comment-count-bomb": {refused(scrub.ErrMalformed, "")},
	"ogg-picture-bomb":       {refused(scrub.ErrMalformed, "")},
	"ogg-skeleton":           {refused(scrub.ErrUnsupported, "fail closed: a kind of stream scrub does not clean")},
	"ogg-header-in-audio":    {refused(scrub.ErrMalformed, "a header packet among the audio could hide a second comment header")},
	"ogg-serial-twice":       {refused(scrub.ErrMalformed, "")},
	"ogg-data-between-pages": {refused(scrub.ErrMalformed, "")},
	"ogg-vorbis-no-framing":  {refused(scrub.ErrMalformed, "")},
	"ogg-trailing":           {cleaned("data after the last page is a finding; the clean copy ends with the last page")},

	// Hostile MP3 and WAV (formats/mp3, formats/wav, formats/internal/id3).
	"sample-mp3":             {cleaned("")},
	"sample-wav":             {cleaned("")},
	"mp3-id3-huge-size":      {refused(scrub.ErrMalformed, "the tag size is checked against the file size before anything is read")},
	"mp3-id3-frame-past-tag": {cleaned("the frame is listed as cut short; the tag goes whole")},
	"mp3-id3-zlib-bomb":      {cleaned("a compressed frame is inflated to 16 MiB at most, and only to list it")},
	"mp3-id3-chapters-deep":  {cleaned("frames inside chapters are read 4 levels deep; the tag goes whole")},
	"mp3-id3-many-tags":      {refused(scrub.ErrLimit, "more tags than the member limit")},
	"mp3-ape-size-lie":       {refused(scrub.ErrMalformed, "")},
	"mp3-ape-count-lie":      {cleaned("items are read as far as the tag's bytes go")},
	"mp3-lyrics3-size-lie":   {refused(scrub.ErrMalformed, "")},
	"mp3-junk-between":       {cleaned("what is not audio between the tags and the frames, or between frames, is dropped and reported")},
	"mp3-truncated":          {cleaned("a last frame cut short is kept as it is")},
	"mp3-tag-only":           {refused(scrub.ErrMalformed, "a tag and no audio")},
	"mp3-not-audio":          {refused(scrub.ErrMismatch, "an ID3 tag followed by no MPEG audio is not identified as MP3")},
	"wav-riff-size-lie":      {cleaned("the RIFF size is read tolerantly and written right")},
	"wav-chunk-past-end":     {refused(scrub.ErrMalformed, "")},
	"wav-data-past-end":      {refused(scrub.ErrMalformed, "the data chunk is never cut to fit")},
	"wav-many-chunks":        {refused(scrub.ErrLimit, "more chunks than the member limit")},
	"wav-odd-no-pad":         {cleaned("a missing pad byte is noticed; the copy has it")},
	"wav-rf64-lie":           {refused(scrub.ErrMalformed, "the 64-bit size is checked against the file size")},
	"wav-no-data":            {refused(scrub.ErrMalformed, "")},
	"wav-ixml-laughs":        {cleaned("entities are not expanded; the chunk goes whole")},
	"wav-id3-chunk-lie":      {cleaned("the tag is read within its chunk")},
}

// TestHostileFiles runs every generated hostile file through the real
// engine, as the CLI does (a copy beside the original, and in place), and
// asserts the outcome the table gives: the status, the error kind, the
// original untouched unless cleaned in place, no output and no temporary
// file for a refusal, planted values gone from a clean copy, no panic,
// bounded time and bounded memory.
func TestHostileFiles(t *testing.T) {
	cases := append(hostile.Cases(), hostile.Samples()...)
	seen := map[string]bool{}
	for _, c := range cases {
		seen[c.Name] = true
		if _, ok := expected[c.Name]; !ok {
			t.Errorf("%s: no expected outcome in the table", c.Name)
		}
	}
	for name := range expected {
		if !seen[name] {
			t.Errorf("%s: in the table but not generated", name)
		}
	}
	reg := all.Registry()
	root := t.TempDir()
	for _, c := range cases {
		if testing.Short() && c.Large {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			dir := filepath.Join(root, c.Name)
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, c.File)
			writeCase(t, c, path)
			for i, want := range expected[c.Name] {
				for _, inPlace := range []bool{false, true} {
					runHostile(t, reg, c, path, want, inPlace, i)
				}
			}
		})
	}
}

func writeCase(t *testing.T, c hostile.Case, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Write(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func digest(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// perCaseTime bounds one run of one case (inspect, clean and verify); the
// engine's own timeout is set higher so that a hang shows as this
// failure, not as a refusal.
const perCaseTime = 4 * time.Second

func runHostile(t *testing.T, reg *scrub.Registry, c hostile.Case, path string, want outcome, inPlace bool, variant int) {
	mode := "copy"
	if inPlace {
		mode = "in-place"
	}
	label := func() string { return mode + " (limits variant " + string(rune('0'+variant)) + ")" }
	before := digest(t, path)
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer os.WriteFile(path, orig, 0o644) // restore after an in-place clean

	limits := want.limits
	if limits.Timeout == 0 {
		limits.Timeout = 30 * time.Second
	}
	e := &scrub.Engine{Registry: reg, Limits: limits, Jobs: 1}
	var results []scrub.Result
	goroutines := runtime.NumGoroutine()
	heap := watchHeap()
	start := time.Now()
	err = e.Clean(context.Background(), scrub.NewPlan([]string{path}, scrub.PlanOptions{}), scrub.CleanOptions{InPlace: inPlace}, func(r scrub.Result) {
		results = append(results, r)
	})
	took := time.Since(start)
	grew := heap.stop()
	if err != nil {
		t.Fatalf("%s: Clean: %v", label(), err)
	}
	if len(results) != 1 {
		t.Fatalf("%s: %d results", label(), len(results))
	}
	r := results[0]
	t.Logf("%s: %s in %s, heap +%d MiB: %s", label(), r.Status, took.Round(time.Millisecond), grew>>20, r.Error)

	if took > perCaseTime {
		t.Errorf("%s: took %s, over %s", label(), took, perCaseTime)
	}
	// Nothing keeps working once the file is done: a handler the engine
	// gave up on (over the time limit) must stop soon after.
	for wait := 0; runtime.NumGoroutine() > goroutines && wait < 200; wait++ {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > goroutines {
		t.Errorf("%s: %d goroutines still running 2s after the file was done", label(), n-goroutines)
	}
	bound := want.heapMiB
	if bound == 0 {
		bound = 96
	}
	if grew > bound<<20 {
		t.Errorf("%s: heap grew by %d MiB, over %d MiB", label(), grew>>20, bound)
	}
	var pe *scrub.PanicError
	if errors.As(r.Err, &pe) {
		t.Fatalf("%s: a handler panicked: %v\n%s", label(), pe.Value, pe.Stack)
	}
	printed := []string{r.Error, r.Hint, r.Path, r.Output}
	for _, f := range r.Findings {
		printed = append(printed, f.Where, f.Field, f.Value)
	}
	for _, w := range r.Warnings {
		printed = append(printed, w.Where, w.Message)
	}
	for _, s := range printed {
		if strings.IndexFunc(s, unsafeToPrint) >= 0 {
			t.Errorf("%s: unescaped control or format character in %q", label(), s)
		}
	}
	ok := r.Status == want.status
	for _, s := range want.also {
		ok = ok || r.Status == s
	}
	if !ok {
		t.Fatalf("%s: status %s (%s), want %s %v", label(), r.Status, r.Error, want.status, want.also)
	}

	out := scrub.CleanedName(path)
	switch r.Status {
	case scrub.StatusRefused:
		if want.kind != nil && !errors.Is(r.Err, want.kind) {
			t.Errorf("%s: error %v, want one matching %v", label(), r.Err, want.kind)
		}
		if r.Error == "" {
			t.Errorf("%s: a refusal without a reason", label())
		}
		if digest(t, path) != before {
			t.Errorf("%s: the original was modified", label())
		}
		if _, err := os.Lstat(out); err == nil {
			t.Errorf("%s: an output was written for a refused file", label())
		}
	case scrub.StatusCleaned, scrub.StatusAlreadyClean:
		cleanPath := out
		if inPlace {
			cleanPath = path
		} else if digest(t, path) != before {
			t.Errorf("%s: the original was modified", label())
		}
		if inPlace && r.Status == scrub.StatusAlreadyClean {
			break // nothing to remove: the file is left as it was
		}
		data, err := os.ReadFile(cleanPath)
		if err != nil {
			t.Fatalf("%s: %v", label(), err)
		}
		if r.Status == scrub.StatusCleaned {
			// The original carries each planted value: in its bytes, or
			// (encrypted) in what inspecting it found.
			for _, v := range c.Planted {
				if !scrubtest.Contains(orig, v) && !foundValue(r.Findings, v) {
					t.Errorf("%s: the original does not carry %q", label(), v)
				}
			}
		}
		scrubtest.AssertAbsent(t, data, c.Planted...)
		again := e.InspectData(context.Background(), c.File, data)
		if again.Status != scrub.StatusClean {
			t.Errorf("%s: the cleaned copy inspects as %s (%s): %+v", label(), again.Status, again.Error, again.Findings)
		}
		if !inPlace {
			os.Remove(out)
		}
	}
	// Nothing but the input is left in its folder: no output, no
	// temporary file.
	entries, _ := os.ReadDir(filepath.Dir(path))
	for _, de := range entries {
		if de.Name() != filepath.Base(path) {
			t.Errorf("%s: %s left behind", label(), de.Name())
			os.Remove(filepath.Join(filepath.Dir(path), de.Name()))
		}
	}
	if !inPlace && !bytes.Equal(orig, mustRead(t, path)) {
		t.Errorf("%s: the original changed", label())
	}
}

// unsafeToPrint reports characters that must reach no terminal raw:
// controls (escape sequences) and format characters (bidi overrides),
// except the zero-width joiner the engine keeps for emoji.
func unsafeToPrint(r rune) bool {
	return unicode.IsControl(r) || (unicode.Is(unicode.Cf, r) && r != 0x200d)
}

func foundValue(fs []scrub.Finding, v string) bool {
	for _, f := range fs {
		if strings.Contains(f.Value, v) {
			return true
		}
	}
	return false
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// heapWatch samples the heap every millisecond and keeps the peak.
type heapWatch struct {
	base uint64
	peak chan uint64
	done chan struct{}
}

const heapMetric = "/memory/classes/heap/objects:bytes"

func watchHeap() *heapWatch {
	runtime.GC()
	s := []metrics.Sample{{Name: heapMetric}}
	metrics.Read(s)
	w := &heapWatch{base: s[0].Value.Uint64(), peak: make(chan uint64), done: make(chan struct{})}
	go func() {
		s := []metrics.Sample{{Name: heapMetric}}
		var peak uint64
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			peak = max(peak, s[0].Value.Uint64())
			select {
			case <-w.done:
				w.peak <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return w
}

// stop returns how far the heap grew above where it was at the start.
func (w *heapWatch) stop() uint64 {
	close(w.done)
	p := <-w.peak
	if p < w.base {
		return 0
	}
	return p - w.base
}

// TestHeapWatch checks the memory bound can fail: a 64 MiB allocation
// must show.
func TestHeapWatch(t *testing.T) {
	w := watchHeap()
	b := make([]byte, 64<<20)
	for i := range b {
		b[i] = 1
	}
	time.Sleep(5 * time.Millisecond)
	grew := w.stop()
	runtime.KeepAlive(b)
	if grew < 60<<20 {
		t.Errorf("a 64 MiB allocation showed as %d MiB", grew>>20)
	}
}
