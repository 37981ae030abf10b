package webhook

import (
	"context"
	"fmt"
	"runtime"
	"time"
)

// yielding is the context a validation runs under: its Err, which
// sparkconf's validation calls every few hundred entries to see whether
// the review was abandoned, also yields the processor, so that a Pod
// review that arrived meanwhile runs within about a millisecond rather
// than after the scheduler's 10 ms time slice.
type yielding struct{ context.Context }

// Err yields, then reports the context's error.
func (y yielding) Err() error {
	runtime.Gosched()
	return y.Context.Err()
}

// Limiter bounds how many admissions of one kind do their expensive work
// at once. The ConfigMap webhook validates a spark.properties of up to
// 1 MiB, which costs tens to hundreds of milliseconds of CPU and megabytes
// of memory: unbounded, a few clients sending such files back to back
// would take every core and more memory than the Deployment's limit from
// the Pod reviews every Spark job waits on. Pod reviews never wait on it.
type Limiter struct {
	slots chan struct{}
}

// NewLimiter returns a Limiter letting n holders in at once.
func NewLimiter(n int) *Limiter {
	return &Limiter{slots: make(chan struct{}, max(1, n))}
}

// DefaultValidationConcurrency is how many spark.properties validations a
// replica runs at once: half its cores (GOMAXPROCS, which Go sets from the
// container's CPU limit), at least one, so that the other half stays for
// Pod reviews.
func DefaultValidationConcurrency() int {
	return max(1, runtime.GOMAXPROCS(0)/2)
}

// Acquire waits for a slot until ctx is done, and returns what frees it.
// A nil Limiter lets everyone in.
func (l *Limiter) Acquire(ctx context.Context) (release func(), err error) {
	if l == nil {
		return func() {}, nil
	}
	select {
	case l.slots <- struct{}{}:
		return func() { <-l.slots }, nil
	default:
	}
	start := time.Now()
	select {
	case l.slots <- struct{}{}:
		return func() { <-l.slots }, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("gave up after waiting %s for one of the %d validations this replica runs at once to finish: %w",
			time.Since(start).Round(time.Millisecond), cap(l.slots), context.Cause(ctx))
	}
}
