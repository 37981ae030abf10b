package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	yaml "go.yaml.in/yaml/v3"

	"github.com/sparkhook/sparkhook/internal/config"
	"github.com/sparkhook/sparkhook/sparkconf"
)

// validateLong is `sparkhook validate --help`'s description.
const validateLong = `Checks spark.properties files (.properties, .conf) and Kubernetes YAML or
JSON (ConfigMaps carrying a spark.properties; SparkPodTemplates and Spark
pod template files, as the template registry loads them) as the admission
webhooks do, and prints one FILE:LINE: message per problem, warnings marked
"warning:"; a problem of a file as a whole is printed as FILE: message. Files
are the arguments and every -f; -f - reads standard input (YAML when it is
a Kubernetes object, else a spark.properties).

A spark.properties is checked against every Spark release that may read it:
the releases --spark-version names; else the release of the image the
properties name (spark.kubernetes.driver.container.image, else
spark.kubernetes.container.image: apache/spark:3.5.1 is Spark 3.5.1); else
the configuration's properties.sparkVersions; else every release from 3.0.0.
A value only some of those releases refuse is a warning naming them; only a
value every one refuses is an error. A ConfigMap's own labels are not read:
Spark labels its driver Pod, not the ConfigMap, with spark-version. -v
prints the releases each spark.properties was checked against, and why.

RELEASES is a comma-separated list of
  3.5.1      one release (a vendor suffix, as in 3.4.2-amzn-0, is ignored)
  3.5        every 3.5.x release
  3.3..3.5   3.3.0 up to the last 3.5.x release
  4.0+       4.0.0 and every later release

Exit status: 0 when every file is valid (warnings allowed), 1 when any is
invalid or cannot be read, 2 on a usage error.`

// validateExamples are `sparkhook validate --help`'s examples.
const validateExamples = `  sparkhook validate spark-defaults.conf
  sparkhook validate --spark-version 3.5 spark.properties
  sparkhook validate --spark-version 3.4,3.5 --config config.yaml configmaps.yaml
  sparkhook validate -v driver-configmap.yaml
  kubectl get configmap spark-drv-0123-conf-map -n spark-jobs -o yaml | sparkhook validate -f -`

// validateConfig is `sparkhook validate`'s flags.
type validateConfig struct {
	ConfigFile string
	// SparkVersion is --spark-version as given, "" when it was not.
	SparkVersion string
	// Verbose prints the releases each spark.properties is checked against.
	Verbose bool
	// Files are the -f files, then the arguments; "-" is standard input.
	Files []string
}

// Validate reports a usage error.
func (c validateConfig) Validate() error {
	if _, err := sparkconf.ParseReleases(c.SparkVersion); err != nil {
		return fmt.Errorf("--spark-version: %w", err)
	}
	if len(c.Files) == 0 {
		return errors.New("no files to validate")
	}
	return nil
}

