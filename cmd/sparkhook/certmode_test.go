package main

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/sparkhook/sparkhook/certs"
)

// parseServeFlags parses args with `sparkhook serve`'s own flags and
// argument check, and validates the configuration, as the command does
// before it serves.
func parseServeFlags(args []string) (serveConfig, error) {
	var cfg serveConfig
	cmd := newServeCommand(&cfg)
	if err := cmd.ParseFlags(args); err != nil {
		return cfg, err
	}
	return cfg, errors.Join(cmd.ValidateArgs(cmd.Flags().Args()), cfg.Validate())
}

func TestCertFlags(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantErr    string
		notWantErr string // a part the error must not have: a second, misleading message
		wantPolicy *certs.Policy
	}{{
		name: "files by default", args: nil,
	}, {
		name: "self-managed with the defaults", args: []string{"--cert-mode=self-managed", "--namespace=ops"},
		wantPolicy: &certs.Policy{
			Hosts:           []string{"sparkhook.ops.svc", "sparkhook.ops.svc.cluster.local"},
			ServingLifetime: certs.DefaultServingLifetime, CALifetime: certs.DefaultCALifetime,
		},
	}, {
		name: "lifetimes of seconds", args: []string{"--cert-mode=self-managed", "--cert-lifetime=6s", "--ca-lifetime=24s", "--service-name=hook"},
		wantPolicy: &certs.Policy{
			Hosts:           []string{"hook.sparkhook-system.svc", "hook.sparkhook-system.svc.cluster.local"},
			ServingLifetime: 6 * time.Second, CALifetime: 24 * time.Second,
		},
	}, {
		name: "unknown mode", args: []string{"--cert-mode=vault"}, wantErr: `--cert-mode "vault": want files, self-managed or cert-manager`,
	}, {
		name: "lifetime too short", args: []string{"--cert-mode=self-managed", "--cert-lifetime=1s"}, wantErr: "below the minimum",
	}, {
		name: "CA shorter than the certificate", args: []string{"--cert-mode=self-managed", "--ca-lifetime=1h"}, wantErr: "CA lifetime 1h0m0s is shorter",
	}, {
		name: "no service", args: []string{"--cert-mode=self-managed", "--service-name="}, wantErr: "--service-name is required", notWantErr: "--cert-lifetime",
	}, {
		name: "no Secret name", args: []string{"--cert-mode=self-managed", "--secret-name="}, wantErr: "--secret-name is required",
	}, {
		name: "no Certificate name", args: []string{"--cert-mode=cert-manager", "--certificate-name="}, wantErr: "--certificate-name is required",
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := parseServeFlags(append([]string{"--cert-dir=/certs"}, tc.args...))
			if (err == nil) != (tc.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("parseServeFlags = %v, want an error containing %q", err, tc.wantErr)
			}
			if tc.notWantErr != "" && strings.Contains(err.Error(), tc.notWantErr) {
				t.Errorf("parseServeFlags = %v, which should not mention %q", err, tc.notWantErr)
			}
			if tc.wantPolicy != nil {
				if diff := cmp.Diff(*tc.wantPolicy, cfg.Certs.policy(cfg.Namespace)); diff != "" {
					t.Errorf("policy (-want +got):\n%s", diff)
				}
			}
		})
	}
}

// TestCertModesNeedACluster: the modes that read or write API objects
// refuse to start offline rather than serve without certificates.
func TestCertModesNeedACluster(t *testing.T) {
	t.Setenv("KUBERNETES_SERVICE_HOST", "")
	for _, mode := range []string{certModeSelfManaged, certModeCertManager} {
		cfg, err := parseServeFlags([]string{"--cert-dir=" + t.TempDir(), "--cert-mode=" + mode, "--metrics-bind-address=0"})
		if err != nil {
			t.Fatal(err)
		}
		err = serve(context.Background(), cfg)
		if err == nil || !strings.Contains(err.Error(), "needs a cluster") {
			t.Errorf("--cert-mode=%s without a cluster: %v, want an error saying it needs one", mode, err)
		}
	}
}
