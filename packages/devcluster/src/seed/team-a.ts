// team-a: a web front end (a Helm release), an API that is crash-looping, their config, a migration Job and a nightly CronJob.
import type { KubeObject } from '../types.js';
import { clusterIPService, configMap, opaqueSecret, serviceAccount } from './core-objects.js';
import { deployment } from './deployments.js';
import {
  containerStartEvents,
  involving,
  legacyEvent,
  podCreatedEvent,
  scaledReplicaSetEvent,
  scheduledEvent,
} from './events.js';
import { completedJob, cronJob } from './jobs.js';
import { WORKER_1, WORKER_2 } from './nodes.js';
import type { PodAddresses } from './pod-addresses.js';
import { podTemplate } from './pods.js';
import { after, before } from './timestamps.js';
import { webReleaseSecrets } from './web-release.js';
import { widget } from './widgets.js';

const NAMESPACE = 'team-a';
const API_IMAGE = 'registry.example.com/team-a/api:1.4.2';
const WEB_IMAGE = 'nginx:1.27';

const NGINX_CONF = `worker_processes auto;

events {
  worker_connections 1024;
}

http {
  include /etc/nginx/mime.types;
  access_log /dev/stdout;

  server {
    listen 80;

    location / {
      root /usr/share/nginx/html;
      index index.html;
    }

    location /api/ {
      proxy_pass http://api:8080/;
    }

    location /healthz {
      return 200 'ok';
    }
  }
}
`;

function webTemplate() {
  return podTemplate(
    { app: 'web' },
    {
      containers: [
        {
          name: 'web',
          image: WEB_IMAGE,
          ports: [{ name: 'http', containerPort: 80 }],
          readinessProbe: {
            httpGet: { path: '/healthz', port: 80, scheme: 'HTTP' },
            timeoutSeconds: 1,
            periodSeconds: 10,
            successThreshold: 1,
            failureThreshold: 3,
          },
          resources: { limits: { memory: '128Mi' }, requests: { cpu: '50m', memory: '64Mi' } },
          volumeMounts: [
            { name: 'config', mountPath: '/etc/nginx/nginx.conf', subPath: 'nginx.conf', readOnly: true },
          ],
        },
      ],
      volumes: [{ name: 'config', configMap: { name: 'web-config', defaultMode: 420 } }],
    },
  );
}

function fromCredentials(variable: string, key: string) {
  return { name: variable, valueFrom: { secretKeyRef: { name: 'api-credentials', key } } };
}

function apiContainer(command?: string[]) {
  return {
    name: command ? 'migrate' : 'api',
    image: API_IMAGE,
    ...(command && { command }),
    env: [
      { name: 'DATABASE_HOST', value: 'db.team-b.svc.cluster.local' },
      fromCredentials('DATABASE_USER', 'username'),
      fromCredentials('DATABASE_PASSWORD', 'password'),
    ],
  };
}

