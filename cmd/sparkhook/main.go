// Command sparkhook is the sparkhook admission webhook for Apache Spark and
// its offline tools:
//
//	sparkhook serve       serve the admission webhooks over HTTPS
//	sparkhook mutate      print a Spark Pod as sparkhook would admit it
//	sparkhook validate    check spark.properties files, ConfigMaps and templates
//	sparkhook certs       write a development CA and serving certificate
//	sparkhook version     print the version, git commit and Go version
//	sparkhook completion  generate shell completion (bash, zsh, fish, powershell)
//
// The command line follows kubectl's conventions (cobra and pflag):
// --flag style, -n/-o/-f short forms, help with examples on every command.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

// Exit codes, as `sparkhook validate` documents them for every command.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

// version is set at build time with -ldflags "-X main.version=…" (make
// build, make image-binary and the Dockerfile stamp `git describe`).
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes the command line args and returns the process's exit code:
// 0, 1 when a command fails, 2 on a usage error (an unknown command or
// flag, a missing or invalid flag value).
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCommand()
	root.SetArgs(oneDashLongFlags(root, args))
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	if len(args) == 0 {
		// No command: the help, on stderr, as a usage error (scripts
		// calling `sparkhook` bare get a non-zero status, as they always
		// have).
		root.SetOut(stderr)
		root.SetArgs([]string{"--help"})
		root.Execute()
		return exitUsage
	}
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitOK
	}
	var exit *exitError
	if !errors.As(err, &exit) {
		// What cobra itself refused: an unknown command or flag, a
		// flag's bad value, arguments a command takes none of.
		exit = &exitError{code: exitUsage, err: err}
	}
	if exit.err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", cmd.CommandPath(), exit.err)
	}
	if exit.code == exitUsage {
		fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", cmd.CommandPath())
	}
	return exit.code
}

// exitError ends a command with an exit status; err, when set, is printed
// as "COMMAND: err" (nil when the command has said all there is to say).
type exitError struct {
	code int
	err  error
}

// Error is the message, or the exit status when there is none.
func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

// Unwrap returns the error the status is for.
func (e *exitError) Unwrap() error { return e.err }

// usageError is a usage error: exit status 2 and a pointer to --help.
func usageError(err error) error {
	if err == nil {
		return nil
	}
	return &exitError{code: exitUsage, err: err}
}

// failed is a command's failure, exit status 1; err nil when the command
// has printed why.
func failed(err error) error {
	return &exitError{code: exitFailed, err: err}
}

// newRootCommand is `sparkhook` and its commands.
func newRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "sparkhook",
		Short: "Admission webhooks for Apache Spark on Kubernetes, and their offline tools",
		Long: `sparkhook mutates Spark driver and executor Pods with SparkPodTemplates and
validates the spark.properties Spark hands its driver, as Kubernetes admission
webhooks (sparkhook serve) and offline, without a cluster (mutate, validate).`,
		Example: `  # What the webhook would do to a driver Pod, as a JSON patch
  sparkhook mutate --templates ./templates -f driver.yaml -o patch

  # Check a spark-defaults.conf against Spark 3.5
  sparkhook validate --spark-version 3.5 spark-defaults.conf

  # Serve the webhooks with a development certificate
  sparkhook certs --dir /tmp/certs && sparkhook serve --cert-dir /tmp/certs`,
		// run prints errors, with the command's name, and sets the exit
		// status; usage is what --help is for.
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.AddCommand(newServeCommand(&serveConfig{}), newMutateCommand(), newValidateCommand(),
		newCertsCommand(), newVersionCommand())
	root.SetGlobalNormalizationFunc(normalizeGoFlagNames)
	return root
}
