package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/sparkhook/sparkhook/test/benchdata"
	"github.com/sparkhook/sparkhook/test/cluster"
)

// results are what the table shows.
type results struct {
	reviews    []string
	saturation map[string][]float64 // reviews/s per round
	cpu        map[string][]float64 // CPU µs per review per round
	// satRatio and cpuRatio are sparkhook/baseline per round: the two runs
	// of a round are back to back, so the ratio cancels most of what other
	// processes on the machine do, which a ratio of medians would not.
	satRatio, cpuRatio []float64
	rate               float64              // the fixed rate: half the baseline's saturation
	achieved           map[string][]float64 // reviews/s per round at the fixed rate
	latency            map[string]latencyStats
	rss                *rssResult
}

// loadReviews are the AdmissionReviews of the real Spark driver and
// executor, sent in turn.
func loadReviews() ([]review, error) {
	ws, err := benchdata.Workloads()
	if err != nil {
		return nil, err
	}
	var out []review
	for i, name := range []string{"driver", "executor"} {
		w, err := benchdata.Find(ws, name)
		if err != nil {
			return nil, err
		}
		uid := fmt.Sprintf("0b4c7f3e-1d2a-4e5f-8a9b-%012d", i)
		body, err := benchdata.Review(w.Pod, uid)
		if err != nil {
			return nil, err
		}
		out = append(out, review{name: w.Name, body: body, uid: uid, applied: w.Applied})
	}
	return out, nil
}

// checkReplies sends every review once and checks the reply in depth: a
// mutating target's patch must apply and record every matching template,
// the baseline must send no patch.
func checkReplies(t *target, reviews []review) error {
	for _, r := range reviews {
		resp, err := t.client.Post(t.url, "application/json", bytes.NewReader(r.body))
		if err != nil {
			return err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("%s: %s: HTTP %d: %.200s", t.name, r.name, resp.StatusCode, body)
		}
		want := r.applied
		if t.name == "baseline" {
			want = 0
		}
		if _, err := benchdata.CheckMutation(r.body, body, want); err != nil {
			return fmt.Errorf("%s: %s: %w", t.name, r.name, err)
		}
	}
	return nil
}

// measure runs every phase: both webhooks in this process, saturation and
// fixed rate alternating between them round by round, then the RSS of a
// `sparkhook serve` process.
func measure(ctx context.Context, o options, dir string, log io.Writer) (*results, *errorLog, error) {
	reviews, err := loadReviews()
	if err != nil {
		return nil, nil, err
	}
	certDir := filepath.Join(dir, "certs")
	roots, err := writeCerts(certDir)
	if err != nil {
		return nil, nil, err
	}
	srvCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	targets, err := startServers(srvCtx, certDir, roots, o.templates, max(o.workers, o.rateWorkers))
	if err != nil {
		return nil, nil, err
	}
	errs := &errorLog{}
	res := &results{saturation: map[string][]float64{}, cpu: map[string][]float64{}, achieved: map[string][]float64{}, latency: map[string]latencyStats{}}
	for _, r := range reviews {
		res.reviews = append(res.reviews, r.name)
	}
	for _, t := range targets {
		if err := checkReplies(t, reviews); err != nil {
			return nil, nil, err
		}
		_, _ = saturate(t, reviews, o.workers, o.warmup, errs)
	}
	stopProfiles, err := startProfiles(o)
	if err != nil {
		return nil, nil, err
	}
	saturationPhase(res, targets, reviews, o, errs, log)
	fixedRatePhase(res, targets, reviews, o, errs, log)
	if err := stopProfiles(); err != nil {
		return nil, nil, err
	}
	cancel()
	if o.rss {
		bin := o.sparkhookBin
		if bin == "" {
			if bin, err = cluster.Build(ctx, "", dir); err != nil {
				return nil, nil, err
			}
		}
		r, err := measureRSS(ctx, bin, dir, certDir, roots, o.templates, reviews, o.rssRequests, errs)
		if err != nil {
			return nil, nil, fmt.Errorf("sparkhook serve: %w", err)
		}
		res.rss = &r
	}
	return res, errs, nil
}

