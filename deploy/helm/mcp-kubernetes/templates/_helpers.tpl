{{/* The objects' name: the release name, or "<release>-mcp-kubernetes" when it lacks the chart's name. */}}
{{- define "mcp-kubernetes.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The labels every object carries, and the pods' selector: the same as the kustomize base's. */}}
{{- define "mcp-kubernetes.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
{{- end -}}
