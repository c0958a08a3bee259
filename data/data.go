// Package data holds the files the pipeline is configured by, embedded in the
// binary: sample articles, per-language lexicons, the gazetteer and the metric
// taxonomy. All language knowledge lives here, not in code.
package data

import "embed"

// FS is the embedded data tree. It is logically constant.
//
//go:embed samples lexicons gazetteer metrics.yaml
var FS embed.FS
