package main

import (
	"testing"
)

// TestValidateSparkReleases checks the order in which `sparkhook validate`
// picks the releases a spark.properties is checked against — the flag,
// else the image the properties name, else the configuration's
// properties.sparkVersions, else every release — and what each choice
// makes of the same values.
func TestValidateSparkReleases(t *testing.T) {
	// "4Gi" is a byte size only from Spark 4.2.0 (IEC suffixes);
	// memoryOverheadFactor above 1 is refused only before Spark 3.3.0.
	const (
		gibi       = "spark.executor.memory=4Gi\n"
		overhead   = "spark.kubernetes.memoryOverheadFactor=1.5\n"
		refuseGibi = `spark.executor.memory: invalid byte size "4Gi": invalid suffix "gi"; use a whole number with b, k, kb, m, mb, g, gb, t, tb, p or pb (e.g. 512m, 4g)`
		refuseOver = `spark.kubernetes.memoryOverheadFactor: invalid value "1.5": Ensure that memory overhead is a double between 0 --> 1.0 (Spark < 3.3.0)`
	)
	gibiFile := writeTemp(t, "gibi.conf", gibi)
	image324 := writeTemp(t, "image.properties", "spark.kubernetes.container.image=apache/spark:3.2.4\n"+overhead)
	driverImage := writeTemp(t, "driver-image.properties",
		"spark.kubernetes.container.image=apache/spark:3.5.1\nspark.kubernetes.driver.container.image=apache/spark:3.2.4\n"+overhead)
	appImage := writeTemp(t, "app-image.properties", "spark.kubernetes.container.image=registry.example.com/etl/nightly:3.2.4\n"+overhead)
	overheadFile := writeTemp(t, "overhead.properties", overhead)
	config32 := writeTemp(t, "config.yaml", "properties: {sparkVersions: '3.1..3.2'}\n")
	always := writeTemp(t, "always.yaml", "prometheus: {driver: {enabled: Always}}\n")
	noProm := writeTemp(t, "app.properties", "spark.app.name=etl\n")
	offProm := writeTemp(t, "off.properties", "spark.app.name=etl\nspark.ui.prometheus.enabled=false\n")

	tests := []struct {
		name     string
		args     []string
		wantOut  []string
		wantCode int
	}{{
		name:     "no release named: 4Gi is refused only by releases before 4.2, a warning",
		args:     []string{gibiFile},
		wantOut:  []string{gibiFile + `:1: warning: spark.executor.memory: Spark 3.0.0 to 4.1.x would refuse "4Gi": invalid byte size "4Gi": invalid suffix "gi"; use a whole number with b, k, kb, m, mb, g, gb, t, tb, p or pb (e.g. 512m, 4g); not denied, since other releases that may read this file accept it`},
		wantCode: exitOK,
	}, {
		name:     "--spark-version 4.2.1 reads 4Gi as a byte size",
		args:     []string{"--spark-version", "4.2.1", gibiFile},
		wantCode: exitOK,
	}, {
		name:     "--spark-version 4.1.1 refuses 4Gi",
		args:     []string{"--spark-version", "4.1.1", gibiFile},
		wantOut:  []string{gibiFile + ":1: " + refuseGibi},
		wantCode: exitFailed,
	}, {
		name:     "--spark-version 4.1,4.2: refused by 4.1 only, a warning naming it",
		args:     []string{"--spark-version", "4.1,4.2", "-v", gibiFile},
		wantOut:  []string{gibiFile + ": checked against Spark 4.1.0 to 4.2.x (--spark-version)", gibiFile + `:1: warning: spark.executor.memory: Spark 4.1.0 to 4.1.x would refuse "4Gi": invalid byte size "4Gi": invalid suffix "gi"; use a whole number with b, k, kb, m, mb, g, gb, t, tb, p or pb (e.g. 512m, 4g); not denied, since other releases that may read this file accept it`},
		wantCode: exitOK,
	}, {
		name:     "the image tag the properties name",
		args:     []string{"-v", image324},
		wantOut:  []string{image324 + ": checked against Spark 3.2.4 (the Spark image tag, spark.kubernetes.container.image=apache/spark:3.2.4)", image324 + ":2: " + refuseOver},
		wantCode: exitFailed,
	}, {
		name:     "the driver's image before the shared one",
		args:     []string{"-v", driverImage},
		wantOut:  []string{driverImage + ": checked against Spark 3.2.4 (the Spark image tag, spark.kubernetes.driver.container.image=apache/spark:3.2.4)", driverImage + ":3: " + refuseOver},
		wantCode: exitFailed,
	}, {
		name:     "--spark-version before the image",
		args:     []string{"-v", "--spark-version", "3.5", image324},
		wantOut:  []string{image324 + ": checked against Spark 3.5.0 to 3.5.x (--spark-version)"},
		wantCode: exitOK,
	}, {
		name:     "the configured releases when the properties name no image",
		args:     []string{"-v", "--config", config32, overheadFile},
		wantOut:  []string{overheadFile + ": checked against Spark 3.1.0 to 3.2.x (the configured properties.sparkVersions)", overheadFile + ":1: " + refuseOver},
		wantCode: exitFailed,
	}, {
		name:     "the configured releases when the image is not a Spark image",
		args:     []string{"--config", config32, appImage},
		wantOut:  []string{appImage + ":2: " + refuseOver},
		wantCode: exitFailed,
	}, {
		name:     "the image before the configured releases",
		args:     []string{"-v", "--config", config32, driverImage},
		wantOut:  []string{driverImage + ": checked against Spark 3.2.4 (the Spark image tag, spark.kubernetes.driver.container.image=apache/spark:3.2.4)", driverImage + ":3: " + refuseOver},
		wantCode: exitFailed,
	}, {
		name:     "prometheus.driver.enabled: Always and a 3.5 spark.properties that leaves the endpoint off",
		args:     []string{"--config", always, "--spark-version", "3.5.1", noProm},
		wantOut:  []string{noProm + ": warning: spark.ui.prometheus.enabled: not set, so under Spark 3.5.1 it is false (its default before Spark 4.0.0) and the driver UI serves no /metrics/executors/prometheus, yet sparkhook annotates every driver for Prometheus to scrape it (prometheus.driver.enabled: Always); set it to true"},
		wantCode: exitOK,
	}, {
		name:     "prometheus.driver.enabled: Always and Spark 4.0: on by default",
		args:     []string{"--config", always, "--spark-version", "4.0", noProm},
		wantCode: exitOK,
	}, {
		name:     "the default Auto and a Spark 4.0 spark.properties that turns the endpoint off",
		args:     []string{"--spark-version", "4.0.1", offProm},
		wantOut:  []string{offProm + `:2: warning: spark.ui.prometheus.enabled: "false": under Spark 4.0.1 the driver UI then serves no /metrics/executors/prometheus, yet sparkhook annotates the drivers of Spark 4.0.0 and later for Prometheus to scrape it (prometheus.driver.enabled: Auto); set it to true, or set spark.kubernetes.driver.annotation.prometheus.io/scrape=false`},
		wantCode: exitOK,
	}, {
		name:     "the default Auto and a Spark 3.5 spark.properties: not annotated, nothing to say",
		args:     []string{"--spark-version", "3.5.1", offProm},
		wantCode: exitOK,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkValidate(t, tt.args, tt.wantOut, "", tt.wantCode)
		})
	}
}
