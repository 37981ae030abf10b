package main

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// rssSampler reads a process's VmRSS every 200 ms and keeps the peak.
type rssSampler struct {
	peak atomic.Int64
	done chan struct{}
	wg   sync.WaitGroup
}

func startRSSSampler(pid int) *rssSampler {
	s := &rssSampler{done: make(chan struct{})}
	s.wg.Go(func() {
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			if rss, _, err := procMemory(pid); err == nil && rss > s.peak.Load() {
				s.peak.Store(rss)
			}
			select {
			case <-s.done:
				return
			case <-tick.C:
			}
		}
	})
	return s
}

// takePeak returns the peak since the last call and starts a new one.
func (s *rssSampler) takePeak() int64 { return s.peak.Swap(0) }

func (s *rssSampler) stop() {
	close(s.done)
	s.wg.Wait()
}

// flood is the hostile clients' work: answers by result code, latencies.
type flood struct {
	wg        sync.WaitGroup
	mu        sync.Mutex
	codes     map[int32]int
	latencies []time.Duration
}

// startFlood starts clients that each send the hostile reviews in turn,
// back to back, until ctx is done: at most one request each at a time.
func startFlood(ctx context.Context, url string, roots *x509.CertPool, reviews []review, clients int, errs *errorLog) *flood {
	f := &flood{codes: map[int32]int{}}
	for c := range clients {
		f.wg.Go(func() {
			client := newClient(roots, 1)
			var buf bytes.Buffer
			for i := c; ctx.Err() == nil; i++ {
				r := reviews[i%len(reviews)]
				start := time.Now()
				code, err := sendConfigMap(client, url, r, &buf)
				if err != nil {
					errs.add("hostile ConfigMap "+r.name, err)
					continue
				}
				f.mu.Lock()
				f.codes[code]++
				f.latencies = append(f.latencies, time.Since(start))
				f.mu.Unlock()
			}
		})
	}
	return f
}

func (f *flood) wait() (map[int32]int, []time.Duration) {
	f.wg.Wait()
	return f.codes, f.latencies
}

// sendConfigMap posts one ConfigMap review and returns the code of its
// answer (200 for an allowed one), which must be for its request.
func sendConfigMap(client *http.Client, url string, r review, buf *bytes.Buffer) (int32, error) {
	resp, err := client.Post(url, "application/json", bytes.NewReader(r.body))
	if err != nil {
		return 0, err
	}
	buf.Reset()
	_, err = buf.ReadFrom(resp.Body)
	resp.Body.Close()
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("HTTP %d: %.200s", resp.StatusCode, buf.Bytes())
	}
	var reply struct {
		Response *struct {
			UID     string `json:"uid"`
			Allowed bool   `json:"allowed"`
			Status  *struct {
				Code int32 `json:"code"`
			} `json:"status"`
		} `json:"response"`
	}
	if err := json.Unmarshal(buf.Bytes(), &reply); err != nil || reply.Response == nil {
		return 0, fmt.Errorf("malformed reply (%v): %.200s", err, buf.Bytes())
	}
	if reply.Response.UID != r.uid {
		return 0, fmt.Errorf("reply for %q, want %q", reply.Response.UID, r.uid)
	}
	if reply.Response.Allowed || reply.Response.Status == nil {
		return http.StatusOK, nil
	}
	return reply.Response.Status.Code, nil
}
