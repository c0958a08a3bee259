package match

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// RootLang names the lexicon file that holds what every language shares.
const RootLang = "und"

// Cue is one lexicon string with the line of the YAML file it came from, so
// that errors in the data name their place.
type Cue struct {
	S    string
	Line int
}

// UnmarshalYAML keeps the line of a scalar cue.
func (c *Cue) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: cue must be a string", n.Line)
	}
	c.S, c.Line = n.Value, n.Line
	return nil
}

// ValidLang reports whether s can name a lexicon file: RootLang or a two- or
// three-letter lower-case language code.
func ValidLang(s string) bool {
	if s == RootLang {
		return true
	}
	if len(s) < 2 || len(s) > 3 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}