// saturationPhase measures both webhooks at saturation, round by round,
// alternating which goes first.
func saturationPhase(res *results, targets []*target, reviews []review, o options, errs *errorLog, log io.Writer) {
	for round := range o.rounds {
		order := targets
		if round%2 == 1 {
			order = []*target{targets[1], targets[0]}
		}
		for _, t := range order {
			rate, cpu := saturate(t, reviews, o.workers, o.saturation, errs)
			res.saturation[t.name] = append(res.saturation[t.name], rate)
			res.cpu[t.name] = append(res.cpu[t.name], float64(cpu)/float64(time.Microsecond))
			fmt.Fprintf(log, "round %d: %-9s saturation %6.0f reviews/s, %v CPU/review\n", round+1, t.name, rate, cpu)
		}
		res.satRatio = append(res.satRatio, last(res.saturation["sparkhook"])/last(res.saturation["baseline"]))
		res.cpuRatio = append(res.cpuRatio, last(res.cpu["sparkhook"])/last(res.cpu["baseline"]))
	}
	res.rate = median(res.saturation["baseline"]) / 2
}

// fixedRatePhase sends both webhooks half the baseline's saturation rate,
// round by round, and pools the latencies of every round.
func fixedRatePhase(res *results, targets []*target, reviews []review, o options, errs *errorLog, log io.Writer) {
	samples := map[string][]time.Duration{}
	for round := range o.rounds {
		order := targets
		if round%2 == 1 {
			order = []*target{targets[1], targets[0]}
		}
		for _, t := range order {
			lat, achieved := fixedRate(t, reviews, res.rate, o.rateWorkers, o.rateDuration, errs)
			samples[t.name] = append(samples[t.name], lat...)
			res.achieved[t.name] = append(res.achieved[t.name], achieved)
			st := stats(lat)
			fmt.Fprintf(log, "round %d: %-9s %.0f/s: p50 %v p99 %v\n", round+1, t.name, achieved, st.p50, st.p99)
		}
	}
	for name, s := range samples {
		res.latency[name] = stats(s)
	}
}

func last(xs []float64) float64 { return xs[len(xs)-1] }

// printTable prints both webhooks side by side with the ratios and the
// budgets in the README's Performance section.
func printTable(w io.Writer, o options, r *results) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "\nsparkhook (%d templates, 5 matching) vs baseline (decode the Pod, allow); reviews: %v; HTTPS on loopback, keep-alive\n", o.templates, r.reviews)
	fmt.Fprintln(tw, "\tbaseline\tsparkhook\tsparkhook/baseline\tbudget\t")
	sb, ss := median(r.saturation["baseline"]), median(r.saturation["sparkhook"])
	fmt.Fprintf(tw, "saturation, %d workers (reviews/s; medians of %d rounds)\t%.0f\t%.0f\t%.2f\t>= 0.70\t\n", o.workers, o.rounds, sb, ss, median(r.satRatio))
	cb, cs := median(r.cpu["baseline"]), median(r.cpu["sparkhook"])
	fmt.Fprintf(tw, "  CPU per review, client and server (µs)\t%.0f\t%.0f\t%.2f\t<= 1.43\t\n", cb, cs, median(r.cpuRatio))
	ab, as := median(r.achieved["baseline"]), median(r.achieved["sparkhook"])
	fmt.Fprintf(tw, "fixed rate %.0f/s: achieved (reviews/s)\t%.0f\t%.0f\t%.2f\t\t\n", r.rate, ab, as, as/ab)
	lb, ls := r.latency["baseline"], r.latency["sparkhook"]
	for _, row := range []struct {
		name   string
		b, s   time.Duration
		budget string
	}{{"p50", lb.p50, ls.p50, ""}, {"p90", lb.p90, ls.p90, ""}, {"p99", lb.p99, ls.p99, "<= 1.50"}, {"max", lb.max, ls.max, ""}} {
		fmt.Fprintf(tw, "  latency %s (ms)\t%.3f\t%.3f\t%.2f\t%s\t\n", row.name, ms(row.b), ms(row.s), float64(row.s)/float64(row.b), row.budget)
	}
	tw.Flush()
	if r.rss != nil {
		fmt.Fprintf(w, "sparkhook serve, %d template files, after %d reviews: RSS %.1f MiB (peak %.1f MiB; budget < 80 MiB)\n",
			r.rss.templates, r.rss.reviews, mib(r.rss.rss), mib(r.rss.hwm))
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
func mib(b int64) float64        { return float64(b) / (1 << 20) }
