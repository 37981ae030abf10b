package certs

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"slices"
	"time"
)

// Default lifetimes of the self-managed certificates. Both are renewed at
// two thirds of their life, so the serving certificate every 60 days and
// the CA every 40 months; nothing here needs a person to act.
const (
	DefaultCALifetime      = 5 * 365 * 24 * time.Hour
	DefaultServingLifetime = 90 * 24 * time.Hour
	// MinLifetime keeps renewals from following each other faster than a
	// Secret update, a file write and a certwatcher reload can complete.
	MinLifetime = 3 * time.Second
	// maxPublishGrace is how long a new CA must have been in the webhook
	// configurations before a certificate it signed is served: time for
	// every API server to see the new caBundle (they watch the
	// configurations, so this is normally well under a second).
	maxPublishGrace = 10 * time.Second
)

// Policy says what the self-managed certificates look like and when they
// are replaced.
type Policy struct {
	// Hosts are the serving certificate's DNS names; the first is also its
	// common name, and the name the API server verifies
	// (<service>.<namespace>.svc).
	Hosts []string
	// CALifetime and ServingLifetime are how long a new CA and a new
	// serving certificate are valid. A serving certificate never outlives
	// the CA that signed it.
	CALifetime, ServingLifetime time.Duration
}

// Validate reports a policy that cannot work.
func (p Policy) Validate() error {
	var errs []error
	if len(p.Hosts) == 0 {
		errs = append(errs, errors.New("the serving certificate needs at least one DNS name"))
	}
	for _, h := range p.Hosts {
		if net.ParseIP(h) != nil {
			errs = append(errs, fmt.Errorf("%s is not a DNS name but an IP address: the API server calls a Service by name", h))
		}
	}
	if p.ServingLifetime < MinLifetime {
		errs = append(errs, fmt.Errorf("serving certificate lifetime %v is below the minimum %v", p.ServingLifetime, MinLifetime))
	}
	if p.CALifetime < p.ServingLifetime {
		errs = append(errs, fmt.Errorf("CA lifetime %v is shorter than the serving certificate lifetime %v", p.CALifetime, p.ServingLifetime))
	}
	return errors.Join(errs...)
}

// publishGrace is maxPublishGrace, or a twelfth of the serving lifetime
// when that is shorter, so that with lifetimes of seconds (the rotation
// tests) the wait still ends early in the old certificate's last third.
func (p Policy) publishGrace() time.Duration {
	return min(maxPublishGrace, p.ServingLifetime/12)
}

// Decision is what Plan decided.
type Decision struct {
	// Next is the material to store and serve; nil keeps the current one.
	Next *Material
	// Reasons say why Next differs from the current material, for the log.
	Reasons []string
	// Wake is when Plan must be asked again even if nothing else changes.
	Wake time.Time
}

// Plan decides what the self-managed Secret should hold at now, given what
// it holds (cur, nil when there is no usable Secret) and since when the
// signing CA (cur.Bundle[0]) has been in the caBundle of every webhook
// configuration (signerPublished, zero when it is not).
//
//	state                                      | action
//	-------------------------------------------+-------------------------------------------
//	no material                                | new CA; serving certificate from it
//	a CA other than the signer has expired     | drop it from the bundle
//	the signer is at 2/3 of its life           | new CA, first in the bundle; the old CA
//	                                           | stays until it expires, so that replicas
//	                                           | serving certificates it signed stay trusted
//	the serving certificate is at 2/3 of its   | new serving certificate from the signer,
//	life, has other names, or was not signed   | once the signer has been published for the
//	by the signer                              | grace period (at once if the current one
//	                                           | has already expired)
//
// Renewing the CA and the serving certificate in two steps is what keeps
// the API server trusting every replica: the new CA reaches the caBundle
// before any certificate it signed is served, and the old CA leaves the
// caBundle only when nothing it signed can still be valid.
func (p Policy) Plan(now time.Time, cur *Material, signerPublished time.Time) (Decision, error) {
	if cur == nil {
		m, err := p.fresh(now)
		if err != nil {
			return Decision{}, err
		}
		return Decision{Next: m, Reasons: []string{"no certificates yet"}, Wake: p.wake(m, time.Time{}, false)}, nil
	}
	next := &Material{Bundle: cur.Bundle, CA: cur.CA, Serving: cur.Serving}
	var reasons []string
	if kept := unexpired(now, next.Bundle[1:]); len(kept) < len(next.Bundle)-1 {
		next.Bundle = append([]*x509.Certificate{next.CA.cert}, kept...)
		reasons = append(reasons, "an earlier CA expired: dropped from the bundle")
	}
	if !now.Before(renewAt(next.CA.cert)) {
		ca, err := NewCA(caName(now), now, p.CALifetime)
		if err != nil {
			return Decision{}, err
		}
		next.Bundle = append([]*x509.Certificate{ca.cert}, unexpired(now, next.Bundle)...)
		next.CA = ca
		signerPublished = time.Time{}
		reasons = append(reasons, "the CA is due for renewal: a new CA joins the bundle")
	}
	waiting, waitUntil := false, time.Time{}
	if why := p.servingProblem(now, next); why != "" {
		published := !signerPublished.IsZero() && !now.Before(signerPublished.Add(p.publishGrace()))
		if published || !now.Before(next.Serving.cert.NotAfter) {
			serving, err := p.issue(now, next.CA)
			if err != nil {
				return Decision{}, err
			}
			next.Serving = serving
			reasons = append(reasons, why)
		} else {
			waiting = true
			if !signerPublished.IsZero() {
				waitUntil = signerPublished.Add(p.publishGrace())
			}
		}
	}
	d := Decision{Wake: p.wake(next, waitUntil, waiting)}
	if len(reasons) > 0 {
		d.Next, d.Reasons = next, reasons
	}
	return d, nil
}

