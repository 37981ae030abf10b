package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	jsonpatch "github.com/evanphx/json-patch/v5"
	gjsonpatch "gomodules.xyz/jsonpatch/v2"
	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/webhook/admission"
	"sigs.k8s.io/yaml"

	"github.com/sparkhook/sparkhook/templates"
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

func parseMutateFlags(args []string, stderr io.Writer) (mutateConfig, error) {
	var c mutateConfig
	fs := flag.NewFlagSet("mutate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.TemplatesDir, "templates", "", "directory of template files (default: the embedded examples)")
	fs.StringVar(&c.ConfigFile, "config", "", "sparkhook configuration file (default: built-in defaults)")
	fs.StringVar(&c.File, "f", "", "a Pod or an AdmissionReview, YAML or JSON; - reads standard input")
	fs.StringVar(&c.Output, "o", "yaml", "output: yaml or json (the mutated Pod), or patch (the JSON patch served)")
	fs.StringVar(&c.Namespace, "namespace", "default", "namespace of a Pod that names none")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	return c, c.Validate()
}

// runMutate prints a Pod as sparkhook would admit it, by passing it through
// the very handler `sparkhook serve` serves and applying the patch it
// answers, like `istioctl kube-inject`.
func runMutate(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cfg, err := parseMutateFlags(args, stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stderr, "sparkhook mutate: %v\n", err)
		}
		return usageError(err)
	}
	out, warnings, err := mutate(ctx, cfg, stdin)
	for _, w := range warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	if err != nil {
		fmt.Fprintf(stderr, "sparkhook mutate: %v\n", err)
		return exitFailed
	}
	stdout.Write(out)
	return exitOK
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
		files, _, err = templates.ReadTemplateDir(dir)
	}
	if err != nil {
		return nil, nil, err
	}
	ts, warnings, err := templates.LoadFilesWith(files, cfg.Security)
	if err != nil {
		return nil, warnings, err
	}
	registry := templates.NewRegistry()
	registry.Replace(templates.SourceFiles, ts)
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
