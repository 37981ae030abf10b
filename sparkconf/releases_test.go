package sparkconf

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseReleases(t *testing.T) {
	v := mustVersion
	tests := []struct {
		name    string
		spec    string
		want    Releases
		single  bool
		text    string
		wantErr bool
	}{
		{name: "empty is unknown", spec: "", want: nil, text: "no Spark release"},
		{name: "one release", spec: "3.5.1", want: Releases{{v("3.5.1"), v("3.5.2")}}, single: true, text: "Spark 3.5.1"},
		{name: "EMR suffix", spec: "3.3.1-amzn-0", want: Releases{{v("3.3.1"), v("3.3.2")}}, single: true, text: "Spark 3.3.1"},
		{name: "vendor suffix with underscores", spec: "3.4.2-xxxx-5.3.1_2023p4-SNAPSHOT",
			want: Releases{{v("3.4.2"), v("3.4.3")}}, single: true, text: "Spark 3.4.2"},
		{name: "a minor line", spec: "3.5", want: Releases{{v("3.5.0"), v("3.6.0")}}, text: "Spark 3.5.0 to 3.5.x"},
		{name: "a major line", spec: "3", want: Releases{{v("3.0.0"), v("4.0.0")}}, text: "Spark 3.0.0 to 3.x"},
		{name: "a range of lines", spec: "3.3..3.5", want: Releases{{v("3.3.0"), v("3.6.0")}}, text: "Spark 3.3.0 to 3.5.x"},
		{name: "a range of releases", spec: "3.3.1 .. 3.5.2", want: Releases{{v("3.3.1"), v("3.5.3")}}, text: "Spark 3.3.1 to 3.5.2"},
		{name: "open-ended", spec: "3.4+", want: Releases{{Since: v("3.4.0")}}, text: "Spark 3.4.0 and later"},
		{name: "a list, merged where it touches", spec: "3.5, 3.4, 4.0.1",
			want: Releases{{v("3.4.0"), v("3.6.0")}, {v("4.0.1"), v("4.0.2")}}, text: "Spark 3.4.0 to 3.5.x and 4.0.1"},
		{name: "overlap with an open end", spec: "4.0+, 4.1.0", want: Releases{{Since: v("4.0.0")}}, text: "Spark 4.0.0 and later"},
		{name: "not a release", spec: "latest", wantErr: true},
		{name: "backwards range", spec: "3.5..3.3", wantErr: true},
		{name: "only commas", spec: ",", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseReleases(tt.spec)
			if tt.wantErr {
				if !errors.Is(err, ErrInvalidReleases) {
					t.Fatalf("ParseReleases(%q) error = %v, want ErrInvalidReleases", tt.spec, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseReleases(%q) (-want +got):\n%s", tt.spec, diff)
			}
			if got.Single() != tt.single {
				t.Errorf("Single() = %v, want %v", got.Single(), tt.single)
			}
			if s := got.String(); s != tt.text {
				t.Errorf("String() = %q, want %q", s, tt.text)
			}
		})
	}
}

func TestReleasesFromAndSplit(t *testing.T) {
	v := mustVersion
	four := v("4.0.0")
	tests := []struct {
		name            string
		spec            string
		allFrom, noneOf bool
		boundaries      []Version
		wantSegments    Releases
	}{
		{name: "4.0.1 alone", spec: "4.0.1", allFrom: true, boundaries: []Version{four},
			wantSegments: Releases{{v("4.0.1"), v("4.0.2")}}},
		{name: "3.5 line", spec: "3.5", noneOf: true, boundaries: []Version{four},
			wantSegments: Releases{{v("3.5.0"), v("3.6.0")}}},
		{name: "every release", spec: "3.0+", boundaries: []Version{v("3.3.0"), four, v("4.2.0")},
			wantSegments: Releases{{v("3.0.0"), v("3.3.0")}, {v("3.3.0"), four}, {four, v("4.2.0")}, {Since: v("4.2.0")}}},
		{name: "a boundary outside the set is no cut", spec: "3.3..3.4, 4.1", boundaries: []Version{v("3.0.0"), four},
			wantSegments: Releases{{v("3.3.0"), v("3.5.0")}, {v("4.1.0"), v("4.2.0")}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := ParseReleases(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			if got := rs.AllFrom(four); got != tt.allFrom {
				t.Errorf("AllFrom(4.0.0) = %v", got)
			}
			if got := rs.NoneFrom(four); got != tt.noneOf {
				t.Errorf("NoneFrom(4.0.0) = %v", got)
			}
			if diff := cmp.Diff(tt.wantSegments, rs.split(tt.boundaries)); diff != "" {
				t.Errorf("split (-want +got):\n%s", diff)
			}
		})
	}
}

func TestImageReleases(t *testing.T) {
	tests := []struct {
		image string
		want  string // a ParseReleases spec; "" for no release
	}{
		{image: "apache/spark:3.5.1", want: "3.5.1"},
		{image: "spark:3.5.1-scala2.12-java17-python3-ubuntu", want: "3.5.1"},
		{image: "docker.io/apache/spark-py:v3.4.0", want: "3.4.0"},
		{image: "registry.example:5000/data/spark-etl:4.0.1-preview", want: "4.0.1"},
		{image: "ghcr.io/team/spark:3.5", want: "3.5"},
		{image: "apache/spark:4.0.0@sha256:0123", want: "4.0.0"},
		{image: "apache/spark:latest"},
		{image: "apache/spark@sha256:0123"},
		{image: "registry.example:5000/apache/spark"},
		{image: "myteam/etl-job:1.2.3"},
		{image: "apache/spark:20240115"},
		{image: ""},
	}
	for _, tt := range tests {
		t.Run(tt.image, func(t *testing.T) {
			got, ok := ImageReleases(tt.image)
			var want Releases
			if tt.want != "" {
				want, _ = ParseReleases(tt.want)
			}
			if ok != (tt.want != "") {
				t.Errorf("ImageReleases(%q) ok = %v", tt.image, ok)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("ImageReleases(%q) (-want +got):\n%s", tt.image, diff)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	pod := Target{Releases: Exactly(mustVersion("3.5.1")), Source: SourceDriverPod, Detail: "pod spark-pi-driver"}
	configured, _ := ParseReleases("3.4..3.5")
	tests := []struct {
		name       string
		props      string
		known      Target
		configured Releases
		want       Target
	}{
		{name: "the driver Pod decides", props: "spark.kubernetes.container.image=apache/spark:4.0.0\n",
			known: pod, configured: configured, want: pod},
		{name: "then the driver image", props: "spark.kubernetes.container.image=apache/spark:4.0.0\n" +
			"spark.kubernetes.driver.container.image=apache/spark:3.5.2\n", configured: configured,
			want: Target{Releases: Exactly(mustVersion("3.5.2")), Source: SourceImage,
				Detail: "spark.kubernetes.driver.container.image=apache/spark:3.5.2"}},
		{name: "then the image", props: "spark.kubernetes.container.image=apache/spark:4.0.0\n",
			want: Target{Releases: Exactly(mustVersion("4.0.0")), Source: SourceImage,
				Detail: "spark.kubernetes.container.image=apache/spark:4.0.0"}},
		{name: "an image with no release is no evidence", props: "spark.kubernetes.container.image=my/etl:1.0.0\n",
			configured: configured, want: Target{Releases: configured, Source: SourceConfig}},
		{name: "nothing named: every release", props: "spark.app.name=x\n",
			want: Target{Releases: AllReleases(), Source: SourceAll}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			props, err := Parse([]byte(tt.props))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, Resolve(props, tt.known, tt.configured)); diff != "" {
				t.Errorf("Resolve (-want +got):\n%s", diff)
			}
		})
	}
}
