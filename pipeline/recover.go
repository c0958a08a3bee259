package pipeline

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/rs/zerolog"

	"github.com/statharvest/statharvest/dataset"
	"github.com/statharvest/statharvest/schemas"
)

// removeLeftovers deletes what runs that never committed left behind: their
// temporary directories and any part already renamed into a partition before
// the crash. It runs under the lock, so no other run is writing.
func removeLeftovers(out string, log zerolog.Logger) error {
	tmp := filepath.Join(out, "_tmp")
	entries, err := os.ReadDir(tmp)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	for _, e := range entries {
		log.Warn().Str("run_id", e.Name()).Msg("removing files of a run that never committed")
		if err := os.RemoveAll(filepath.Join(tmp, e.Name())); err != nil {
			return err
		}
	}
	ds, err := dataset.Open(out)
	if err != nil {
		return err
	}
	committed := map[string]bool{}
	for _, id := range ds.Runs() {
		committed[id] = true
	}
	for _, t := range schemas.All {
		if t.Name == schemas.Runs.Name {
			continue
		}
		dir := filepath.Join(out, t.Name)
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if os.IsNotExist(err) && p == dir {
					return fs.SkipDir
				}
				return err
			}
			name := d.Name()
			if d.IsDir() || !strings.HasPrefix(name, "part-") || !strings.HasSuffix(name, ".parquet") {
				return nil
			}
			if committed[dataset.RunOf(p)] {
				return nil
			}
			log.Warn().Str("file", p).Msg("removing part of a run that never committed")
			return os.Remove(p)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
