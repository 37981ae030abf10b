package main

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// normalizeGoFlagNames maps the one-letter flag names of Go's flag package
// that became short forms to their long names, so that --f, --o and --v,
// which the flag package accepted, still parse.
func normalizeGoFlagNames(_ *pflag.FlagSet, name string) pflag.NormalizedName {
	switch name {
	case "f":
		name = "filename"
	case "o":
		name = "output"
	case "v":
		name = "verbose"
	}
	return pflag.NormalizedName(name)
}

// oneDashLongFlags rewrites -name and -name=value, which Go's flag package
// read as --name, to --name when name is the long name of a flag of any
// sparkhook command: invocations written for the flag package
// (sparkhook serve -cert-dir=…) keep working, where pflag would read
// -cert-dir as -c -e -r…. Arguments after "--" are left alone.
func oneDashLongFlags(root *cobra.Command, args []string) []string {
	long := map[string]bool{"help": true}
	var collect func(*cobra.Command)
	collect = func(c *cobra.Command) {
		c.Flags().VisitAll(func(f *pflag.Flag) { long[f.Name] = true })
		for _, sub := range c.Commands() {
			collect(sub)
		}
	}
	collect(root)
	out := make([]string, len(args))
	for i, a := range args {
		if a == "--" {
			copy(out[i:], args[i:])
			break
		}
		name, _, _ := strings.Cut(strings.TrimPrefix(a, "-"), "=")
		if strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "--") && len(name) > 1 && long[name] {
			a = "-" + a
		}
		out[i] = a
	}
	return out
}

// completeValues completes a flag's value from a fixed list, each entry
// "value\tdescription": the values that start with what is typed, never
// file names.
func completeValues(values ...string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(_ *cobra.Command, _ []string, typed string) ([]string, cobra.ShellCompDirective) {
		var out []string
		for _, v := range values {
			if strings.HasPrefix(v, typed) {
				out = append(out, v)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// mustRegister panics on a flag completion's registration error, which
// only a misspelt flag name causes: a programming error that every test
// run finds.
func mustRegister(err error) {
	if err != nil {
		panic(err)
	}
}
