// What kubeadm puts in kube-system: cluster DNS and kube-proxy.
import type { KubeObject } from '../types.js';
import { clusterIPService, configMap, serviceAccount } from './core-objects.js';
import { daemonSet } from './daemon-sets.js';
import { deployment } from './deployments.js';
import { CLUSTER_NODES, CONTROL_PLANE, joinedAt, KUBERNETES_VERSION } from './nodes.js';
import { onHostNetwork, type PodAddresses } from './pod-addresses.js';
import { podTemplate } from './pods.js';
import { after } from './timestamps.js';

const NAMESPACE = 'kube-system';

const COREFILE = `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
`;

const KUBE_PROXY_CONFIG = `apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
bindAddress: 0.0.0.0
clientConnection:
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
clusterCIDR: 10.244.0.0/16
metricsBindAddress: 0.0.0.0:10249
mode: iptables
conntrack:
  maxPerCore: 0
`;

const KUBE_PROXY_KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
    server: https://control-plane:6443
  name: default
contexts:
- context:
    cluster: default
    namespace: default
    user: default
  name: default
current-context: default
users:
- name: default
  user:
    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
`;

const DNS_LABELS = { 'k8s-app': 'kube-dns' };

function coreDnsTemplate() {
  return podTemplate(DNS_LABELS, {
    containers: [
      {
        name: 'coredns',
        image: 'registry.k8s.io/coredns/coredns:v1.12.1',
        args: ['-conf', '/etc/coredns/Corefile'],
        ports: [
          { name: 'dns', containerPort: 53, protocol: 'UDP' },
          { name: 'dns-tcp', containerPort: 53 },
          { name: 'metrics', containerPort: 9153 },
        ],
        resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
        livenessProbe: {
          httpGet: { path: '/health', port: 8080, scheme: 'HTTP' },
          initialDelaySeconds: 60,
          timeoutSeconds: 5,
          periodSeconds: 10,
          successThreshold: 1,
          failureThreshold: 5,
        },
        readinessProbe: {
          httpGet: { path: '/ready', port: 8181, scheme: 'HTTP' },
          timeoutSeconds: 1,
          periodSeconds: 10,
          successThreshold: 1,
          failureThreshold: 3,
        },
        securityContext: {
          allowPrivilegeEscalation: false,
          capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
          readOnlyRootFilesystem: true,
        },
        volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
      },
    ],
    // CoreDNS must not resolve through itself.
    dnsPolicy: 'Default',
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    priorityClassName: 'system-cluster-critical',
    serviceAccountName: 'coredns',
    tolerations: [
      { key: 'CriticalAddonsOnly', operator: 'Exists' },
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
    ],
    volumes: [
      {
        name: 'config-volume',
        configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }], defaultMode: 420 },
      },
    ],
  });
}

function kubeProxyTemplate() {
  return podTemplate(
    { 'k8s-app': 'kube-proxy' },
    {
      containers: [
        {
          name: 'kube-proxy',
          image: `registry.k8s.io/kube-proxy:${KUBERNETES_VERSION}`,
          command: [
            '/usr/local/bin/kube-proxy',
            '--config=/var/lib/kube-proxy/config.conf',
            '--hostname-override=$(NODE_NAME)',
          ],
          env: [
            { name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
          ],
          securityContext: { privileged: true },
          volumeMounts: [
            { name: 'kube-proxy', mountPath: '/var/lib/kube-proxy' },
            { name: 'xtables-lock', mountPath: '/run/xtables.lock' },
            { name: 'lib-modules', mountPath: '/lib/modules', readOnly: true },
          ],
        },
      ],
      hostNetwork: true,
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      priorityClassName: 'system-node-critical',
      serviceAccountName: 'kube-proxy',
      tolerations: [{ operator: 'Exists' }],
      volumes: [
        { name: 'kube-proxy', configMap: { name: 'kube-proxy', defaultMode: 420 } },
        { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
        { name: 'lib-modules', hostPath: { path: '/lib/modules', type: '' } },
      ],
    },
  );
}

/** kube-system as kubeadm leaves it once the nodes have joined; `bootstrapped` is the control plane's start. */
export function kubeSystemObjects(bootstrapped: Date, addresses: PodAddresses): KubeObject[] {
  const addonsCreated = after(bootstrapped, { seconds: 6 });
  const config = (name: string) => ({ namespace: NAMESPACE, name, created: addonsCreated });
  const coreDns = deployment({
    namespace: NAMESPACE,
    name: 'coredns',
    created: addonsCreated,
    labels: DNS_LABELS,
    template: coreDnsTemplate(),
    // CoreDNS waits for the pod network, which is up once the control-plane node is Ready.
    replicas: [0, 1].map(() => ({
      created: after(bootstrapped, { seconds: 22 }),
      state: { kind: 'running', on: addresses.place(CONTROL_PLANE) },
    })),
    rolloutCompletedAt: after(bootstrapped, { seconds: 30 }),
  });
  return [
    ...['default', 'coredns', 'kube-proxy'].map((name) => serviceAccount(NAMESPACE, name, addonsCreated)),
    configMap(config('coredns'), { Corefile: COREFILE }),
    configMap(
      { ...config('kube-proxy'), labels: { app: 'kube-proxy' } },
      {
        'config.conf': KUBE_PROXY_CONFIG,
        'kubeconfig.conf': KUBE_PROXY_KUBECONFIG,
      },
    ),
    clusterIPService({
      ...config('kube-dns'),
      labels: { ...DNS_LABELS, 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
      annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
      selector: DNS_LABELS,
      clusterIP: '10.96.0.10',
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, targetPort: 53 },
        { name: 'metrics', port: 9153, targetPort: 9153 },
      ],
    }),
    coreDns.deployment,
    coreDns.replicaSet,
    ...coreDns.pods,
    ...daemonSet({
      namespace: NAMESPACE,
      name: 'kube-proxy',
      created: addonsCreated,
      labels: { 'k8s-app': 'kube-proxy' },
      template: kubeProxyTemplate(),
      daemons: CLUSTER_NODES.map((node) => ({
        on: onHostNetwork(node),
        created: joinedAt(node, bootstrapped),
      })),
    }),
  ];
}
