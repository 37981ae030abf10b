// Package benchdata builds the workloads that sparkhook's benchmarks and its
// load generator (test/load) share: real Spark Pods from test/testdata/pods,
// the AdmissionReviews the API server sends for them, a baseline handler to
// measure against, and any number of realistic registered templates of which
// exactly five apply to those Pods.
package benchdata

import (
	"fmt"

	"github.com/sparkhook/sparkhook/templates"
	"github.com/sparkhook/sparkhook/templates/source"
)

// Matching is how many of the templates Templates generates apply to the
// driver and to the executor of this package: five, whatever their number.
const Matching = 5

// matching are the templates a platform team registers for every Spark Pod:
// secret env references, labels, a log shipper, node placement and an
// Enforce security baseline. Each applies to both roles, through a selector
// that matches the fixtures' labels.
var matching = [Matching]string{`
apiVersion: sparkhook.io/v1alpha1
kind: SparkPodTemplate
metadata: {name: platform-aws-secrets}
spec:
  priority: 0
  secretEnv:
  - {name: AWS_ACCESS_KEY_ID, secret: aws-secrets, key: key}
  - {name: AWS_SECRET_ACCESS_KEY, secret: aws-secrets, key: secret}
`, `
apiVersion: sparkhook.io/v1alpha1
kind: SparkPodTemplate
metadata: {name: platform-labels}
spec:
  priority: 5
  selector:
    matchExpressions: [{key: spark-app-selector, operator: Exists}]
  template:
    metadata:
      labels: {platform.example.com/managed: "true"}
      annotations: {platform.example.com/cost-center: data-platform}
`, `
apiVersion: v1
kind: Pod
metadata:
  name: platform-log-shipper
  annotations: {sparkhook.io/roles: "driver,executor", sparkhook.io/priority: "30"}
spec:
  volumes:
  - {name: spark-logs, emptyDir: {}}
  containers:
  - name: spark-kubernetes-driver
    env: [{name: SPARK_LOG_DIR, value: /var/log/spark}]
    volumeMounts: [{name: spark-logs, mountPath: /var/log/spark}]
  - name: spark-kubernetes-executor
    env: [{name: SPARK_LOG_DIR, value: /var/log/spark}]
    volumeMounts: [{name: spark-logs, mountPath: /var/log/spark}]
  - name: fluent-bit
    image: cr.fluentbit.io/fluent/fluent-bit:3.1
    args: [--config=/fluent-bit/etc/fluent-bit.yaml]
    resources: {requests: {cpu: 20m, memory: 32Mi}, limits: {memory: 64Mi}}
    volumeMounts: [{name: spark-logs, mountPath: /var/log/spark, readOnly: true}]
`, `
apiVersion: sparkhook.io/v1alpha1
kind: SparkPodTemplate
metadata: {name: platform-placement}
spec:
  priority: 40
  selector:
    matchExpressions:
    - {key: spark-role, operator: In, values: [driver, executor]}
    - {key: spark-version, operator: NotIn, values: ["2.4.8"]}
  template:
    spec:
      nodeSelector: {node-pool: spark}
      tolerations:
      - {key: dedicated, operator: Equal, value: spark, effect: NoSchedule}
      affinity:
        nodeAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 50
            preference:
              matchExpressions: [{key: topology.kubernetes.io/zone, operator: In, values: [eu-west-1a]}]
`, `
apiVersion: sparkhook.io/v1alpha1
kind: SparkPodTemplate
metadata: {name: platform-security}
spec:
  priority: 90
  policy: Enforce
  selector: {matchLabels: {spark-app-name: spark-pi}}
  template:
    spec:
      securityContext: {runAsNonRoot: true, runAsUser: 185, fsGroup: 185}
      containers:
      - name: spark-kubernetes-driver
        securityContext:
          allowPrivilegeEscalation: false
          capabilities: {drop: [ALL]}
      - name: spark-kubernetes-executor
        securityContext:
          allowPrivilegeEscalation: false
          capabilities: {drop: [ALL]}
`}

