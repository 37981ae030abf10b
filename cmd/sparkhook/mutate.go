package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	jsonpatch "github.com/evanphx/json-patch/v5"
	"github.com/spf13/cobra"
	gjsonpatch "gomodules.xyz/jsonpatch/v2"
	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"
	"sigs.k8s.io/yaml"

	"github.com/sparkhook/sparkhook/templates"
	"github.com/sparkhook/sparkhook/templates/source"
	"github.com/sparkhook/sparkhook/webhook"
)

// mutateConfig is `sparkhook mutate`'s flags.
type mutateConfig struct {
	TemplatesDir string
	ConfigFile   string
	File         string
	Output       string
	Namespace    string
}

// Validate reports a usage error.
func (c mutateConfig) Validate() error {
	if c.File == "" {
		return errors.New("-f is required (a file, or - for standard input)")
	}
	switch c.Output {
	case "yaml", "json", "patch":
		return nil
	}
	return fmt.Errorf("-o %q: must be yaml, json or patch", c.Output)
}

// newMutateCommand is `sparkhook mutate`.
func newMutateCommand() *cobra.Command {
	var c mutateConfig
	cmd := &cobra.Command{
		Use:   "mutate -f FILE [flags]",
		Short: "Print a Spark Pod as sparkhook would admit it",
		Long: `Passes a Pod, or an AdmissionReview of one, through the very handler
sparkhook serve serves, and prints the Pod with the answered patch applied (or,
with -o patch, the JSON patch), like istioctl kube-inject. Template warnings are
printed on stderr.

Exit status: 0 when the Pod is admitted (patched or not), 1 when it is denied
or the input, the templates or the configuration cannot be read, 2 on a usage
error.`,
		Example: `  # The driver Pod as the example templates make it
  sparkhook mutate -f driver.yaml

  # Only the JSON patch, with your own templates
  sparkhook mutate --templates ./templates -f driver.yaml -o patch

  # A Pod from the cluster, through your templates and configuration
  kubectl get pod spark-pi-driver -n spark-jobs -o yaml | \
    sparkhook mutate --templates ./templates --config config.yaml -f - -o json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := c.Validate(); err != nil {
				return usageError(err)
			}
			out, warnings, err := mutate(cmd.Context(), c, cmd.InOrStdin())
			for _, w := range warnings {
				fmt.Fprintf(cmd.ErrOrStderr(), "warning: %s\n", w)
			}
			if err != nil {
				return failed(err)
			}
			if _, err := cmd.OutOrStdout().Write(out); err != nil {
				return failed(err)
			}
			return nil
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&c.TemplatesDir, "templates", "", "directory of template files (default: the embedded examples)")
	fs.StringVar(&c.ConfigFile, "config", "", "sparkhook configuration file (default: built-in defaults)")
	fs.StringVarP(&c.File, "filename", "f", "", "a Pod or an AdmissionReview, YAML or JSON; - reads standard input (required)")
	fs.StringVarP(&c.Output, "output", "o", "yaml", "output: yaml or json (the mutated Pod), or patch (the JSON patch served)")
	fs.StringVarP(&c.Namespace, "namespace", "n", "default", "namespace of a Pod that names none")
	mustRegister(cmd.MarkFlagDirname("templates"))
	mustRegister(cmd.MarkFlagFilename("config", "yaml", "yml", "json"))
	mustRegister(cmd.MarkFlagFilename("filename", "yaml", "yml", "json"))
	mustRegister(cmd.RegisterFlagCompletionFunc("output", completeValues(
		"yaml\tthe mutated Pod, as YAML", "json\tthe mutated Pod, as JSON", "patch\tthe JSON patch sparkhook serve answers")))
	return cmd
}

// mutate runs one Pod through the Pod handler and renders the result.
func mutate(ctx context.Context, cfg mutateConfig, stdin io.Reader) ([]byte, []string, error) {
	handler, warnings, err := offlineHandler(cfg.TemplatesDir, cfg.ConfigFile)
	if err != nil {
		return nil, warnings, err
	}
	input, err := readInput(cfg.File, stdin)
	if err != nil {
		return nil, warnings, err
	}
	req, err := admissionRequest(input, cfg.Namespace)
	if err != nil {
		return nil, warnings, err
	}
	resp := handler.Handle(ctx, req)
	warnings = append(warnings, resp.Warnings...)
	if !resp.Allowed {
		return nil, warnings, fmt.Errorf("denied: %s", resp.Result.Message)
	}
	if resp.Patches == nil {
		resp.Patches = []gjsonpatch.JsonPatchOperation{}
	}
	patch, err := json.Marshal(resp.Patches)
	if err != nil {
		return nil, warnings, err
	}
	if cfg.Output == "patch" {
		return append(indentJSON(patch), '\n'), warnings, nil
	}
	out, err := applyPatch(req.Object.Raw, patch)
	if err != nil {
		return nil, warnings, err
	}
	if cfg.Output == "json" {
		return append(indentJSON(out), '\n'), warnings, nil
	}
	out, err = yaml.JSONToYAML(out)
	return out, warnings, err
}

// offlineHandler is the Pod handler over file templates (or the embedded
// examples) and the configuration file, with no cluster.
func offlineHandler(dir, configFile string) (admission.Handler, []string, error) {
	cfg, err := loadConfig(configFile)
	if err != nil {
		return nil, nil, err
	}
	files, err := exampleTemplates()
	if dir != "" {
		files, _, err = source.ReadTemplateDir(dir)
	}
	if err != nil {
		return nil, nil, err
	}
	ts, warnings, err := templates.LoadFilesWith(files, cfg.Security)
	if err != nil {
		return nil, warnings, err
	}
	registry := templates.NewRegistry()
	registry.Replace(source.Files, ts)
	scheme, err := newScheme()
	if err != nil {
		return nil, warnings, err
	}
	return webhook.NewPodHandler(scheme, registry, cfg, nil), warnings, nil
}

func readInput(file string, stdin io.Reader) ([]byte, error) {
	if file == "-" {
		return io.ReadAll(stdin)
	}
	return os.ReadFile(file)
}

// admissionRequest reads a Pod or an AdmissionReview (YAML or JSON) into the
// request the API server would send for it: a CREATE of the Pod.
func admissionRequest(input []byte, namespace string) (admission.Request, error) {
	data, err := yaml.YAMLToJSON(input)
	if err != nil {
		return admission.Request{}, fmt.Errorf("reading the input: %w", err)
	}
	var tm metav1.TypeMeta
	if err := json.Unmarshal(data, &tm); err != nil {
		return admission.Request{}, fmt.Errorf("reading the input: %w", err)
	}
	if tm.Kind == "AdmissionReview" {
		var review admissionv1.AdmissionReview
		if err := json.Unmarshal(data, &review); err != nil {
			return admission.Request{}, fmt.Errorf("reading the AdmissionReview: %w", err)
		}
		if review.Request == nil {
			return admission.Request{}, errors.New("the AdmissionReview has no request")
		}
		return admission.Request{AdmissionRequest: *review.Request}, nil
	}
	if tm.Kind != "Pod" {
		return admission.Request{}, fmt.Errorf("the input is a %q; want a Pod or an AdmissionReview", tm.Kind)
	}
	var meta struct {
		Metadata metav1.ObjectMeta `json:"metadata"`
	}
	if err := json.Unmarshal(data, &meta); err != nil {
		return admission.Request{}, fmt.Errorf("reading the Pod: %w", err)
	}
	if meta.Metadata.Namespace != "" {
		namespace = meta.Metadata.Namespace
	}
	return admission.Request{AdmissionRequest: admissionv1.AdmissionRequest{
		UID:       "sparkhook-mutate",
		Kind:      metav1.GroupVersionKind{Version: "v1", Kind: "Pod"},
		Resource:  metav1.GroupVersionResource{Version: "v1", Resource: "pods"},
		Name:      meta.Metadata.Name,
		Namespace: namespace,
		Operation: admissionv1.Create,
		Object:    runtime.RawExtension{Raw: data},
	}}, nil
}

// applyPatch applies an RFC 6902 patch, as the API server applies the one
// the webhook answers.
func applyPatch(doc, patch []byte) ([]byte, error) {
	p, err := jsonpatch.DecodePatch(patch)
	if err != nil {
		return nil, fmt.Errorf("decoding the patch: %w", err)
	}
	out, err := p.Apply(doc)
	if err != nil {
		return nil, fmt.Errorf("applying the patch: %w", err)
	}
	return out, nil
}

func indentJSON(data []byte) []byte {
	var out bytes.Buffer
	if json.Indent(&out, data, "", "  ") != nil {
		return data
	}
	return out.Bytes()
}
