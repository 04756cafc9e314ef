// kube-controller-manager's endpoints and endpointslice controllers: where a Service's traffic
// goes, published as its Endpoints object and its EndpointSlices. The pods its selector picks
// that have an address are listed, ready ones as ready; a named target port is looked up in
// each pod's containers.
import { endpointPort, podIP, servicePorts } from '../pods/service-ports.js';
import { resourceKeyOf, type StoredEvent } from '../store/object-store.js';
import type { KubeObject } from '../types.js';
import type { Controller, ControllerContext } from './controller.js';
import {
  controllerReference,
  ENDPOINT_SLICES,
  ENDPOINTS,
  generatedName,
  keyOf,
  nameOf,
  namespaceOf,
  PODS,
  SERVICES,
  selects,
  splitKey,
} from './objects.js';
import { isActive, isReady, nodeNameOf } from './pod-state.js';

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
const MANAGED_BY = 'endpointslice-controller.k8s.io';

interface Service extends KubeObject {
  spec?: { selector?: Record<string, string>; type?: string; clusterIP?: string };
}

interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
}

/** A pod behind the service, with the ports the service reaches on it. */
interface Backend {
  pod: KubeObject;
  ip: string;
  ready: boolean;
  ports: EndpointPort[];
}

/** The service's ports as numbers on `pod`; a name no container declares leaves that port out. */
function portsOn(service: Service, pod: KubeObject): EndpointPort[] {
  return servicePorts(service).flatMap((port) => {
    const number = endpointPort(pod, port);
    if (number === undefined) return [];
    return [{ ...(port.name && { name: port.name }), port: number, protocol: port.protocol ?? 'TCP' }];
  });
}

function targetRef(pod: KubeObject) {
  return { kind: 'Pod', namespace: namespaceOf(pod), name: nameOf(pod), uid: pod.metadata.uid ?? '' };
}

/** Backends grouped by the ports they serve, as Endpoints subsets and slices are. */
function byPorts(backends: Backend[]): Backend[][] {
  const groups = new Map<string, Backend[]>();
  for (const backend of backends) {
    const key = JSON.stringify(backend.ports);
    groups.set(key, [...(groups.get(key) ?? []), backend]);
  }
  return [...groups.values()];
}

function endpointsSubsets(backends: Backend[]) {
  return byPorts(backends).map((group) => {
    const address = (backend: Backend) => ({
      ip: backend.ip,
      ...(nodeNameOf(backend.pod) && { nodeName: nodeNameOf(backend.pod) }),
      targetRef: targetRef(backend.pod),
    });
    const ready = group.filter((backend) => backend.ready).map(address);
    const notReady = group.filter((backend) => !backend.ready).map(address);
    return {
      ...(ready.length > 0 && { addresses: ready }),
      ...(notReady.length > 0 && { notReadyAddresses: notReady }),
      ...((group[0]?.ports.length ?? 0) > 0 && { ports: group[0]?.ports }),
    };
  });
}

function sliceEndpoints(group: Backend[]) {
  return group.map((backend) => ({
    addresses: [backend.ip],
    conditions: { ready: backend.ready, serving: backend.ready, terminating: false },
    ...(nodeNameOf(backend.pod) && { nodeName: nodeNameOf(backend.pod) }),
    targetRef: targetRef(backend.pod),
  }));
}

export class ServiceEndpointsController implements Controller {
  readonly name = 'endpoint-controller';
  readonly watches = [SERVICES, PODS];

  constructor(private readonly context: ControllerContext) {}

  keysFor(event: StoredEvent): string[] {
    const namespace = namespaceOf(event.object);
    if (event.resourceKey === resourceKeyOf(SERVICES)) return [keyOf(namespace, nameOf(event.object))];
    // A pod's labels may have just changed: every selecting service of its namespace looks again.
    return this.context.cluster.store
      .list(SERVICES, namespace)
      .filter((service) => (service as Service).spec?.selector)
      .map((service) => keyOf(namespace, nameOf(service)));
  }

  sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const service = this.context.cluster.store.get(SERVICES, namespace, name) as Service | undefined;
    const selector = service?.spec?.selector;
    if (!service) {
      // Slices go with their owner through the garbage collector; Endpoints have no owner.
      this.context.writer.delete(ENDPOINTS, namespace, name);
      return;
    }
    // Without a selector the endpoints are the user's to write.
    if (!selector || Object.keys(selector).length === 0 || service.spec?.type === 'ExternalName') return;
    const backends = this.context.cluster.store
      .list(PODS, namespace)
      .filter((pod) => isActive(pod) && selects({ matchLabels: selector }, pod.metadata.labels) && podIP(pod))
      .map((pod): Backend => ({ pod, ip: podIP(pod), ready: isReady(pod), ports: portsOn(service, pod) }))
      .sort((a, b) => a.ip.localeCompare(b.ip, 'en', { numeric: true }));
    this.writeEndpoints(service, backends);
    this.writeSlices(service, backends);
  }

  private writeEndpoints(service: Service, backends: Backend[]): void {
    const subsets = endpointsSubsets(backends);
    const labels = {
      ...service.metadata.labels,
      ...(service.spec?.clusterIP === 'None' && { 'service.kubernetes.io/headless': '' }),
    };
    const content = {
      ...(Object.keys(labels).length > 0 && { labels }),
      ...(subsets.length > 0 && { subsets }),
    };
    const current = this.context.cluster.store.get(ENDPOINTS, namespaceOf(service), nameOf(service));
    if (!current) {
      this.context.writer.create(ENDPOINTS, {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: {
          name: nameOf(service),
          namespace: namespaceOf(service),
          ...(content.labels && { labels }),
        },
        ...(content.subsets && { subsets }),
      });
      return;
    }
    const { subsets: _previous, ...rest } = current;
    this.context.writer.update(ENDPOINTS, current, {
      ...rest,
      metadata: { ...current.metadata, ...(content.labels && { labels }) },
      ...(content.subsets && { subsets }),
    });
  }

  /** One slice per distinct set of ports; a service without backends keeps one empty slice. */
  private writeSlices(service: Service, backends: Backend[]): void {
    const groups = byPorts(backends);
    const owned = this.context.cluster.store.list(ENDPOINT_SLICES, namespaceOf(service)).filter((slice) => {
      const labels = slice.metadata.labels ?? {};
      return labels[SERVICE_NAME_LABEL] === nameOf(service) && labels[MANAGED_BY_LABEL] === MANAGED_BY;
    });
    const wanted = groups.length > 0 ? groups : [[]];
    wanted.forEach((group, index) => {
      const current = owned[index];
      const desired = {
        addressType: 'IPv4',
        endpoints: sliceEndpoints(group),
        ...(group[0] && { ports: group[0].ports }),
      };
      if (!current) {
        this.context.writer.create(ENDPOINT_SLICES, {
          apiVersion: 'discovery.k8s.io/v1',
          kind: 'EndpointSlice',
          metadata: {
            name: generatedName(`${nameOf(service)}-`),
            generateName: `${nameOf(service)}-`,
            namespace: namespaceOf(service),
            labels: {
              ...service.metadata.labels,
              [SERVICE_NAME_LABEL]: nameOf(service),
              [MANAGED_BY_LABEL]: MANAGED_BY,
            },
            ownerReferences: [controllerReference(service)],
          },
          ...desired,
        });
        return;
      }
      const { ports: _ports, ...withoutPorts } = current;
      this.context.writer.update(ENDPOINT_SLICES, current, { ...withoutPorts, ...desired });
    });
    for (const extra of owned.slice(wanted.length))
      this.context.writer.delete(ENDPOINT_SLICES, namespaceOf(extra), nameOf(extra));
  }
}
