// team-a's `web` front end was installed with Helm, then scaled from 2 to 3 replicas with
// `helm upgrade --set replicaCount=3`: two revisions whose manifests render the seed's own web
// Deployment and Service.
import type { KubeObject } from '../types.js';
import {
  type ChartDescription,
  type ReleaseRevision,
  releaseManifest,
  releaseSecret,
  renderTemplate,
} from './helm-release.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
  labels:
    app: {{ .Release.Name }}
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      app: {{ .Release.Name }}
  template:
    metadata:
      labels:
        app: {{ .Release.Name }}
    spec:
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          ports:
            - name: http
              containerPort: 80
          readinessProbe:
            httpGet:
              path: /healthz
              port: 80
          resources:
            limits:
              memory: {{ .Values.resources.limits.memory }}
            requests:
              cpu: {{ .Values.resources.requests.cpu }}
              memory: {{ .Values.resources.requests.memory }}
          volumeMounts:
            - name: config
              mountPath: /etc/nginx/nginx.conf
              subPath: nginx.conf
              readOnly: true
      volumes:
        - name: config
          configMap:
            name: {{ .Release.Name }}-config
`;

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}
spec:
  selector:
    app: {{ .Release.Name }}
  ports:
    - name: http
      port: {{ .Values.service.port }}
      targetPort: 80
`;

const NOTES = `{{ .Release.Name }} serves {{ .Values.image.repository }}:{{ .Values.image.tag }} on port {{ .Values.service.port }}.
`;

export const WEB_CHART: ChartDescription = {
  metadata: {
    name: 'web',
    version: '0.3.0',
    description: "team-a's nginx front end",
    appVersion: '1.27',
  },
  values: {
    replicaCount: 2,
    image: { repository: 'nginx', tag: '1.27' },
    service: { port: 80 },
    resources: { limits: { memory: '128Mi' }, requests: { cpu: '50m', memory: '64Mi' } },
  },
  templates: { 'NOTES.txt': NOTES, 'deployment.yaml': DEPLOYMENT, 'service.yaml': SERVICE },
};

const RELEASE = 'web';
const NAMESPACE = 'team-a';

function rendered(config: Record<string, unknown>) {
  const scope = {
    Values: { ...WEB_CHART.values, ...config },
    Release: { Name: RELEASE, Namespace: NAMESPACE },
    Chart: { Name: WEB_CHART.metadata.name },
  };
  // Helm's install order: Services before Deployments.
  const manifest = releaseManifest(WEB_CHART, scope, ['service.yaml', 'deployment.yaml']);
  return { config, manifest, notes: renderTemplate(NOTES, scope) };
}

/** The release's two storage secrets: installed at `installed`, upgraded to 3 replicas at `scaled`. */
export function webReleaseSecrets(installed: Date, scaled: Date): KubeObject[] {
  const common = { release: RELEASE, namespace: NAMESPACE, firstDeployed: installed };
  const revisions: ReleaseRevision[] = [
    {
      ...common,
      ...rendered({}),
      version: 1,
      status: 'superseded',
      description: 'Install complete',
      deployedAt: installed,
      modifiedAt: scaled,
    },
    {
      ...common,
      ...rendered({ replicaCount: 3 }),
      version: 2,
      status: 'deployed',
      description: 'Upgrade complete',
      deployedAt: scaled,
      modifiedAt: scaled,
    },
  ];
  return revisions.map((revision) => releaseSecret(WEB_CHART, revision));
}
