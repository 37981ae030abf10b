package webhook

import (
	"os"
	"testing"

	"github.com/go-logr/logr"
	logf "sigs.k8s.io/controller-runtime/pkg/log"
)

// TestMain gives controller-runtime a root logger that discards. The
// handlers log through the request context's logger, which falls back on
// that root; with none set, controller-runtime prints a stack trace once a
// run passes 30 s, as `make bench` and `make fuzz` do. Tests that check
// what is logged put their own logger in the context.
func TestMain(m *testing.M) {
	logf.SetLogger(logr.Discard())
	os.Exit(m.Run())
}
