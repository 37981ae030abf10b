package main

import (
	"cmp"
	"fmt"
	"slices"

	yaml "go.yaml.in/yaml/v3"

	"github.com/sparkhook/sparkhook/sparkconf"
	"github.com/sparkhook/sparkhook/webhook"
)

// checkProperties checks one spark.properties as the ConfigMap webhook
// does: the validator's problems for the releases sparkconf.Resolve picks
// (--spark-version, else the image the properties name, else the
// configured releases, else every release), and the Prometheus settings'
// warnings for those releases. offset is the file line before the
// properties' first line (0 for a properties file); with -v the first
// finding, at offset, says which releases were checked.
func checkProperties(env *validateEnv, data []byte, offset int) []finding {
	rep := env.validator.ValidateData(data, env.known)
	problems := rep.Problems
	if props, _ := sparkconf.Parse(data); props != nil {
		problems = append(problems, webhook.PrometheusWarnings(env.config.Prometheus, props, rep.Target)...)
		slices.SortStableFunc(problems, func(a, b sparkconf.Problem) int { return cmp.Compare(a.Line, b.Line) })
	}
	var out []finding
	if env.verbose {
		out = append(out, finding{line: offset, note: true, message: "checked against " + rep.Target.String()})
	}
	return append(out, propertiesFindings(problems, offset)...)
}

// propertiesFindings turns problems into findings; offset is the file line
// before the properties' first line (0 for a properties file).
func propertiesFindings(problems []sparkconf.Problem, offset int) []finding {
	out := make([]finding, 0, len(problems))
	for _, p := range problems {
		f := finding{warning: p.Severity == sparkconf.Warning, message: p.Message}
		if p.Key != "" {
			f.message = p.Key + ": " + p.Message
		}
		if p.Line > 0 {
			f.line = offset + p.Line
		} else if offset > 0 {
			// A problem of the whole properties, at the line of the
			// ConfigMap's spark.properties key.
			f.line = offset
		}
		out = append(out, f)
	}
	return out
}

// checkConfigMap checks the spark.properties of a ConfigMap as the
// admission webhook does, at the lines of the file: a literal block
// (spark.properties: |) maps line for line; any other style of string is
// reported at the line of its value, with the line inside the properties.
// The ConfigMap's labels are not read: Spark puts spark-version on its
// Pods, and the webhook reads it from the driver Pod that owns the
// ConfigMap, which a file does not have (--spark-version stands for it).
func checkConfigMap(env *validateEnv, _ string, doc *yaml.Node) []finding {
	props := mapValue(mapValue(doc, "data"), webhook.SparkPropertiesKey)
	if props == nil || props.Kind != yaml.ScalarNode {
		return nil
	}
	if props.Style&yaml.LiteralStyle != 0 {
		return checkProperties(env, []byte(props.Value), props.Line)
	}
	out := checkProperties(env, []byte(props.Value), 0)
	for i := range out {
		if out[i].line > 0 {
			out[i].message = fmt.Sprintf("spark.properties line %d: %s", out[i].line, out[i].message)
		}
		out[i].line = props.Line
	}
	return out
}
