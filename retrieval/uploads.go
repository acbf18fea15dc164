package retrieval

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode"
)

// Uploads is a folder of documents added one by one (through Telegram by an admin, or with
// "kutip add"), kept under the data folder so that they survive restarts. Files are named by
// their sanitised original names; two files with the same content are one document.
type Uploads struct {
	Dir string
	// OCR reads scanned PDF pages; nil leaves them out (see TesseractOCR).
	OCR OCRFunc
}

// UploadsDirName is the uploads folder's name under the data folder.
const UploadsDirName = "uploads"

// UploadResult tells what Add did.
type UploadResult struct {
	Doc Document
	// Duplicate names the document already there with the same content; nothing was added.
	Duplicate string
	// Replaced is true when a document of the same name but other content was replaced.
	Replaced bool
	// Notes are worth telling the person who sent the file (pages that look scanned).
	Notes []string
}

// Add checks a file (its content must be of a format Kutip reads and have text; see
// ReadDocument) and stores it. Nothing is written when it is refused: the error wraps ErrFormat
// and says why. A file whose content is already in the folder is not stored again.
func (u *Uploads) Add(name string, data []byte) (UploadResult, error) {
	name = uploadName(name, data)
	doc, notes, err := ReadDocument(name, data, u.OCR)
	if err != nil {
		return UploadResult{Notes: notes}, err
	}
	res := UploadResult{Doc: doc, Notes: notes}
	docCache.put(docKey(name, data), doc, notes) // the reload that follows finds it
	sum := sha256.Sum256(data)
	entries, err := os.ReadDir(u.Dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return res, err
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		old, err := os.ReadFile(filepath.Join(u.Dir, e.Name()))
		if err == nil && sha256.Sum256(old) == sum {
			res.Duplicate = e.Name()
			return res, nil
		}
		if e.Name() == name {
			res.Replaced = true
		}
	}
	if err := os.MkdirAll(u.Dir, 0o755); err != nil {
		return res, err
	}
	// Written aside and renamed, so a crash never leaves half a document to load.
	tmp, err := os.CreateTemp(u.Dir, ".upload-*")
	if err != nil {
		return res, err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return res, err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return res, err
	}
	if err := tmp.Close(); err != nil {
		return res, err
	}
	return res, os.Rename(tmp.Name(), filepath.Join(u.Dir, name))
}

// ErrNoSuchUpload is returned by Forget for a name the folder does not hold.
var ErrNoSuchUpload = errors.New("no such uploaded document")

// Forget removes an uploaded document by its name (its document ID).
func (u *Uploads) Forget(name string) error {
	if name == "" || name != path.Base(name) || strings.HasPrefix(name, ".") {
		return fmt.Errorf("%w: %q", ErrNoSuchUpload, name)
	}
	err := os.Remove(filepath.Join(u.Dir, name))
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w: %q", ErrNoSuchUpload, name)
	}
	return err
}

// Has tells whether a document name is one of the uploads.
func (u *Uploads) Has(name string) bool {
	if name == "" || name != path.Base(name) || strings.HasPrefix(name, ".") {
		return false
	}
	info, err := os.Stat(filepath.Join(u.Dir, name))
	return err == nil && info.Mode().IsRegular()
}

// Load reads the uploaded documents, as Load does a folder; a missing folder is no documents.
func (u *Uploads) Load(logger *slog.Logger) ([]Document, error) {
	if _, err := os.Stat(u.Dir); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	docs, err := LoadDir(u.Dir, logger)
	if errors.Is(err, ErrNoDocuments) {
		return nil, nil
	}
	return docs, err
}

// uploadName makes a safe file name from a sent one: the base name, letters, digits and
// ".-_ " kept, others "_"; the extension the content's format, when the name has none Kutip
// reads.
func uploadName(name string, data []byte) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(".-_ ()", r) {
			return r
		}
		return '_'
	}, name)
	name = strings.TrimLeft(strings.TrimSpace(name), ".")
	if len(name) > 120 {
		ext := path.Ext(name)
		name = name[:120-len(ext)] + ext
	}
	if _, ok := documentExts[strings.ToLower(path.Ext(name))]; !ok {
		if f := DetectFormat(data); f != "" {
			base := strings.TrimSuffix(name, path.Ext(name))
			if base == "" {
				h := sha256.Sum256(data)
				base = "document-" + hex.EncodeToString(h[:4])
			}
			name = base + f
		}
	}
	if name == "" {
		name = "document"
	}
	return name
}
