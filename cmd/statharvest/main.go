// Command statharvest turns raw multilingual news text into Parquet tables of
// articles, statistics, organizations, events and KPIs.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/statharvest/statharvest/pipeline"
	"github.com/statharvest/statharvest/stages/sink"
)

// Exit codes, documented in the README.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitWithRejects = 3
	exitLocked      = 4
	exitInterrupted = 130
)

// usageError marks an error in how the command was called.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// errWithRejects is returned by a run that committed but rejected some inputs.
var errWithRejects = errors.New("run committed with rejected inputs")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := newRootCmd()
	err := root.ExecuteContext(ctx)
	code := exitCode(ctx, err)
	if err != nil && code != exitWithRejects {
		fmt.Fprintln(os.Stderr, "statharvest:", err)
	}
	stop()
	os.Exit(code)
}

// exitCode maps an error to the documented exit codes in one place.
func exitCode(ctx context.Context, err error) int {
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errWithRejects):
		return exitWithRejects
	case errors.Is(err, errLocked):
		return exitLocked
	case errors.Is(err, sink.ErrIncomplete):
		return exitIncomplete
	case ctx.Err() != nil || errors.Is(err, context.Canceled):
		return exitInterrupted
	case errors.As(err, &ue):
		return exitUsage
	}
	return exitFailure
}

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "statharvest",
		Short:         "Turn raw multilingual news text into Parquet tables of statistics, organizations, events and KPIs",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(
		newRunCmd(),
		newEvalCmd(),
		newLoadCmd(),
		newReportCmd(),
		newGenCmd(),
		newCommitCmd(),
		newRunIDCmd(),
	)
	return root
}

// errLocked is the pipeline's lock error, mapped to its own exit code.
var errLocked = pipeline.ErrLocked
