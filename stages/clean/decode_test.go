package clean

import (
	"context"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"

	"github.com/statharvest/statharvest/stages"
)

// TestEncodingRoundTrip encodes our own paragraphs with x/text and checks
// that clean reads them back, detecting the code page without being told.
func TestEncodingRoundTrip(t *testing.T) {
	s := newStage(t)
	tests := []struct {
		name string
		enc  encoding.Encoding
		want string // decoder name reported
		text string
	}{
		{"windows-1256/ar", charmap.Windows1256, "windows-1256", arPara1 + "\n" + arPara2},
		// Windows-1256 has the Arabic yeh (ي), not the Persian one (ی), and no Persian digits.
		{"windows-1256/fa", charmap.Windows1256, "windows-1256", strings.ReplaceAll("کمیته حزبی شهرستان روز جمعه کنفرانسی برای بررسی کار حزب سازی در سه ماهه نخست سال 2024 با حضور نمایندگان بخش ها برگزار کرد.", "ی", "ي")},
		{"windows-1251/ru", charmap.Windows1251, "windows-1251", ruPara1 + "\n" + ruPara2},
		{"koi8-r/ru", charmap.KOI8R, "koi8-r", ruPara1 + "\n" + ruPara2},
		{"tis-620/th", charmap.Windows874, "tis-620", thPara1 + "\n" + thPara2},
		{"windows-1258/vi", charmap.Windows1258, "windows-1258", viPara1 + "\n" + viPara2},
		{"utf-16le+bom/ru", xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM), "utf-16le", ruPara1},
		{"utf-16be+bom/ar", xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM), "utf-16be", arPara1},
		{"utf-16le/en", xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), "utf-16le", enPara1},
		{"utf-16le/ru", xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), "utf-16le", "Ханой: в 2024 году приняли 338 новых членов партии, 84,5% плана.\n"},
		{"utf-16le/ar", xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), "utf-16le", arPara1},
		{"utf-16be/th", xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM), "utf-16be", thPara1},
		{"utf-8+bom/vi", xunicode.UTF8BOM, "utf-8", viPara1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := tc.text
			if tc.enc == charmap.Windows1258 {
				src = form1258(src)
			}
			raw, err := tc.enc.NewEncoder().Bytes([]byte(src))
			if err != nil {
				t.Fatalf("encode: %v", err)
			}
			text, name, err := decode(raw, s.pages)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if name != tc.want {
				t.Errorf("decoded as %s, want %s", name, tc.want)
			}
			if got := norm.NFC.String(text); got != norm.NFC.String(tc.text) {
				t.Errorf("decode = %q, want %q", got, tc.text)
			}
			a := &stages.Article{Raw: raw}
			if err := s.Process(context.Background(), a); err != nil {
				t.Fatalf("Process: %v", err)
			}
			if !strings.Contains(a.Body, norm.NFC.String(strings.SplitN(tc.text, "\n", 2)[0])) {
				t.Errorf("Body = %q, want the first paragraph", a.Body)
			}
		})
	}
}

// form1258 writes Vietnamese the way Windows-1258 stores it: the code page
// has the vowels with circumflex, breve and horn precomposed, and the five
// tone marks only as combining characters.
func form1258(s string) string {
	enc := charmap.Windows1258.NewEncoder()
	var out []rune
	base := -1 // index in out of the last letter marks attach to
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) && base >= 0 {
			c := []rune(norm.NFC.String(string([]rune{out[base], r})))
			if len(c) == 1 {
				if _, err := enc.String(string(c)); err == nil {
					out[base] = c[0]
					continue
				}
			}
		} else {
			base = len(out)
		}
		out = append(out, r)
	}
	return string(out)
}

func TestLegacyScoreNeedsLetters(t *testing.T) {
	if s := legacyScore("hello \u00e9 world"); s != 0 {
		t.Errorf("legacyScore(one accented letter) = %v, want 0", s)
	}
}
