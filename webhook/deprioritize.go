package webhook

import (
	"fmt"
	"net/http"
	"time"
)

// Deprioritized wraps the http.Handler of an admission.Webhook whose
// reviews can each cost much more than a Pod review — the ConfigMap
// webhook's, whose spark.properties may be 1 MiB — so that a flood of them
// cannot slow the Pod reviews every Spark job waits on:
//
//   - at most limit's holders are served at once, and the others wait
//     before their body is even read, since reading (TLS) and decoding a
//     1 MiB AdmissionReview twice (controller-runtime's review, then the
//     ConfigMap) costs as much CPU as many Pod reviews;
//   - each is served whole — body, decoding, validation, answer — on an OS
//     thread of lower priority (runNiced), so that whenever both want the
//     CPU the kernel gives it to the Pod reviews first;
//   - after each, its slot rests as long as the review took, so that a
//     flood keeps a slot busy half the time at most. What a flood still
//     takes from the Pod reviews at normal priority is the garbage
//     collector's work on its allocations, in proportion to how fast it
//     allocates. A spark-submit's ConfigMap takes a few milliseconds, and so
//     does the rest after it.
//
// The request's context ends when the API server stops waiting for it
// (RequestDeadline), for the wait and for next alike. A review that waits
// until then gets a plain 429, counted under kind (Metrics.NotServed):
// the API server has applied its failurePolicy by then and reads no answer,
// so none is decoded to carry its uid. Pod reviews never pass through it.
func Deprioritized(next http.Handler, limit *Limiter, metrics *Metrics, kind string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := RequestDeadline(r.Context(), r)
		release, err := limit.Acquire(ctx)
		if err != nil {
			metrics.NotServed(kind)
			http.Error(w, fmt.Sprintf("not served: %v", err), http.StatusTooManyRequests)
			return
		}
		start := time.Now()
		// The slot rests as long as the review took before it lets the
		// next one in; the answer is not held back.
		defer func() { time.AfterFunc(time.Since(start), release) }()
		runNiced(func() { next.ServeHTTP(w, r.WithContext(ctx)) })
	})
}
