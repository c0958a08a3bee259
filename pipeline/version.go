package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
)

// dataHash is a content hash of the data tree (lexicons, gazetteer, metrics),
// recorded in runs.version so that a change of the rules is visible in the
// output even when the program version is the same.
func dataHash(fsys fs.FS) (string, error) {
	h := sha256.New()
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := fsys.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		io.WriteString(h, p)
		h.Write([]byte{0})
		_, err = io.Copy(h, f)
		return err
	})
	return hex.EncodeToString(h.Sum(nil))[:12], err
}