function apiTemplate() {
  return podTemplate(
    { app: 'api' },
    {
      containers: [
        {
          ...apiContainer(),
          ports: [{ name: 'http', containerPort: 8080 }],
          resources: { limits: { memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
        },
      ],
    },
  );
}

function reportTemplate() {
  return podTemplate(
    {},
    {
      containers: [
        {
          name: 'report',
          image: 'busybox:1.36',
          command: ['sh', '-c', 'echo "building the nightly report"; sleep 5'],
        },
      ],
      restartPolicy: 'OnFailure',
    },
  );
}

/** The last 02:00 UTC at least a minute before now: when the nightly report last ran. */
function lastNightlyRun(now: Date): Date {
  const run = before(now, { minutes: 1 });
  const ranToday = run.getUTCHours() >= 2;
  run.setUTCHours(2, 0, 0, 0);
  return ranToday ? run : before(run, { days: 1 });
}

export function teamAObjects(created: Date, now: Date, addresses: PodAddresses): KubeObject[] {
  const config = (name: string) => ({ namespace: NAMESPACE, name, created: after(created, { seconds: 2 }) });
  const deployed = after(created, { seconds: 5 });
  const scaledUp = before(now, { minutes: 25 });
  const crashingSince = before(now, { minutes: 50 });
  const lastCrash = before(now, { minutes: 2 });

  const web = deployment({
    namespace: NAMESPACE,
    name: 'web',
    created: deployed,
    labels: { app: 'web' },
    template: webTemplate(),
    replicas: [
      { created: deployed, state: { kind: 'running', on: addresses.place(WORKER_1) } },
      { created: deployed, state: { kind: 'running', on: addresses.place(WORKER_2) } },
      { created: scaledUp, state: { kind: 'running', on: addresses.place(WORKER_2) } },
    ],
    specChanges: 1,
    rolloutCompletedAt: after(scaledUp, { seconds: 6 }),
  });
  const api = deployment({
    namespace: NAMESPACE,
    name: 'api',
    created: deployed,
    labels: { app: 'api' },
    template: apiTemplate(),
    replicas: [
      { created: deployed, state: { kind: 'running', on: addresses.place(WORKER_2) } },
      {
        created: crashingSince,
        state: {
          kind: 'crashLooping',
          on: addresses.place(WORKER_1),
          restartCount: 12,
          lastExitAt: lastCrash,
        },
      },
    ],
    rolloutCompletedAt: after(deployed, { seconds: 6 }),
  });
  const [, , newWebPod] = web.pods as [KubeObject, KubeObject, KubeObject];
  const [, crashingApiPod] = api.pods as [KubeObject, KubeObject];
  const lastNightly = lastNightlyRun(now);

  const events = [
    scaledReplicaSetEvent(web.deployment, web.replicaSet, { from: 2, to: 3 }, scaledUp),
    ...[
      { replicaSet: web.replicaSet, pod: newWebPod, at: scaledUp },
      { replicaSet: api.replicaSet, pod: crashingApiPod, at: crashingSince },
    ].flatMap(({ replicaSet, pod, at }) => [
      podCreatedEvent(replicaSet, pod, at),
      scheduledEvent(pod, String((pod.spec as { nodeName: string }).nodeName), after(at, { seconds: 0.05 })),
    ]),
    ...containerStartEvents({
      pod: newWebPod,
      container: 'web',
      image: WEB_IMAGE,
      nodeName: WORKER_2.name,
      first: after(scaledUp, { seconds: 3 }),
    }),
    ...containerStartEvents({
      pod: crashingApiPod,
      container: 'api',
      image: API_IMAGE,
      nodeName: WORKER_1.name,
      first: after(crashingSince, { seconds: 3 }),
      last: before(lastCrash, { seconds: 2 }),
      count: 13,
    }),
    legacyEvent({
      about: involving(crashingApiPod, 'spec.containers{api}'),
      source: { component: 'kubelet', host: WORKER_1.name },
      type: 'Warning',
      reason: 'BackOff',
      // The real message ends with the pod's uid in parentheses, which the seed cannot know.
      message: `Back-off restarting failed container api in pod ${crashingApiPod.metadata.name}_${NAMESPACE}`,
      count: 231,
      first: after(crashingSince, { seconds: 20 }),
      last: before(now, { seconds: 20 }),
    }),
  ];

  return [
    serviceAccount(NAMESPACE, 'default', created),
    configMap(config('web-config'), { 'nginx.conf': NGINX_CONF }),
    // Clearly fake demo values.
    opaqueSecret(config('api-credentials'), { username: 'demo-api', password: 'not-a-real-password' }),
    ...webReleaseSecrets(deployed, scaledUp),
    clusterIPService({
      ...config('web'),
      selector: { app: 'web' },
      ports: [{ name: 'http', port: 80, targetPort: 80 }],
    }),
    clusterIPService({
      ...config('api'),
      selector: { app: 'api' },
      ports: [{ name: 'http', port: 8080, targetPort: 8080 }],
    }),
    ...[web, api].flatMap(({ deployment: d, replicaSet, pods }) => [d, replicaSet, ...pods]),
    ...completedJob({
      namespace: NAMESPACE,
      name: 'migrate',
      created: after(created, { seconds: 3 }),
      template: podTemplate(
        {},
        { containers: [apiContainer(['/app/api', 'migrate'])], restartPolicy: 'Never' },
      ),
      placement: addresses.place(WORKER_1),
      finishedAt: after(created, { seconds: 17 }),
    }),
    ...cronJob({
      namespace: NAMESPACE,
      name: 'nightly-report',
      created: after(created, { minutes: 12 }),
      schedule: '0 2 * * *',
      template: reportTemplate(),
      lastRun: {
        scheduledAt: lastNightly,
        finishedAt: after(lastNightly, { seconds: 9 }),
        placement: addresses.place(WORKER_2),
      },
    }),
    widget({
      namespace: NAMESPACE,
      name: 'gizmo',
      created: after(created, { hours: 2 }),
      size: 3,
      color: 'blue',
      phase: 'Ready',
    }),
    widget({
      namespace: NAMESPACE,
      name: 'sprocket',
      created: before(now, { hours: 6 }),
      size: 5,
      color: 'red',
      phase: 'Pending',
    }),
    ...events,
  ];
}
