{{/*
Labels of every object: deploy/'s two (app.kubernetes.io/name and part-of)
and Helm's. Selectors use sparkhook.selectorLabels only, as deploy/ does, so
that the chart and the kustomize overlays can replace one another.
*/}}
{{- define "sparkhook.labels" -}}
{{ include "sparkhook.selectorLabels" . }}
app.kubernetes.io/part-of: sparkhook
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end }}

{{- define "sparkhook.selectorLabels" -}}
app.kubernetes.io/name: sparkhook
{{- end }}

{{/* The image reference. */}}
{{- define "sparkhook.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{/* True (non-empty) in the cert-manager mode. */}}
{{- define "sparkhook.certManager" -}}
{{- if eq .Values.certificates.mode "cert-manager" }}true{{ end }}
{{- end }}

{{/*
The namespaceSelector of the Pod and ConfigMap webhooks: never the listed
namespaces, nor the release's own.
*/}}
{{- define "sparkhook.namespaceSelector" -}}
namespaceSelector:
  matchExpressions:
  - key: kubernetes.io/metadata.name
    operator: NotIn
    values: {{ append .Values.webhooks.excludeNamespaces .Release.Namespace | uniq | toJson }}
{{- end }}

{{/* The client configuration of a webhook at path. */}}
{{- define "sparkhook.clientConfig" -}}
clientConfig:
  service:
    name: sparkhook
    namespace: {{ .root.Release.Namespace }}
    path: {{ .path }}
    port: 443
{{- end }}
