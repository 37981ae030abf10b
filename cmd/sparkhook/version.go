package main

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
	"sigs.k8s.io/yaml"
)

// versionConfig is `sparkhook version`'s flags.
type versionConfig struct {
	// Output is "" (text), json or yaml.
	Output string
	// Short prints the version alone, as `helm version --short` does.
	Short bool
}

// Validate reports a usage error.
func (c versionConfig) Validate() error {
	switch c.Output {
	case "", "json", "yaml":
		return nil
	}
	return fmt.Errorf("-o %q: must be json or yaml", c.Output)
}

// versionInfo is what `sparkhook version` prints; -o json prints it as is.
type versionInfo struct {
	// Version is main.version: `git describe --tags --always --dirty` of
	// the build, or the module version of a `go install …@version`.
	Version string `json:"version"`
	// GitCommit and GitTreeState are what `go build` stamps from the
	// checkout it builds in (empty when it builds outside one).
	GitCommit    string `json:"gitCommit,omitempty"`
	GitTreeState string `json:"gitTreeState,omitempty"`
	GoVersion    string `json:"goVersion"`
	Platform     string `json:"platform"`
}

// buildVersion reads the version stamped with -ldflags and the commit Go
// stamps in every binary built in a git checkout (-buildvcs).
func buildVersion() versionInfo {
	info := versionInfo{Version: version, GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return info
	}
	if info.Version == "dev" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		// go install github.com/sparkhook/sparkhook/cmd/sparkhook@v0.1.0
		info.Version = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			info.GitCommit = s.Value
		case "vcs.modified":
			info.GitTreeState = map[string]string{"true": "dirty", "false": "clean"}[s.Value]
		}
	}
	return info
}

func newVersionCommand() *cobra.Command {
	var c versionConfig
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the version, git commit and Go version",
		Long: `Prints the version sparkhook was built as (git describe --tags --always
--dirty, stamped by make build, make image and the Dockerfile; "dev" for a
plain go build), the git commit it was built from, the Go version and the
platform.`,
		Example: `  sparkhook version
  sparkhook version --short
  sparkhook version -o json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := c.Validate(); err != nil {
				return usageError(err)
			}
			return printVersion(cmd.OutOrStdout(), c, buildVersion())
		},
	}
	cmd.Flags().StringVarP(&c.Output, "output", "o", "", "output format: json or yaml (default: text)")
	cmd.Flags().BoolVar(&c.Short, "short", false, "print the version alone")
	mustRegister(cmd.RegisterFlagCompletionFunc("output", completeValues("json", "yaml")))
	return cmd
}

// printVersion prints info as c asks.
func printVersion(w io.Writer, c versionConfig, info versionInfo) error {
	switch {
	case c.Output == "json":
		out, err := json.MarshalIndent(info, "", "  ")
		if err != nil {
			return failed(err)
		}
		_, err = fmt.Fprintf(w, "%s\n", out)
		return err
	case c.Output == "yaml":
		out, err := yaml.Marshal(info)
		if err != nil {
			return failed(err)
		}
		_, err = w.Write(out)
		return err
	case c.Short:
		_, err := fmt.Fprintln(w, info.Version)
		return err
	}
	commit := info.GitCommit
	if commit == "" {
		commit = "unknown (built outside a git checkout)"
	} else if info.GitTreeState == "dirty" {
		commit += " (with uncommitted changes)"
	}
	_, err := fmt.Fprintf(w, "Version:    %s\nGit commit: %s\nGo version: %s\nPlatform:   %s\n",
		info.Version, commit, info.GoVersion, info.Platform)
	return err
}
