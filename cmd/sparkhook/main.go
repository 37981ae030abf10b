// Command sparkhook is the sparkhook admission webhook for Apache Spark and
// its offline tools:
//
//	sparkhook serve     serve the admission webhooks over HTTPS
//	sparkhook mutate    print a Spark Pod as sparkhook would admit it
//	sparkhook validate  check spark.properties files, ConfigMaps and templates
//	sparkhook certs     write a development CA and serving certificate
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// exit codes, as `sparkhook validate` documents them for every command.
const (
	exitOK      = 0
	exitFailed  = 1
	exitUsage   = 2
	usageHeader = `usage: sparkhook <command> [flags]

commands:
  serve     serve the admission webhooks over HTTPS
  mutate    print a Spark Pod as sparkhook would admit it
  validate  check spark.properties files, ConfigMaps and templates
  certs     write a development CA and serving certificate
  version   print the version

Run 'sparkhook <command> -h' for a command's flags.
`
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches to a command and returns the process's exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usageHeader)
		return exitUsage
	}
	switch args[0] {
	case "serve":
		return runServe(ctx, args[1:], stderr)
	case "mutate":
		return runMutate(ctx, args[1:], stdin, stdout, stderr)
	case "validate":
		return runValidate(ctx, args[1:], stdout, stderr)
	case "certs":
		return runCerts(args[1:], stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, version)
		return exitOK
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usageHeader)
		return exitOK
	}
	fmt.Fprintf(stderr, "sparkhook: unknown command %q\n\n%s", args[0], usageHeader)
	return exitUsage
}
