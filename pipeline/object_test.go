package pipeline

import (
	"testing"
	"time"

	"github.com/statharvest/statharvest/pipeline/shard"
)

func TestShardStart(t *testing.T) {
	started := time.Date(2026, 11, 22, 0, 5, 0, 0, time.UTC)
	made := time.Date(2026, 11, 21, 23, 55, 0, 0, time.UTC)
	sharded := Config{Shard: shard.Spec{K: 1, N: 4}}
	if got := shardStart(sharded, NewRunID(made), started); !got.Equal(made) {
		t.Errorf("a shard started after midnight dates its run %v, want the run id's %v", got, made)
	}
	for _, id := range []string{"abc", "ffffffffffffffffff", "0000000000000001aa"} {
		if got := shardStart(sharded, id, started); !got.Equal(started) {
			t.Errorf("run id %q: %v, want the start time", id, got)
		}
	}
	if got := shardStart(Config{}, NewRunID(made), started); !got.Equal(started) {
		t.Errorf("unsharded run: %v, want the start time", got)
	}
}
