package pipeline

import (
	"os"
	"path/filepath"

	"github.com/rs/zerolog"

	"github.com/statharvest/statharvest/dataset"
	"github.com/statharvest/statharvest/schemas"
)

// removeLeftovers deletes what runs that never committed left behind: their
// temporary directories and any part already renamed into a partition before
// the crash. It runs under the lock, so no other run is writing.
func removeLeftovers(out string, ds *dataset.Dataset, log zerolog.Logger) error {
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
	for _, t := range schemas.All {
		if t.Name == schemas.Runs.Name {
			continue
		}
		parts, err := ds.Uncommitted(t.Name)
		if err != nil {
			return err
		}
		for _, p := range parts {
			log.Warn().Str("file", p).Msg("removing part of a run that never committed")
			if err := os.Remove(p); err != nil {
				return err
			}
		}
	}
	return nil
}
