package report

import (
	"fmt"
	"io/fs"

	"gopkg.in/yaml.v3"
)

// provinces maps a canonical place name (organizations.place) to its
// province, from the gazetteer: a province maps to itself, a district to the
// province it belongs to. Places below district level are not in the
// gazetteer and stay unresolved.
type provinces map[string]string

// loadProvinces reads gazetteer/provinces.yaml and gazetteer/districts.yaml
// from fsys (data.FS).
func loadProvinces(fsys fs.FS) (provinces, error) {
	var p struct {
		Provinces []struct {
			Name string `yaml:"name"`
		} `yaml:"provinces"`
	}
	var d struct {
		Districts []struct {
			Name     string `yaml:"name"`
			Province string `yaml:"province"`
		} `yaml:"districts"`
	}
	for file, v := range map[string]any{"gazetteer/provinces.yaml": &p, "gazetteer/districts.yaml": &d} {
		b, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, err
		}
		if err := yaml.Unmarshal(b, v); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
	}
	out := provinces{}
	for _, x := range p.Provinces {
		out[x.Name] = x.Name
	}
	for _, x := range d.Districts {
		if _, isProvince := out[x.Name]; !isProvince && x.Province != "" {
			out[x.Name] = x.Province
		}
	}
	return out, nil
}

// unresolved labels places the gazetteer does not place in a province.
const unresolved = "(below district level)"

func (p provinces) of(place string) string {
	if place == "" {
		return unknown
	}
	if v, ok := p[place]; ok {
		return v
	}
	return unresolved
}
