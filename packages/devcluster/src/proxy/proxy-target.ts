// Where a pods/proxy or services/proxy request goes, resolved as kube-apiserver's pod and service storage
// do it (ResourceLocation): `[scheme:]name[:port]`, a service port by number or name, its targetPort in
// each ready endpoint pod, and the same errors a real server gives when there is nowhere to go.
import { PODS } from '../api/group-resources.js';
import { badRequest, notFound, serviceUnavailable } from '../api/status.js';
import type { SimulatedCluster } from '../cluster.js';
import { isReady } from '../controllers/pod-state.js';
import { podSpec } from '../pods/pod-shape.js';
import { endpointPort, podIP, servicePorts } from '../pods/service-ports.js';
import { matchesLabels } from '../selectors/label-selector.js';
import type { KubeObject } from '../types.js';

export interface ProxyTarget {
  pod: KubeObject;
  scheme: 'http' | 'https';
  /** The pod's IP and port, as the real server dials them (for its error messages). */
  host: string;
  /** A number, or what the client wrote when it is not one (that dial fails). */
  port: number | string;
}

const SERVICES = { group: '', resource: 'services' };
const ENDPOINTS = { group: '', resource: 'endpoints' };

/** `name`, `name:port` or `scheme:name:port`, with the scheme http or https (utilnet.SplitSchemeNamePort). */
export function splitSchemeNamePort(
  id: string,
): { scheme: 'http' | 'https'; name: string; port: string } | undefined {
  const parts = id.split(':');
  if (parts.length > 3) return undefined;
  const [scheme, name, port] = parts.length === 3 ? parts : ['', parts[0], parts[1]];
  if (!name || !['', 'http', 'https'].includes(scheme ?? '')) return undefined;
  return { scheme: scheme === 'https' ? 'https' : 'http', name, port: port ?? '' };
}

/** pods/proxy: the named pod, on the given port or else its first declared container port. */
export function podProxyTarget(cluster: SimulatedCluster, namespace: string, id: string): ProxyTarget {
  const parts = splitSchemeNamePort(id);
  if (!parts) throw badRequest(`invalid pod request "${id}"`);
  const pod = cluster.store.get(PODS, namespace, parts.name);
  if (!pod) throw notFound(PODS, parts.name);
  let port: number | string = parts.port;
  if (port === '') {
    const declared = podSpec(pod).containers.find((container) => container.ports?.length)?.ports?.[0];
    // With no port at all the URL has none, and HTTP dials 80.
    port = declared?.containerPort ?? 80;
  }
  const ip = podIP(pod);
  if (!ip) throw badRequest('address not allowed');
  return { pod, scheme: parts.scheme, host: ip, port: /^\d+$/.test(String(port)) ? Number(port) : port };
}

/**
 * services/proxy: a ready pod behind the service's port (the first by name, where the real server picks
 * one at random). No pods at all is `no endpoints available for service "<name>"`; pods but none ready on
 * that port names the request's id, as the real server does.
 */
export function serviceProxyTarget(cluster: SimulatedCluster, namespace: string, id: string): ProxyTarget {
  const parts = splitSchemeNamePort(id);
  if (!parts) throw badRequest(`invalid service request "${id}"`);
  const service = cluster.store.get(SERVICES, namespace, parts.name);
  if (!service) throw notFound(SERVICES, parts.name);
  let portName = parts.port;
  if (/^\d+$/.test(portName)) {
    const byNumber = servicePorts(service).find((candidate) => candidate.port === Number(portName));
    if (!byNumber)
      throw serviceUnavailable(`no service port ${Number(portName)} found for service "${parts.name}"`);
    portName = byNumber.name ?? '';
  }
  const selector = (service.spec as { selector?: Record<string, string> } | undefined)?.selector;
  // Without a selector no controller writes Endpoints, and the simulator stores none.
  if (!selector || Object.keys(selector).length === 0) throw notFound(ENDPOINTS, parts.name);
  const requirements = Object.entries(selector).map(([key, value]) => ({
    key,
    operator: 'in' as const,
    values: [value],
  }));
  const members = cluster.store
    .list(PODS, namespace)
    .filter((pod) => matchesLabels(requirements, pod.metadata.labels))
    .filter((pod) => podIP(pod) && !pod.metadata.deletionTimestamp)
    .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  if (members.length === 0) throw serviceUnavailable(`no endpoints available for service "${parts.name}"`);
  const servicePort = servicePorts(service).find((candidate) => (candidate.name ?? '') === portName);
  for (const pod of members.filter(isReady)) {
    const port =
      servicePort && (servicePort.protocol ?? 'TCP') === 'TCP' ? endpointPort(pod, servicePort) : undefined;
    if (port !== undefined) return { pod, scheme: parts.scheme, host: podIP(pod), port };
  }
  throw serviceUnavailable(`no endpoints available for service "${id}"`);
}
