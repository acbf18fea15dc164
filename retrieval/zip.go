package retrieval

import (
	"archive/zip"
	"bytes"
	"fmt"
	"path"
)

// Limits on the zip archives DOCX and EPUB files are, against zip bombs: a file of a few
// kilobytes that would unpack to gigabytes, or hold a million entries.
const (
	maxZipEntries    = 10000
	maxZipEntryBytes = 64 << 20  // one entry, uncompressed
	maxZipTotalBytes = 256 << 20 // all entries read from one archive, uncompressed
)

// safeZip reads entries of an archive within the limits, counting what it has unpacked.
type safeZip struct {
	zr       *zip.Reader
	files    map[string]*zip.File
	unpacked int64
}

func openZip(data []byte) (*safeZip, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("a broken zip archive (%v)", err)
	}
	if len(zr.File) > maxZipEntries {
		return nil, fmt.Errorf("the archive holds %d entries, more than the %d allowed", len(zr.File), maxZipEntries)
	}
	z := &safeZip{zr: zr, files: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		z.files[path.Clean(f.Name)] = f
	}
	return z, nil
}

func zipHas(z *safeZip, name string) bool {
	_, ok := z.files[name]
	return ok
}

// read unpacks one entry. The sizes the archive declares are not trusted: reading stops at the
// limits whatever they say.
func (z *safeZip) read(name string) ([]byte, error) {
	f, ok := z.files[path.Clean(name)]
	if !ok {
		return nil, fmt.Errorf("the archive has no %s", name)
	}
	if f.UncompressedSize64 > maxZipEntryBytes || int64(f.UncompressedSize64)+z.unpacked > maxZipTotalBytes {
		return nil, fmt.Errorf("%s would unpack to %d MB: too large (a zip bomb?)", name, f.UncompressedSize64>>20)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	defer rc.Close()
	limit := min(int64(maxZipEntryBytes), maxZipTotalBytes-z.unpacked)
	data, err := readAllLimit(rc, limit)
	if err != nil {
		return nil, fmt.Errorf("%s: %v (a zip bomb?)", name, err)
	}
	z.unpacked += int64(len(data))
	return data, nil
}
