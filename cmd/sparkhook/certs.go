package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/sparkhook/sparkhook/certs"
)

// runCerts writes a development CA and serving certificate, for running
// `sparkhook serve` without a cluster (make run, tests, trying it out).
func runCerts(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("certs", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", "", "directory to write ca.crt, tls.crt and tls.key into (required)")
	hosts := fs.String("hosts", "localhost,127.0.0.1", "comma-separated DNS names and IP addresses of the serving certificate")
	lifetime := fs.Duration("lifetime", 24*time.Hour, "how long the certificates are valid")
	if err := fs.Parse(args); err != nil {
		return usageError(err)
	}
	if *dir == "" || *lifetime <= 0 {
		fmt.Fprintln(stderr, "sparkhook certs: --dir is required and --lifetime must be positive")
		return exitUsage
	}
	if err := certs.DevelopmentCerts(*dir, strings.Split(*hosts, ","), *lifetime); err != nil {
		fmt.Fprintf(stderr, "sparkhook certs: %v\n", err)
		return exitFailed
	}
	fmt.Fprintf(stdout, "wrote %s/{ca.crt,tls.crt,tls.key} for %s\n", *dir, *hosts)
	return exitOK
}

// usageError is the exit code for a flag parsing error: 0 for -h, which
// flag has already answered with the usage.
func usageError(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	return exitUsage
}
