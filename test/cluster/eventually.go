package cluster

import (
	"testing"
	"time"
)

// Eventually calls check every 100 ms until it returns nil, failing the
// test with the last error once timeout has passed: what the API server and
// sparkhook's cache make true takes a moment to show.
func Eventually(t testing.TB, timeout time.Duration, check func() error) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		err := check()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("still failing after %s: %v", timeout, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