// newValidateCommand is `sparkhook validate`.
func newValidateCommand() *cobra.Command {
	var c validateConfig
	cmd := &cobra.Command{
		Use:     "validate [flags] FILE...",
		Short:   "Check spark.properties files, ConfigMaps and templates",
		Long:    validateLong,
		Example: validateExamples,
		RunE: func(cmd *cobra.Command, args []string) error {
			c.Files = append(c.Files, args...)
			if err := c.Validate(); err != nil {
				return usageError(err)
			}
			return runValidate(c, cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&c.ConfigFile, "config", "", "sparkhook configuration file, for its spark.properties policy, properties.sparkVersions and Prometheus settings (default: built-in defaults)")
	fs.StringVar(&c.SparkVersion, "spark-version", "", "the Spark releases that read the files: 3.5.1, 3.5, 3.3..3.5, 4.0+ or a comma list of these (default: the release of the image a spark.properties names, else the configuration's properties.sparkVersions, else every release)")
	fs.BoolVarP(&c.Verbose, "verbose", "v", false, "print the Spark releases each spark.properties is checked against, and what chose them")
	fs.StringArrayVarP(&c.Files, "filename", "f", nil, "a file to validate, as the arguments are; - reads standard input; repeatable")
	mustRegister(cmd.MarkFlagFilename("config", "yaml", "yml", "json"))
	mustRegister(cmd.MarkFlagFilename("filename"))
	mustRegister(cmd.RegisterFlagCompletionFunc("spark-version", completeValues(
		"3.5.1\tone release", "3.5\tevery 3.5.x release", "3.3..3.5\t3.3.0 up to the last 3.5.x",
		"4.0+\t4.0.0 and every later release", "3.5,4.0+\ta comma list of these")))
	return cmd
}

// finding is one problem of a file, at a line of that file (0: the file as
// a whole).
type finding struct {
	line    int
	warning bool
	// note is what -v prints: neither a problem nor a warning.
	note    bool
	message string
}

// validateEnv is what the checks of `sparkhook validate` share.
type validateEnv struct {
	config    config.Config
	validator *sparkconf.Validator
	// known is --spark-version, empty when not given: sparkconf.Resolve
	// then picks the releases per file.
	known sparkconf.Target
	// verbose is -v.
	verbose bool
	// stdin is what -f - reads.
	stdin io.Reader
}

// runValidate checks every file, printing its findings; the exit status
// is 1 when any file is invalid or cannot be read.
func runValidate(cfg validateConfig, stdin io.Reader, stdout, stderr io.Writer) error {
	env, err := newValidateEnv(cfg, stdin)
	if err != nil {
		return usageError(err)
	}
	invalid := false
	for _, file := range cfg.Files {
		name, findings, err := validateFile(env, file)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", name, err)
			invalid = true
			continue
		}
		for _, f := range findings {
			fmt.Fprintln(stdout, formatFinding(name, f))
			invalid = invalid || (!f.warning && !f.note)
		}
	}
	if invalid {
		return failed(nil)
	}
	return nil
}

// newValidateEnv reads --config and builds the validator from it.
func newValidateEnv(cfg validateConfig, stdin io.Reader) (*validateEnv, error) {
	conf, err := loadConfig(cfg.ConfigFile)
	if err != nil {
		return nil, err
	}
	v, err := sparkconf.NewValidator(conf.PropertiesOptions())
	if err != nil {
		return nil, err
	}
	releases, err := sparkconf.ParseReleases(cfg.SparkVersion)
	if err != nil {
		return nil, fmt.Errorf("--spark-version: %w", err)
	}
	known := sparkconf.Target{Releases: releases, Source: sparkconf.SourceFlag}
	return &validateEnv{config: conf, validator: v, known: known, verbose: cfg.Verbose, stdin: stdin}, nil
}

// formatFinding prints a finding as FILE:LINE: [warning: ]message.
func formatFinding(file string, f finding) string {
	msg := f.message
	if f.warning {
		msg = "warning: " + msg
	}
	if f.line > 0 {
		return fmt.Sprintf("%s:%d: %s", file, f.line, msg)
	}
	return fmt.Sprintf("%s: %s", file, msg)
}

// stdinName is how findings name standard input (-f -).
const stdinName = "<stdin>"

// validateFile checks one file: YAML and JSON files document by document,
// anything else as a spark.properties; standard input ("-") as YAML when
// it is a Kubernetes object. It returns the name findings print.
func validateFile(env *validateEnv, file string) (string, []finding, error) {
	if file == "-" {
		data, err := io.ReadAll(env.stdin)
		if err != nil {
			return stdinName, nil, err
		}
		if !kubernetesObject(data) {
			return stdinName, checkProperties(env, data, 0), nil
		}
		findings, err := validateYAML(env, stdinName, data)
		return stdinName, findings, err
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return file, nil, err
	}
	switch strings.ToLower(filepath.Ext(file)) {
	case ".yaml", ".yml", ".json":
		findings, err := validateYAML(env, file, data)
		return file, findings, err
	}
	return file, checkProperties(env, data, 0), nil
}

// kubernetesObject reports data whose first YAML document is a mapping
// with apiVersion and kind: a spark.properties, even one written
// "key: value", names no apiVersion.
func kubernetesObject(data []byte) bool {
	var doc yaml.Node
	if yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc) != nil || len(doc.Content) == 0 {
		return false
	}
	root := doc.Content[0]
	return mapValue(root, "apiVersion") != nil && (mapValue(root, "kind") != nil || mapValue(root, "Kind") != nil)
}
