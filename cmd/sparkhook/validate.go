package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/sparkhook/sparkhook/api/v1alpha1"
	"github.com/sparkhook/sparkhook/webhook"
	"github.com/sparkhook/sparkhook/webhook/sparkconf"
)

const validateUsage = `usage: sparkhook validate [--config FILE] [--spark-version RELEASES] [-v] FILE...

Checks spark.properties files (.properties, .conf) and Kubernetes YAML or
JSON (ConfigMaps carrying a spark.properties; SparkPodTemplates and Spark
pod template files, as the template registry loads them) as the admission
webhooks do, and prints one FILE:LINE: message per problem, warnings marked
"warning:"; a problem of a file as a whole is printed as FILE: message.

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

Examples:
  sparkhook validate spark-defaults.conf
  sparkhook validate --spark-version 3.5.1 spark.properties
  sparkhook validate --spark-version 3.4,3.5 --config config.yaml configmaps.yaml
  sparkhook validate -v driver-configmap.yaml

Exit status: 0 when every file is valid (warnings allowed), 1 when any is
invalid or cannot be read, 2 on a usage error.

Flags:
`

// validateConfig is `sparkhook validate`'s flags.
type validateConfig struct {
	ConfigFile string
	// SparkVersion is --spark-version as given; Releases is what it names,
	// empty when it was not given.
	SparkVersion string
	Releases     sparkconf.Releases
	// Verbose prints the releases each spark.properties is checked against.
	Verbose bool
	Files   []string
}

func parseValidateFlags(args []string, stderr io.Writer) (validateConfig, error) {
	var c validateConfig
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, validateUsage)
		fs.PrintDefaults()
	}
	fs.StringVar(&c.ConfigFile, "config", "", "sparkhook configuration file, for its spark.properties policy, properties.sparkVersions and Prometheus settings (default: built-in defaults)")
	fs.StringVar(&c.SparkVersion, "spark-version", "", "the Spark releases that read the files: 3.5.1, 3.5, 3.3..3.5, 4.0+ or a comma list of these (default: the release of the image a spark.properties names, else the configuration's properties.sparkVersions, else every release)")
	fs.BoolVar(&c.Verbose, "v", false, "print the Spark releases each spark.properties is checked against, and what chose them")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	rs, err := sparkconf.ParseReleases(c.SparkVersion)
	if err != nil {
		return c, fmt.Errorf("--spark-version: %w", err)
	}
	c.Releases = rs
	c.Files = fs.Args()
	if len(c.Files) == 0 {
		return c, errors.New("no files to validate")
	}
	return c, nil
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
	config    webhook.Config
	validator *sparkconf.Validator
	// known is --spark-version, empty when not given: sparkconf.Resolve
	// then picks the releases per file.
	known sparkconf.Target
	// verbose is -v.
	verbose bool
}

// runValidate implements `sparkhook validate`.
func runValidate(_ context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseValidateFlags(args, stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stderr, "sparkhook validate: %v\n", err)
		}
		return usageError(err)
	}
	env, err := newValidateEnv(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "sparkhook validate: %v\n", err)
		return exitUsage
	}
	code := exitOK
	for _, file := range cfg.Files {
		findings, err := validateFile(env, file)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", file, err)
			code = exitFailed
			continue
		}
		for _, f := range findings {
			fmt.Fprintln(stdout, formatFinding(file, f))
			if !f.warning && !f.note {
				code = exitFailed
			}
		}
	}
	return code
}

// newValidateEnv reads --config and builds the validator from it.
func newValidateEnv(cfg validateConfig) (*validateEnv, error) {
	config, err := loadConfig(cfg.ConfigFile)
	if err != nil {
		return nil, err
	}
	v, err := sparkconf.NewValidator(config.PropertiesOptions())
	if err != nil {
		return nil, err
	}
	known := sparkconf.Target{Releases: cfg.Releases, Source: sparkconf.SourceFlag}
	return &validateEnv{config: config, validator: v, known: known, verbose: cfg.Verbose}, nil
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

// validateFile checks one file: YAML and JSON files document by document,
// anything else as a spark.properties.
func validateFile(env *validateEnv, file string) ([]finding, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	switch strings.ToLower(filepath.Ext(file)) {
	case ".yaml", ".yml", ".json":
		return validateYAML(env, file, data)
	}
	return checkProperties(env, data, 0), nil
}

// documentCheck checks one YAML document of a kind; doc is the document's
// root mapping, whose nodes carry their lines in the file.
type documentCheck func(env *validateEnv, file string, doc *yaml.Node) []finding

// documentCheckOf returns the check of a kind of YAML document: ConfigMaps
// for their spark.properties, and SparkPodTemplates and plain Pods (Spark
// podTemplateFiles) as the template registry loads them.
func documentCheckOf(kind string) (documentCheck, bool) {
	switch kind {
	case "ConfigMap":
		return checkConfigMap, true
	case v1alpha1.Kind, "Pod":
		return checkTemplate, true
	}
	return nil, false
}

// validateYAML checks every document of a YAML or JSON file.
func validateYAML(env *validateEnv, file string, data []byte) ([]finding, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var out []finding
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, fmt.Errorf("reading YAML: %w", err)
		}
		if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
			continue
		}
		out = append(out, checkDocument(env, file, doc.Content[0])...)
	}
}

// checkDocument dispatches a document to the check of its kind.
func checkDocument(env *validateEnv, file string, doc *yaml.Node) []finding {
	kind := mapValue(doc, "kind")
	if kind == nil {
		// Spark's own test templates say "Kind: Pod", which Spark's
		// fabric8 client accepts; so does the template loader.
		kind = mapValue(doc, "Kind")
	}
	if kind == nil {
		return []finding{{line: doc.Line, warning: true, message: "not checked: the document has no kind"}}
	}
	if kind.Value == "List" {
		return checkList(env, file, doc)
	}
	check, ok := documentCheckOf(kind.Value)
	if !ok {
		return []finding{{line: kind.Line, warning: true, message: fmt.Sprintf("not checked: sparkhook validate does not check kind %s", kind.Value)}}
	}
	return check(env, file, doc)
}

// checkList checks the items of a List, as `kubectl get -o yaml` prints
// several objects.
func checkList(env *validateEnv, file string, doc *yaml.Node) []finding {
	var out []finding
	if items := mapValue(doc, "items"); items != nil && items.Kind == yaml.SequenceNode {
		for _, item := range items.Content {
			if item.Kind == yaml.MappingNode {
				out = append(out, checkDocument(env, file, item)...)
			}
		}
	}
	return out
}

// mapValue returns the value of key in a YAML mapping, or nil.
func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}
