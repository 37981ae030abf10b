package webhook

import (
	"net/http"
	"net/http/httptest"
	"runtime"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRunNiced checks that f runs at validationNice, on a thread of its
// own, and that the caller's thread keeps its priority.
func TestRunNiced(t *testing.T) {
	nice := func() int { return threadNice(t) }
	before := nice()
	var inside int
	runNiced(func() { inside = nice() })
	got := struct{ Inside, Caller int }{inside, nice()}
	if diff := cmp.Diff(struct{ Inside, Caller int }{max(before, validationNice), before}, got); diff != "" {
		t.Errorf("niceness (-want +got):\n%s", diff)
	}
}

// TestDeprioritizedServesNiced checks that Deprioritized serves the whole
// request, body and all, at validationNice.
func TestDeprioritizedServesNiced(t *testing.T) {
	var inside int
	h := Deprioritized(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { inside = threadNice(t) }), NewLimiter(1), nil, "ConfigMap")
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/", nil))
	if want := max(threadNice(t), validationNice); inside != want {
		t.Errorf("niceness while serving = %d, want %d", inside, want)
	}
}

// threadNice is the niceness of the calling thread.
func threadNice(t *testing.T) int {
	// The raw getpriority system call returns 20 - nice.
	prio, err := syscall.Getpriority(syscall.PRIO_PROCESS, syscall.Gettid())
	if err != nil {
		t.Fatal(err)
	}
	return 20 - prio
}

// TestReserveProcsForValidations checks that each validation slot gets a
// Go processor of its own on top of those the Pod reviews use.
func TestReserveProcsForValidations(t *testing.T) {
	before := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(before)
	ReserveProcsForValidations(2)
	if got := runtime.GOMAXPROCS(0); got != before+2 {
		t.Errorf("GOMAXPROCS = %d, want %d", got, before+2)
	}
}
