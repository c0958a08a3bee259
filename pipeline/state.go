package pipeline

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"path/filepath"

	"github.com/rs/zerolog"
	bolt "go.etcd.io/bbolt"

	"github.com/statharvest/statharvest/dataset"
	"github.com/statharvest/statharvest/stages/ingest"
)

// State is the incremental state under OUT/_state: which input files (by
// root, path, size and mtime) and which articles (by id) earlier committed
// runs have processed. It is a B+tree file, so lookups read a few pages and
// never load the history into memory.
//
// State is updated only after a run commits. A crash between the commit and
// the update is repaired at the next start: Reconcile adds the articles of
// every committed run the state does not know yet.
type State struct {
	db *bolt.DB
}

var (
	bucketFiles    = []byte("files")
	bucketArticles = []byte("articles")
	bucketRuns     = []byte("runs")
)

// OpenState opens (or creates) the state of an output root.
func OpenState(out string) (*State, error) {
	db, err := bolt.Open(filepath.Join(out, "_state", "state.db"), 0o644, &bolt.Options{NoFreelistSync: true})
	if err != nil {
		return nil, fmt.Errorf("state: %w", err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketFiles, bucketArticles, bucketRuns} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("state: %w", err)
	}
	return &State{db: db}, nil
}

// Close closes the state file.
func (s *State) Close() error { return s.db.Close() }

func fileKey(fi ingest.FileInfo) []byte { return []byte(fi.Root + "\x00" + fi.Path) }

func fileVal(fi ingest.FileInfo) []byte {
	v := make([]byte, 16)
	binary.BigEndian.PutUint64(v, uint64(fi.Size))
	binary.BigEndian.PutUint64(v[8:], uint64(fi.ModTime))
	return v
}

func articleKey(id string) []byte {
	b, err := hex.DecodeString(id)
	if err != nil {
		return []byte(id)
	}
	return b
}

// FileUnchanged reports whether a committed run already read this file with
// the same size and modification time.
func (s *State) FileUnchanged(fi ingest.FileInfo) bool {
	same := false
	s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketFiles).Get(fileKey(fi))
		same = v != nil && string(v) == string(fileVal(fi))
		return nil
	})
	return same
}

// KnownArticle reports whether a committed run already wrote the article.
func (s *State) KnownArticle(id string) bool {
	known := false
	s.db.View(func(tx *bolt.Tx) error {
		known = tx.Bucket(bucketArticles).Get(articleKey(id)) != nil
		return nil
	})
	return known
}

// Apply records a committed run's files and articles in one transaction.
func (s *State) Apply(runID string, files []ingest.FileInfo, articles []string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		fb, ab := tx.Bucket(bucketFiles), tx.Bucket(bucketArticles)
		for _, fi := range files {
			if err := fb.Put(fileKey(fi), fileVal(fi)); err != nil {
				return err
			}
		}
		rid := []byte(runID)
		for _, id := range articles {
			if err := ab.Put(articleKey(id), rid); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketRuns).Put(rid, []byte("applied"))
	})
}

// Forget drops the file records, so that every input is read again (--full).
func (s *State) Forget() error {
	return s.db.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bucketFiles); err != nil {
			return err
		}
		_, err := tx.CreateBucket(bucketFiles)
		return err
	})
}

// Reconcile adds the articles of committed runs that the state does not know,
// as after a crash between a commit and its state update.
func (s *State) Reconcile(ds *dataset.Dataset, log zerolog.Logger) error {
	for _, run := range ds.Runs() {
		applied := false
		s.db.View(func(tx *bolt.Tx) error {
			applied = tx.Bucket(bucketRuns).Get([]byte(run)) != nil
			return nil
		})
		if applied {
			continue
		}
		files, err := ds.Files("articles")
		if err != nil {
			return err
		}
		var ids []string
		for _, f := range files {
			if dataset.RunOf(f) != run {
				continue
			}
			rows, err := dataset.ReadColumn(f, "article_id")
			if err != nil {
				return err
			}
			ids = append(ids, rows...)
		}
		log.Warn().Str("committed_run", run).Int("articles", len(ids)).Msg("state did not record a committed run; adding its articles")
		if err := s.Apply(run, nil, ids); err != nil {
			return err
		}
	}
	return nil
}
