package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/spf13/pflag"
	"gopkg.in/yaml.v3"
)

// envPrefix names the environment variables that configure flags:
// --max-article-bytes is STATHARVEST_MAX_ARTICLE_BYTES.
const envPrefix = "STATHARVEST_"

func envName(flag string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// applyConfig fills every flag not given on the command line from the
// environment, else from the config file: flags win over the environment,
// which wins over the file. Keys of the file are flag names; a list flag
// takes a list, and its environment variable a comma-separated list (not
// colon-separated: inputs may be URLs).
func applyConfig(fs *pflag.FlagSet, path string, getenv func(string) string) error {
	values := map[string]any{}
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return usagef("--config: %w", err)
		}
		switch strings.ToLower(filepath.Ext(path)) {
		case ".toml":
			err = toml.Unmarshal(b, &values)
		case ".yaml", ".yml", ".json":
			err = yaml.Unmarshal(b, &values)
		default:
			return usagef("--config %s: want a .yaml, .yml or .toml file", path)
		}
		if err != nil {
			return usagef("--config %s: %w", path, err)
		}
		for k := range values {
			if fs.Lookup(k) == nil || k == "config" {
				return usagef("--config %s: unknown setting %q (settings are the flag names of 'statharvest run --help')", path, k)
			}
		}
	}
	var firstErr error
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Changed || f.Name == "config" || firstErr != nil {
			return
		}
		if v := getenv(envName(f.Name)); v != "" {
			vals := []string{v}
			if f.Value.Type() == "stringArray" {
				vals = strings.Split(v, ",")
			}
			for _, x := range vals {
				if err := f.Value.Set(x); err != nil {
					firstErr = usagef("%s=%q: %w", envName(f.Name), v, err)
					return
				}
			}
			return
		}
		v, ok := values[f.Name]
		if !ok {
			return
		}
		list, isList := v.([]any)
		if !isList {
			list = []any{v}
		}
		for _, x := range list {
			if err := f.Value.Set(fmt.Sprint(x)); err != nil {
				firstErr = usagef("--config %s: %s: %w", path, f.Name, err)
				return
			}
		}
	})
	return firstErr
}
