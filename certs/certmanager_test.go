package certs

import (
	"strings"
	"testing"
	"time"

	cmapi "github.com/cert-manager/cert-manager/pkg/apis/certmanager/v1"
	cmmeta "github.com/cert-manager/cert-manager/pkg/apis/meta/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestCertManagerReadiness(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	certificate := func(ready cmmeta.ConditionStatus, notAfter time.Time) *cmapi.Certificate {
		c := &cmapi.Certificate{}
		if ready != "" {
			c.Status.Conditions = []cmapi.CertificateCondition{
				{Type: cmapi.CertificateConditionIssuing, Status: cmmeta.ConditionTrue},
				{Type: cmapi.CertificateConditionReady, Status: ready, Reason: "Why", Message: "because"},
			}
		}
		if !notAfter.IsZero() {
			c.Status.NotAfter = &metav1.Time{Time: notAfter}
		}
		return c
	}
	tests := []struct {
		name    string
		cert    *cmapi.Certificate
		issued  bool
		want    CertificateState
		wantErr string
	}{{
		name: "new, no status", cert: certificate("", time.Time{}),
		want: CertificateState{Message: "no Ready condition yet"}, wantErr: "not issued yet",
	}, {
		name: "Ready", cert: certificate(cmmeta.ConditionTrue, now.Add(time.Hour)),
		want: CertificateState{Ready: true, Message: "Why: because", NotAfter: now.Add(time.Hour)},
	}, {
		name: "Ready but expired", cert: certificate(cmmeta.ConditionTrue, now.Add(-time.Second)), issued: true,
		want: CertificateState{Ready: true, Message: "Why: because", NotAfter: now.Add(-time.Second)}, wantErr: "expired",
	}, {
		name: "not Ready, never seen Ready: no new replica joins", cert: certificate(cmmeta.ConditionFalse, now.Add(time.Hour)),
		want: CertificateState{Message: "Why: because", NotAfter: now.Add(time.Hour)}, wantErr: "not Ready: Why: because",
	}, {
		name: "not Ready after being Ready, still valid: stays in service", cert: certificate(cmmeta.ConditionFalse, now.Add(time.Hour)), issued: true,
		want: CertificateState{Message: "Why: because", NotAfter: now.Add(time.Hour)},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := StateOf(tc.cert)
			if st != tc.want {
				t.Errorf("StateOf = %+v, want %+v", st, tc.want)
			}
			err := st.judge(now, tc.issued)
			if (err == nil) != (tc.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tc.wantErr)) {
				t.Errorf("judge = %v, want an error containing %q", err, tc.wantErr)
			}
		})
	}
}
