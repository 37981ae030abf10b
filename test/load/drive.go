package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"runtime/pprof"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sparkhook/sparkhook/test/benchdata"
)

// review is one AdmissionReview the load sends, with the UID its reply must
// carry.
type review struct {
	name    string
	body    []byte
	uid     string
	applied int // templates sparkhook records on it
}

// errorLog counts failed requests and keeps the first few messages.
type errorLog struct {
	mu    sync.Mutex
	count int
	first []string
}

func (e *errorLog) add(target string, err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.count++
	if len(e.first) < 5 {
		e.first = append(e.first, fmt.Sprintf("%s: %v", target, err))
	}
}

// send posts one review and checks the reply: HTTP 200, a well-formed
// AdmissionReview for that request, allowed. buf, one per client, holds
// the reply, so that the load generator's own allocations do not weigh on
// the measurement.
func send(t *target, r review, buf *bytes.Buffer) error {
	resp, err := t.client.Post(t.url, "application/json", bytes.NewReader(r.body))
	if err != nil {
		return err
	}
	buf.Reset()
	_, err = buf.ReadFrom(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	body := buf.Bytes()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d: %.200s", resp.StatusCode, body)
	}
	return benchdata.CheckReply(body, r.uid)
}

// saturate sends reviews round-robin from workers concurrent clients for d
// and returns the rate of completed reviews, and the CPU time this process
// (client and servers) spent per review: unlike the rate, that does not
// depend on how much of the machine other processes take.
func saturate(t *target, reviews []review, workers int, d time.Duration, errs *errorLog) (float64, time.Duration) {
	var done atomic.Int64
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	cpu := benchdata.CPUTime()
	start := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			// Labelled for `pprof -tagfocus client=…`, like the servers.
			pprof.SetGoroutineLabels(pprof.WithLabels(ctx, pprof.Labels("client", t.name)))
			var buf bytes.Buffer
			for i := w; ctx.Err() == nil; i++ {
				if err := send(t, reviews[i%len(reviews)], &buf); err != nil {
					errs.add(t.name, err)
					continue
				}
				done.Add(1)
			}
		})
	}
	wg.Wait()
	n := done.Load()
	return float64(n) / time.Since(start).Seconds(), (benchdata.CPUTime() - cpu) / time.Duration(max(n, 1))
}

// fixedRate sends rate reviews a second for d, open loop: each request is
// due at its own time, and its latency runs from then, so a server that
// falls behind is charged for the queue it causes (no coordinated
// omission). It returns the latencies and the rate achieved.
func fixedRate(t *target, reviews []review, rate float64, workers int, d time.Duration, errs *errorLog) ([]time.Duration, float64) {
	interval := time.Duration(float64(time.Second) / rate)
	due := make(chan time.Time, workers)
	var (
		mu        sync.Mutex
		latencies []time.Duration
		wg        sync.WaitGroup
	)
	for w := range workers {
		wg.Go(func() {
			var (
				mine []time.Duration
				buf  bytes.Buffer
			)
			i := w
			for at := range due {
				if err := send(t, reviews[i%len(reviews)], &buf); err != nil {
					errs.add(t.name, err)
				} else {
					mine = append(mine, time.Since(at))
				}
				i++
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			mu.Unlock()
		})
	}
	start := time.Now()
	for next := start; next.Sub(start) < d; next = next.Add(interval) {
		if wait := time.Until(next); wait > 0 {
			time.Sleep(wait)
		}
		due <- next
	}
	close(due)
	wg.Wait()
	return latencies, float64(len(latencies)) / time.Since(start).Seconds()
}

// percentile returns the p-th percentile (0 < p <= 100) of sorted samples.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p/100+0.5) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// latencyStats are the percentiles the table shows.
type latencyStats struct{ p50, p90, p99, max time.Duration }

func stats(samples []time.Duration) latencyStats {
	s := slices.Clone(samples)
	slices.Sort(s)
	return latencyStats{percentile(s, 50), percentile(s, 90), percentile(s, 99), percentile(s, 100)}
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
