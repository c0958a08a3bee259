// Package shard splits a run's inputs into N disjoint, stable parts so that N
// processes (the pods of a Kubernetes Indexed Job, the steps of an Argo
// fan-out) can each process one part of the same run.
//
// An input belongs to the shard its path hashes to. The hash is FNV-1a of
// the path relative to its input root, so the assignment does not depend on
// where the inputs are mounted or which bucket holds them, on the Go version,
// or on the order in which files are listed.
package shard

import (
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
)

// Spec names one shard: K of N, 0 <= K < N. The zero Spec is an unsharded run,
// which owns every input.
type Spec struct {
	K, N int
}

// Environment variables of a Kubernetes Indexed Job. Kubernetes sets
// JOB_COMPLETION_INDEX in every pod; JOB_COMPLETIONS is set by the manifest
// to the Job's completions, because Kubernetes does not export it.
const (
	EnvIndex       = "JOB_COMPLETION_INDEX"
	EnvCompletions = "JOB_COMPLETIONS"
)

// MaxShards bounds N; part names and manifests stay short and listable.
const MaxShards = 100000

// Sharded reports whether s names a shard (even 0/1) rather than a whole run.
func (s Spec) Sharded() bool { return s.N > 0 }

// String is "K/N", the form --shard takes, or "" for an unsharded run.
func (s Spec) String() string {
	if !s.Sharded() {
		return ""
	}
	return strconv.Itoa(s.K) + "/" + strconv.Itoa(s.N)
}

// Tag is "K-N", the form part file names carry, or "" for an unsharded run.
func (s Spec) Tag() string {
	if !s.Sharded() {
		return ""
	}
	return strconv.Itoa(s.K) + "-" + strconv.Itoa(s.N)
}

// Of returns the shard in [0, n) that path belongs to.
func Of(path string, n int) int {
	h := fnv.New64a()
	h.Write([]byte(strings.TrimPrefix(path, "./")))
	return int(h.Sum64() % uint64(n))
}

// Owns reports whether the input at path (relative to its input root,
// slash-separated) belongs to this shard.
func (s Spec) Owns(path string) bool {
	if s.N <= 1 {
		return true
	}
	return Of(path, s.N) == s.K
}

// Parse reads "K/N".
func Parse(v string) (Spec, error) {
	ks, ns, ok := strings.Cut(strings.TrimSpace(v), "/")
	if !ok {
		return Spec{}, fmt.Errorf("shard %q: want K/N, e.g. 0/4", v)
	}
	return Make(ks, ns)
}

// Make checks a shard index and count given as decimal strings.
func Make(k, n string) (Spec, error) {
	ki, err := strconv.Atoi(strings.TrimSpace(k))
	if err != nil {
		return Spec{}, fmt.Errorf("shard index %q: not a number", k)
	}
	ni, err := strconv.Atoi(strings.TrimSpace(n))
	if err != nil {
		return Spec{}, fmt.Errorf("shard count %q: not a number", n)
	}
	if ni < 1 || ni > MaxShards {
		return Spec{}, fmt.Errorf("shard count %d: want 1 to %d", ni, MaxShards)
	}
	if ki < 0 || ki >= ni {
		return Spec{}, fmt.Errorf("shard index %d: want 0 to %d for %d shards", ki, ni-1, ni)
	}
	return Spec{K: ki, N: ni}, nil
}

// FromEnv reads the shard of a Kubernetes Indexed Job pod. ok is false when
// the process does not run in one.
func FromEnv(getenv func(string) string) (s Spec, ok bool, err error) {
	idx := getenv(EnvIndex)
	if idx == "" {
		return Spec{}, false, nil
	}
	n := getenv(EnvCompletions)
	if n == "" {
		return Spec{}, true, fmt.Errorf("%s is set but %s is not: set it to the Job's completions in the pod template", EnvIndex, EnvCompletions)
	}
	s, err = Make(idx, n)
	return s, true, err
}

// ErrRunID is returned for run ids that readers could not tell apart from
// the shard in a part name.
var ErrRunID = errors.New("run id must be 1 to 64 lowercase hex digits")

// CheckRunID validates a run id given by the user: part names are
// part-<run_id>-<K>-<N>.parquet and readers take the run id up to the first
// '-', and ids are lowercase hex throughout the tables.
func CheckRunID(id string) error {
	if id == "" || len(id) > 64 {
		return fmt.Errorf("%w: %q", ErrRunID, id)
	}
	for _, r := range id {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return fmt.Errorf("%w: %q", ErrRunID, id)
		}
	}
	return nil
}
