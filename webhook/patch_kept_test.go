package webhook

import "github.com/sparkhook/sparkhook/templates"

// keptFieldTemplates set every field Spark keeps from a pod template
// (templates/merge_kept.go) — under Default at two priorities that
// disagree, and under Enforce — for TestPatchMatchesCreatePatch: the
// patch walker must turn each of them, set, replaced or left alone, into
// the Pod the merge made.
var keptFieldTemplates = []templates.File{{Name: "kept-high.yaml", Data: []byte(`apiVersion: sparkhook.io/v1alpha1
kind: SparkPodTemplate
metadata: {name: kept-high}
spec:
  priority: 10
  template:
    spec:
      terminationGracePeriodSeconds: 120
      enableServiceLinks: false
      activeDeadlineSeconds: 86400
      readinessGates: [{conditionType: example.com/ready}]
      containers:
      - name: spark-kubernetes-driver
        workingDir: /opt/job
        lifecycle: {preStop: {exec: {command: [/bin/flush]}}}
        livenessProbe: {httpGet: {path: /health, port: 4040}}
        ports: [{name: jmx, containerPort: 9090}, {containerPort: 9091}]
`)}, {Name: "kept-low.yaml", Data: []byte(`apiVersion: sparkhook.io/v1alpha1
kind: SparkPodTemplate
metadata: {name: kept-low}
spec:
  priority: 1
  template:
    spec:
      terminationGracePeriodSeconds: 60
      shareProcessNamespace: true
      readinessGates: [{conditionType: example.com/other}]
      containers:
      - name: spark-kubernetes-driver
        workingDir: /srv
        readinessProbe: {tcpSocket: {port: 7078}}
        ports: [{name: jmx, containerPort: 9190}, {name: metrics, containerPort: 9192}]
`)}, {Name: "kept-enforce.yaml", Data: []byte(`apiVersion: v1
kind: Pod
metadata:
  name: kept-enforce
  annotations: {sparkhook.io/policy: Enforce, sparkhook.io/roles: executor}
spec:
  terminationGracePeriodSeconds: 45
  enableServiceLinks: true
  containers:
  - name: spark-kubernetes-executor
    image: will-be-overwritten
    lifecycle: {postStart: {exec: {command: [/bin/warm]}}}
    startupProbe: {exec: {command: [/bin/ready]}, failureThreshold: 30}
`)}}
