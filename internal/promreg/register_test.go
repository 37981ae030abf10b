package promreg

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

func TestRegister(t *testing.T) {
	reg := prometheus.NewRegistry()
	newCounter := func(labels ...string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{Name: "sparkhook_test_total", Help: "A test counter."}, labels)
	}
	first, err := Register(reg, newCounter("a"))
	if err != nil {
		t.Fatal(err)
	}
	again, err := Register(reg, newCounter("a"))
	if err != nil || again != first {
		t.Errorf("registering the same counter again = %p, %v; want the first one, %p", again, err, first)
	}
	if _, err := Register(reg, newCounter("b")); err == nil {
		t.Error("registering the name with other labels succeeded; want an error")
	}
}
