//go:build !duckdb

package main

import (
	"errors"
	"io"
)

func baselineMain([]string, io.Writer) error {
	return errors.New("built without the duckdb tag: go run -tags duckdb ./bench/cmd/benchrun")
}
