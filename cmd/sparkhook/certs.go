package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sparkhook/sparkhook/certs"
)

// certsConfig is `sparkhook certs`'s flags.
type certsConfig struct {
	Dir      string
	Hosts    string
	Lifetime time.Duration
}

// Validate reports a usage error.
func (c certsConfig) Validate() error {
	if c.Dir == "" || c.Lifetime <= 0 {
		return errors.New("--dir is required and --lifetime must be positive")
	}
	return nil
}

// newCertsCommand is `sparkhook certs`: a development CA and serving
// certificate, for running `sparkhook serve` without a cluster (make run,
// tests, trying it out).
func newCertsCommand() *cobra.Command {
	var c certsConfig
	cmd := &cobra.Command{
		Use:   "certs --dir DIR [flags]",
		Short: "Write a development CA and serving certificate",
		Long: `Writes a development CA (ca.crt) and a serving certificate it signed
(tls.crt, tls.key) into --dir, for running sparkhook serve without a cluster.
In a cluster, serve --cert-mode=self-managed or cert-manager makes them.`,
		Example: `  sparkhook certs --dir /tmp/sparkhook-certs
  sparkhook certs --dir certs --hosts localhost,127.0.0.1,sparkhook.dev.svc --lifetime 168h`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := c.Validate(); err != nil {
				return usageError(err)
			}
			if err := certs.DevelopmentCerts(c.Dir, strings.Split(c.Hosts, ","), c.Lifetime); err != nil {
				return failed(err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s/{ca.crt,tls.crt,tls.key} for %s\n", c.Dir, c.Hosts)
			return nil
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&c.Dir, "dir", "", "directory to write ca.crt, tls.crt and tls.key into (required)")
	fs.StringVar(&c.Hosts, "hosts", "localhost,127.0.0.1", "comma-separated DNS names and IP addresses of the serving certificate")
	fs.DurationVar(&c.Lifetime, "lifetime", 24*time.Hour, "how long the certificates are valid")
	mustRegister(cmd.MarkFlagDirname("dir"))
	return cmd
}

// noArgs refuses positional arguments, naming them (cobra.NoArgs would call
// the first an unknown command).
func noArgs(_ *cobra.Command, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("unexpected arguments %q", args)
	}
	return nil
}
