package certs

import (
	"crypto/x509"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var testHosts = []string{"sparkhook.sparkhook-system.svc", "sparkhook.sparkhook-system.svc.cluster.local"}

// testPolicy renews the serving certificate every 6 s and the CA every 20 s
// (publish grace 750 ms).
var testPolicy = Policy{Hosts: testHosts, ServingLifetime: 9 * time.Second, CALifetime: 30 * time.Second}

// material builds a bundle whose signer was made at caMade and whose
// serving certificate (signed by signer) at servingMade; older CAs follow.
func material(t *testing.T, p Policy, caMade, servingMade time.Time, older ...*KeyPair) *Material {
	t.Helper()
	ca, err := NewCA("test CA", caMade, p.CALifetime)
	if err != nil {
		t.Fatal(err)
	}
	serving, err := p.issue(servingMade, ca)
	if err != nil {
		t.Fatal(err)
	}
	m := &Material{Bundle: []*x509.Certificate{ca.cert}, CA: ca, Serving: serving}
	for _, o := range older {
		m.Bundle = append(m.Bundle, o.cert)
	}
	return m
}

// planCase is a case of TestPlan: Plan at now, with cur and the signer
// published since published.
type planCase struct {
	name      string
	now       time.Time
	cur       *Material
	published time.Time
	// wantReason "" keeps the material; else the reasons' start.
	wantReason     string
	wantBundle     int
	wantNewCA      bool
	wantNewServing bool
	wantWake       time.Time
}

// planCases are TestPlan's cases, around t0, under testPolicy (serving
// renewed at 6 s, CA at 20 s, publish grace 750 ms).
func planCases(t *testing.T, t0 time.Time) []planCase {
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	oldCA, err := NewCA("old CA", at(-25*time.Second), testPolicy.CALifetime)
	if err != nil {
		t.Fatal(err)
	}
	return []planCase{{
		name: "no Secret: a CA and a serving certificate", now: t0,
		wantReason: "no certificates yet", wantBundle: 1, wantNewCA: true, wantNewServing: true, wantWake: at(6 * time.Second),
	}, {
		name: "nothing due: wake at the serving renewal", now: at(time.Second), cur: material(t, testPolicy, t0, t0), published: t0,
		wantBundle: 1, wantWake: at(6 * time.Second),
	}, {
		name: "serving due, CA published: renew the serving certificate", now: at(6 * time.Second), cur: material(t, testPolicy, t0, t0), published: t0,
		wantReason: "the serving certificate is due", wantBundle: 1, wantNewServing: true, wantWake: at(12 * time.Second),
	}, {
		name: "serving due, CA not in the configurations: wait for it, at most until expiry", now: at(6 * time.Second), cur: material(t, testPolicy, t0, t0),
		wantBundle: 1, wantWake: at(9 * time.Second),
	}, {
		name: "serving expired, CA not in the configurations: renew anyway", now: at(9 * time.Second), cur: material(t, testPolicy, t0, t0),
		wantReason: "the serving certificate is due", wantBundle: 1, wantNewServing: true,
	}, {
		name: "CA due: a new CA joins the bundle, serving stays until it is published", now: at(20 * time.Second), cur: material(t, testPolicy, t0, at(18*time.Second)), published: t0,
		wantReason: "the CA is due", wantBundle: 2, wantNewCA: true, wantWake: at(27 * time.Second),
	}, {
		name: "new CA published for less than the grace: wait", now: at(500 * time.Millisecond),
		cur: withServing(t, material(t, testPolicy, t0, t0, oldCA), oldCA, at(-time.Second)), published: at(100 * time.Millisecond),
		wantBundle: 2, wantWake: at(850 * time.Millisecond),
	}, {
		name: "new CA published for the grace: serving certificate from it", now: at(time.Second),
		cur: withServing(t, material(t, testPolicy, t0, t0, oldCA), oldCA, at(-time.Second)), published: at(100 * time.Millisecond),
		wantReason: "the serving certificate was not signed", wantBundle: 2, wantNewServing: true, wantWake: at(5 * time.Second),
	}, {
		name: "old CA expired: dropped", now: at(6 * time.Second), cur: material(t, testPolicy, t0, at(4*time.Second), oldCA), published: t0,
		wantReason: "an earlier CA expired", wantBundle: 1, wantWake: at(10 * time.Second),
	}, {
		name: "other names: reissued", now: at(time.Second), cur: material(t, Policy{Hosts: []string{"old.svc"}, ServingLifetime: 9 * time.Second, CALifetime: 30 * time.Second}, t0, t0), published: t0,
		wantReason: "the serving certificate is for [old.svc]", wantBundle: 1, wantNewServing: true, wantWake: at(7 * time.Second),
	}}
}

func TestPlan(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range planCases(t, t0) {
		t.Run(tc.name, func(t *testing.T) {
			d, err := testPolicy.Plan(tc.now, tc.cur, tc.published)
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantReason == "" {
				if d.Next != nil {
					t.Fatalf("Plan replaced the material: %v", d.Reasons)
				}
			} else if d.Next == nil || !strings.HasPrefix(strings.Join(d.Reasons, "; "), tc.wantReason) {
				t.Fatalf("reasons = %q (next %v), want them to start with %q", d.Reasons, d.Next != nil, tc.wantReason)
			}
			next := tc.cur
			if d.Next != nil {
				next = d.Next
			}
			got := struct{ Bundle, NewCA, NewServing bool }{len(next.Bundle) == tc.wantBundle, tc.cur == nil || next.CA != tc.cur.CA, tc.cur == nil || next.Serving != tc.cur.Serving}
			if diff := cmp.Diff(struct{ Bundle, NewCA, NewServing bool }{true, tc.wantNewCA, tc.wantNewServing}, got); diff != "" {
				t.Errorf("bundle size %d (want %d), new CA, new serving (-want +got):\n%s", len(next.Bundle), tc.wantBundle, diff)
			}
			if next.CA.cert != next.Bundle[0] {
				t.Error("the signing CA is not first in the bundle")
			}
			if !tc.wantWake.IsZero() && !d.Wake.Equal(tc.wantWake) {
				t.Errorf("wake = %v, want %v", d.Wake.Sub(t0), tc.wantWake.Sub(t0))
			}
		})
	}
}

// withServing replaces m's serving certificate by one ca signed at made.
func withServing(t *testing.T, m *Material, ca *KeyPair, made time.Time) *Material {
	t.Helper()
	serving, err := testPolicy.issue(made, ca)
	if err != nil {
		t.Fatal(err)
	}
	return &Material{Bundle: m.Bundle, CA: m.CA, Serving: serving}
}

// TestPlanKeepsEveryReplicaTrusted runs Plan over three minutes of
// simulated time, the webhook configurations taking each bundle at once,
// and checks at every step what the rotation promises: the serving
// certificate and the one before it (a replica that has not yet reloaded)
// both verify against the published bundle; a certificate is served only
// once its CA has been published for the grace period; the bundle never
// holds more than two CAs.
func TestPlanKeepsEveryReplicaTrusted(t *testing.T) {
	p := testPolicy
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	end := now.Add(3 * time.Minute)
	firstPublished := map[*x509.Certificate]time.Time{}
	var cur *Material
	var previous *x509.Certificate
	servings, cas := 0, 0
	for ; now.Before(end); now = now.Add(250 * time.Millisecond) {
		var published time.Time
		if cur != nil {
			published = firstPublished[cur.CA.cert]
		}
		d, err := p.Plan(now, cur, published)
		if err != nil {
			t.Fatal(err)
		}
		if d.Next != nil {
			if cur == nil || d.Next.CA != cur.CA {
				cas++
			}
			if cur == nil || d.Next.Serving != cur.Serving {
				servings++
				// A CA first seen in this very step was never published:
				// that is the failure this catches, not a zero duration.
				signer := issuerIn(d.Next.Serving.cert, d.Next.Bundle)
				if pub, ok := firstPublished[signer]; cur != nil && (!ok || now.Sub(pub) < p.publishGrace()) {
					t.Fatalf("%v: a serving certificate is served from a CA published %v ago (published before: %v)", now, now.Sub(pub), ok)
				}
			}
			cur = d.Next
		}
		for _, c := range cur.Bundle {
			if _, ok := firstPublished[c]; !ok {
				firstPublished[c] = now
			}
		}
		if len(cur.Bundle) > 2 {
			t.Fatalf("%v: %d CAs in the bundle", now, len(cur.Bundle))
		}
		for what, c := range map[string]*x509.Certificate{"serving": cur.Serving.cert, "previous serving": previous} {
			if c == nil {
				continue
			}
			if err := verify(c, cur.Bundle, now); err != nil {
				t.Fatalf("%v: the %s certificate does not verify against the bundle: %v", now, what, err)
			}
		}
		previous = cur.Serving.cert
	}
	t.Logf("three simulated minutes: %d serving certificates, %d CAs", servings, cas)
	if servings < 20 || cas < 5 {
		t.Errorf("in three minutes: %d serving certificates and %d CAs, want at least 20 and 5", servings, cas)
	}
}

func issuerIn(c *x509.Certificate, bundle []*x509.Certificate) *x509.Certificate {
	for _, ca := range bundle {
		if c.CheckSignatureFrom(ca) == nil {
			return ca
		}
	}
	return nil
}

func verify(c *x509.Certificate, bundle []*x509.Certificate, now time.Time) error {
	roots := x509.NewCertPool()
	for _, ca := range bundle {
		roots.AddCert(ca)
	}
	_, err := c.Verify(x509.VerifyOptions{Roots: roots, DNSName: testHosts[0], CurrentTime: now, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}})
	return err
}

func TestPolicyValidate(t *testing.T) {
	tests := []struct {
		name    string
		policy  Policy
		wantErr string
	}{
		{name: "defaults", policy: Policy{Hosts: testHosts, ServingLifetime: DefaultServingLifetime, CALifetime: DefaultCALifetime}},
		{name: "no host", policy: Policy{ServingLifetime: time.Hour, CALifetime: time.Hour}, wantErr: "at least one DNS name"},
		{name: "an IP address", policy: Policy{Hosts: []string{"10.0.0.1"}, ServingLifetime: time.Hour, CALifetime: time.Hour}, wantErr: "not a DNS name but an IP address"},
		{name: "too short", policy: Policy{Hosts: testHosts, ServingLifetime: time.Second, CALifetime: time.Hour}, wantErr: "below the minimum"},
		{name: "CA shorter than serving", policy: Policy{Hosts: testHosts, ServingLifetime: time.Hour, CALifetime: time.Minute}, wantErr: "CA lifetime 1m0s is shorter"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.policy.Validate()
			if (err == nil) != (tc.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tc.wantErr)) {
				t.Errorf("Validate() = %v, want an error containing %q", err, tc.wantErr)
			}
		})
	}
}