// fresh is a new CA and a serving certificate it signed.
func (p Policy) fresh(now time.Time) (*Material, error) {
	ca, err := NewCA(caName(now), now, p.CALifetime)
	if err != nil {
		return nil, err
	}
	serving, err := p.issue(now, ca)
	if err != nil {
		return nil, err
	}
	return &Material{Bundle: []*x509.Certificate{ca.cert}, CA: ca, Serving: serving}, nil
}

// issue signs a serving certificate with ca, valid for the serving lifetime
// or until ca expires, whichever comes first.
func (p Policy) issue(now time.Time, ca *KeyPair) (*KeyPair, error) {
	lifetime := min(p.ServingLifetime, ca.cert.NotAfter.Sub(now))
	return IssueServing(ca, p.Hosts, now, lifetime)
}

// servingProblem says why the serving certificate must be replaced, or ""
// when it need not be.
func (p Policy) servingProblem(now time.Time, m *Material) string {
	c := m.Serving.cert
	switch {
	case c.CheckSignatureFrom(m.CA.cert) != nil:
		return "the serving certificate was not signed by the current CA"
	case !sameNames(c.DNSNames, p.Hosts):
		return fmt.Sprintf("the serving certificate is for %v, not %v", c.DNSNames, p.Hosts)
	case !now.Before(renewAt(c)):
		return "the serving certificate is due for renewal"
	}
	return ""
}

// wake is the earliest time something in m needs a decision: the CA's
// renewal, an earlier CA's expiry, and the serving certificate's renewal —
// or, while a new serving certificate waits for its CA to be published, the
// end of the grace period and the current certificate's expiry.
func (p Policy) wake(m *Material, waitUntil time.Time, waiting bool) time.Time {
	times := []time.Time{renewAt(m.CA.cert)}
	for _, c := range m.Bundle[1:] {
		times = append(times, c.NotAfter)
	}
	if waiting {
		times = append(times, m.Serving.cert.NotAfter)
		if !waitUntil.IsZero() {
			times = append(times, waitUntil)
		}
	} else {
		times = append(times, renewAt(m.Serving.cert))
	}
	return slices.MinFunc(times, func(a, b time.Time) int { return a.Compare(b) })
}

// renewAt is two thirds into c's life, counted from its issue (NotBefore
// is backdated for clock skew).
func renewAt(c *x509.Certificate) time.Time {
	issued := c.NotBefore.Add(backdate)
	return issued.Add(c.NotAfter.Sub(issued) * 2 / 3)
}

func unexpired(now time.Time, cs []*x509.Certificate) []*x509.Certificate {
	var out []*x509.Certificate
	for _, c := range cs {
		if now.Before(c.NotAfter) {
			out = append(out, c)
		}
	}
	return out
}

func sameNames(a, b []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}

// caName names a CA by when it was made, so that logs and `openssl x509`
// tell the CAs of a bundle apart.
func caName(now time.Time) string {
	return "sparkhook CA " + now.UTC().Format(time.RFC3339)
}
