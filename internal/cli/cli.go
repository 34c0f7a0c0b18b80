// Package cli is the cobra wiring: flags become options, options call build
// and pack. Each command is an options struct plus a run function that tests
// can call without a terminal.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/altformats/altformats/internal/diag"
	"github.com/altformats/altformats/internal/doc"
	"github.com/spf13/cobra"
)

// Version is set at build time with -ldflags "-X .../internal/cli.Version=...".
var Version = "0.1.0-dev"

// Exit codes.
const (
	ExitOK      = diag.ExitOK
	ExitContent = diag.ExitContent // content or render error
	ExitUsage   = diag.ExitUsage
)

// usageError marks a mistake in how the command was called (exit 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// contentError marks a build that failed on content; its messages were
// already printed, so Main prints only the summary.
type contentError struct{ summary string }

func (e contentError) Error() string { return e.summary }

// Streams are where a command reads and writes; tests pass buffers.
type Streams struct {
	Out, Err io.Writer
	// ErrIsTerminal enables progress output on Err.
	ErrIsTerminal bool
}

// Main runs the CLI and returns the exit code.
func Main(args []string, s Streams) int {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
		adaptMemoryLimit()
	}
	root := NewRoot(s)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	var ue usageError
	var ce contentError
	switch {
	case errors.As(err, &ce):
		fmt.Fprintf(s.Err, "altformats: %s\n", ce.summary)
		return ExitContent
	case errors.As(err, &ue) || isCobraUsage(err):
		fmt.Fprintf(s.Err, "altformats: %v\nRun 'altformats --help' for usage.\n", err)
		return ExitUsage
	default:
		var ds doc.Diagnostics
		var d *doc.Diagnostic
		if errors.As(err, &ds) || errors.As(err, &d) {
			fmt.Fprintln(s.Err, err)
		} else {
			fmt.Fprintf(s.Err, "altformats: error: %v\n", err)
		}
		return ExitContent
	}
}

// cobra reports unknown commands and bad arguments as plain errors.
func isCobraUsage(err error) bool {
	m := err.Error()
	return strings.HasPrefix(m, "unknown command") || strings.HasPrefix(m, "unknown flag") ||
		strings.HasPrefix(m, "unknown shorthand flag") || strings.Contains(m, "flag needs an argument") ||
		strings.HasPrefix(m, "invalid argument") || strings.Contains(m, "arg(s)")
}

// NewRoot builds the command tree.
func NewRoot(s Streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "altformats",
		Short: "Turn one source document into every accessible format",
		Long: `altformats turns Markdown documents with YAML front matter into accessible
alternative formats from one model: tagged PDF (PDF/UA-1), large-print PDF,
Word (.docx), self-contained HTML, plain text and EPUB 3, and bundles them
into packs for employer organisations.

Documents live in content/ by default. See content/README.md for the format.`,
		Example: `  altformats build                       # every document in content/ into out/
  altformats build content/ahp.md --formats pdf,html
  altformats check content/
  altformats pack employer-toolkit`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       Version,
	}
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	// Every command, in the order help lists them.
	root.AddCommand(newBuildCmd(s), newCheckCmd(s), newPackCmd(s), newVerifyCmd(s), newInitCmd(s), newVersionCmd(s))
	return root
}

func newVersionCmd(s Streams) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			fmt.Fprintf(s.Out, "altformats %s\n", Version)
			return nil
		},
	}
}

// StdStreams are the process's own streams.
func StdStreams() Streams {
	return Streams{Out: os.Stdout, Err: os.Stderr, ErrIsTerminal: isTerminal(os.Stderr)}
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
