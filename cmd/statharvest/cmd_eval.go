package main

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/statharvest/statharvest/eval"
)

func newEvalCmd() *cobra.Command {
	var gold, output, stories string
	var verbose bool
	c := &cobra.Command{
		Use:   "eval --gold DIR --output OUT",
		Short: "Score a committed output directory against gold annotations",
		Long: `Eval matches the articles under OUT to the gold files of DIR by file name and
prints precision, recall and F1 for numbers (all, digits, words, per language),
units, organizations, KPIs (with achievement_pct) and events, and the accuracy of
the metadata. With --stories it also scores story grouping from a TSV of
"file<TAB>story" lines.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if gold == "" {
				return usagef("--gold is required")
			}
			golds, err := eval.LoadGold(gold)
			if err != nil {
				return err
			}
			rep, err := eval.Score(output, golds)
			if errors.Is(err, eval.ErrNoOutput) {
				return usagef("%v (run statharvest run --output %s first)", err, output)
			}
			if err != nil {
				return err
			}
			if stories != "" {
				truth, err := eval.LoadStoryTruth(stories)
				if err != nil {
					return err
				}
				if rep.Stories, err = eval.ScoreStories(output, truth); err != nil {
					return err
				}
			}
			rep.Print(cmd.OutOrStdout(), verbose)
			return nil
		},
	}
	c.Flags().StringVar(&gold, "gold", "", "directory of gold *.json annotations")
	c.Flags().StringVarP(&output, "output", "o", "out", "output directory of a committed run")
	c.Flags().StringVar(&stories, "stories", "", "TSV of file<TAB>story truth for story grouping")
	c.Flags().BoolVarP(&verbose, "verbose", "v", false, "list misses and extras per article")
	return c
}
