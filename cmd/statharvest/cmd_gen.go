package main

import (
	"encoding/json"

	"github.com/spf13/cobra"

	"github.com/statharvest/statharvest/bench/gen"
	"github.com/statharvest/statharvest/data"
)

func newGenCmd() *cobra.Command {
	var (
		size, out string
		seed      uint64
	)
	c := &cobra.Command{
		Use:   "gen --size 1GB --out DIR [--seed N]",
		Short: "Write a deterministic benchmark corpus built from the sample articles",
		Long: `Gen writes a corpus of about --size input bytes to --out (created if missing,
must be empty) for benchmarking: pages in every sample language and digit script,
with fresh numbers, places from the gazetteer and site debris, as .txt, .txt.gz
and JSON Lines files in part-NNNN directories of 64 MB, plus a few hostile files
(binary, legacy code pages, UTF-16, an overlong line, truncated gzip, a duplicate,
broken JSON Lines) under part-NNNN/hostile. The same --seed and --size always give
the same bytes. Sizes take decimal (MB, GB) or binary (MiB, GiB) units.

Prints the corpus statistics as JSON.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return usagef("--out is required")
			}
			n, err := gen.ParseSize(size)
			if err != nil {
				return usagef("--size: %w", err)
			}
			st, err := gen.Generate(data.FS, gen.Config{Dir: out, Size: n, Seed: seed})
			if err != nil {
				return err
			}
			enc := json.NewEncoder(cmd.OutOrStdout())
			return enc.Encode(st)
		},
	}
	c.Flags().StringVar(&size, "size", "1GB", "input bytes to write, e.g. 200MB, 1GB, 4GiB")
	c.Flags().StringVarP(&out, "out", "o", "", "directory to write the corpus to")
	c.Flags().Uint64Var(&seed, "seed", 1, "corpus seed; equal seeds give identical corpora")
	return c
}
