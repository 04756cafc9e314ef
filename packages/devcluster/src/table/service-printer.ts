// Services as `kubectl get services` shows them (printers.go's printService).
import type { KubeObject } from '../types.js';
import { ageColumn, column, nameColumn, type TablePrinter, wideColumn } from './columns.js';
import { formatLabels } from './format.js';
import { ageSince } from './human-duration.js';

interface Service extends KubeObject {
  spec?: {
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[];
    externalIPs?: string[];
    externalName?: string;
    ports?: { port: number; nodePort?: number; protocol?: string }[];
    selector?: Record<string, string>;
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

// kube-apiserver defaults these fields on write; a stored object may lack them here.
const DEFAULT_SERVICE_TYPE = 'ClusterIP';
const DEFAULT_PROTOCOL = 'TCP';

function serviceType(service: Service): string {
  return service.spec?.type ?? DEFAULT_SERVICE_TYPE;
}

function clusterIP(service: Service): string {
  return service.spec?.clusterIPs?.[0] ?? (service.spec?.clusterIP || '<none>');
}

/** Load-balancer ingress IPs (or host names), sorted and without duplicates. */
function loadBalancerAddresses(service: Service): string[] {
  const addresses = (service.status?.loadBalancer?.ingress ?? []).map(
    (ingress) => ingress.ip || ingress.hostname || '',
  );
  return [...new Set(addresses.filter(Boolean))].sort();
}

function externalIP(service: Service): string {
  const externalIPs = service.spec?.externalIPs ?? [];
  switch (serviceType(service)) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.join(',') || '<none>';
    case 'LoadBalancer': {
      const addresses = [...loadBalancerAddresses(service), ...externalIPs];
      return addresses.join(',') || '<pending>';
    }
    case 'ExternalName':
      return service.spec?.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** `80/TCP,443:30443/TCP`: port, node port when allocated, protocol. */
function ports(service: Service): string {
  const text = (service.spec?.ports ?? [])
    .map((port) => {
      const protocol = port.protocol ?? DEFAULT_PROTOCOL;
      return port.nodePort ? `${port.port}:${port.nodePort}/${protocol}` : `${port.port}/${protocol}`;
    })
    .join(',');
  return text || '<none>';
}

export const servicePrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('Type', 'string', 'type determines how the Service is exposed.'),
    column(
      'Cluster-IP',
      'string',
      'clusterIP is the IP address of the service and is usually assigned randomly.',
    ),
    column(
      'External-IP',
      'string',
      'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.',
    ),
    column('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
    ageColumn,
    wideColumn(
      'Selector',
      'string',
      'Route service traffic to pods with label keys and values matching this selector.',
    ),
  ],
  cells(object, now) {
    const service = object as Service;
    return [
      service.metadata.name ?? '',
      serviceType(service),
      clusterIP(service),
      externalIP(service),
      ports(service),
      ageSince(service.metadata.creationTimestamp, now),
      formatLabels(service.spec?.selector),
    ];
  },
};