// others are the kinds of templates that apply to other Pods: per team, per
// application, per Spark version, GPU nodes, and on-request pod template
// files. %[1]d numbers the template, %[2]d its priority.
var others = []string{`
apiVersion: sparkhook.io/v1alpha1
kind: SparkPodTemplate
metadata: {name: team-%04[1]d-spot-executors}
spec:
  roles: [executor]
  priority: %[2]d
  selector: {matchLabels: {team: team-%04[1]d}}
  template:
    metadata: {labels: {capacity: spot}}
    spec:
      nodeSelector: {karpenter.sh/capacity-type: spot}
      tolerations:
      - {key: node.kubernetes.io/lifecycle, operator: Equal, value: spot, effect: NoSchedule}
`, `
apiVersion: sparkhook.io/v1alpha1
kind: SparkPodTemplate
metadata: {name: app-etl-%04[1]d}
spec:
  roles: [driver]
  priority: %[2]d
  selector:
    matchExpressions:
    - {key: spark-app-name, operator: In, values: [etl-%04[1]d, etl-%04[1]d-backfill]}
  secretEnv: [{name: DB_PASSWORD, secret: etl-%04[1]d-db, key: password}]
  template:
    spec:
      containers:
      - name: spark-kubernetes-driver
        env:
        - {name: ETL_JOB_ID, value: "%[1]d"}
        - {name: ETL_TARGET, value: "s3a://warehouse/etl-%04[1]d/"}
`, `
apiVersion: sparkhook.io/v1alpha1
kind: SparkPodTemplate
metadata: {name: tier-%04[1]d-metrics}
spec:
  priority: %[2]d
  selector: {matchLabels: {platform.example.com/tier: tier-%04[1]d}}
  template:
    spec:
      volumes: [{name: jmx-config, configMap: {name: jmx-exporter-%04[1]d}}]
      containers:
      - name: jmx-exporter
        image: bitnami/jmx-exporter:1.0.1
        ports: [{name: metrics, containerPort: 9404}]
        volumeMounts: [{name: jmx-config, mountPath: /etc/jmx}]
`, `
apiVersion: sparkhook.io/v1alpha1
kind: SparkPodTemplate
metadata: {name: spark-legacy-%04[1]d}
spec:
  priority: %[2]d
  selector:
    matchExpressions:
    - {key: spark-version, operator: In, values: ["3.4.%[1]d", "3.3.%[1]d"]}
  template:
    spec:
      priorityClassName: spark-legacy
`, `
apiVersion: sparkhook.io/v1alpha1
kind: SparkPodTemplate
metadata: {name: gpu-%04[1]d}
spec:
  roles: [executor]
  priority: %[2]d
  selector:
    matchExpressions:
    - {key: gpu, operator: Exists}
    - {key: team, operator: In, values: [ml-%04[1]d]}
  template:
    spec:
      nodeSelector: {nvidia.com/gpu.present: "true"}
      tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
      runtimeClassName: nvidia
`, `
apiVersion: v1
kind: Pod
metadata:
  name: requested-%04[1]d
  annotations:
    sparkhook.io/roles: driver,executor
    sparkhook.io/priority: "%[2]d"
    sparkhook.io/on-request: "true"
spec:
  nodeSelector: {eks.amazonaws.com/nodegroup: emr-%04[1]d}
  volumes: [{name: scratch-%04[1]d, emptyDir: {sizeLimit: 10Gi}}]
  containers:
  - name: spark-kubernetes-driver
    env: [{name: SCRATCH_DIR, value: /scratch}]
    volumeMounts: [{name: scratch-%04[1]d, mountPath: /scratch}]
`}

// Templates returns n template files, one template each: the Matching
// templates that apply to the Pods of this package, and n-Matching that do
// not (their selectors name other teams, applications and Spark versions, or
// they are on request), spread over priorities so that the matching ones
// sit among them. n must be at least Matching.
func Templates(n int) []templates.File {
	if n < Matching {
		panic(fmt.Sprintf("benchdata: %d templates, fewer than the %d that match", n, Matching))
	}
	files := make([]templates.File, 0, n)
	for i, t := range matching {
		files = append(files, templates.File{Name: fmt.Sprintf("match-%d.yaml", i), Data: []byte(t)})
	}
	for i := range n - Matching {
		data := fmt.Sprintf(others[i%len(others)], i, i%100)
		files = append(files, templates.File{Name: fmt.Sprintf("other-%04d.yaml", i), Data: []byte(data)})
	}
	return files
}

// Registry returns a registry holding Templates(n).
func Registry(n int) (*templates.Registry, error) {
	ts, _, err := templates.LoadFiles(Templates(n))
	if err != nil {
		return nil, err
	}
	r := templates.NewRegistry()
	r.Replace(source.Files, ts)
	return r, nil
}
