// Which pod a forward leads to, chosen as kubectl port-forward chooses: a pod by name, or one
// running pod (ready ones first) of those a workload's or a service's selector picks. A service's
// port is translated to the pod port its targetPort names, a number or a container port's name.
import type { KubeList, KubeObject } from '../../k8s/index.js';
import { UsageError } from '../error-mapping.js';
import { resolveTarget, type Target, type TargetArgs } from '../target.js';
import type { ToolContext } from '../tool-definition.js';
import { POD_OWNING_KINDS, serviceSelector, workloadSelector } from '../workload-pods.js';

interface Pod extends KubeObject {
  spec?: { containers?: { ports?: { name?: string; containerPort: number }[] }[] };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
}

interface ServicePort {
  port: number;
  targetPort?: number | string;
}

interface Service extends KubeObject {
  spec?: { selector?: Record<string, string>; ports?: ServicePort[] };
}

export interface ForwardTargetArgs extends TargetArgs {
  name: string;
  port: number;
}

export interface ForwardTarget {
  /** The pods of the target's namespace, on the caller's client. */
  pods: Target;
  pod: string;
  /** The port in the pod (a service's port translated). */
  podPort: number;
  /** What the caller named: `pod/web-1`, `deployment/web`, `service/web`. */
  named: string;
}

const isRunning = (pod: Pod) => pod.status?.phase === 'Running';
const isReady = (pod: Pod) =>
  pod.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ??
  false;

function requireRunning(pod: Pod): void {
  if (isRunning(pod)) return;
  throw new UsageError(
    `pod "${pod.metadata?.name}" is not running (phase ${pod.status?.phase ?? 'unknown'}); ` +
      'a port can be forwarded only to a running pod',
  );
}

/** The pod kubectl would pick among a selector's pods: a running one, ready ones first. */
async function podOf(pods: Target, selector: string, named: string): Promise<Pod> {
  const list = await pods.request<KubeList<Pod>>({ query: { labelSelector: selector } });
  const running = list.items.filter(isRunning);
  const chosen = running.find(isReady) ?? running[0];
  if (chosen) return chosen;
  const found = list.items.length === 0 ? 'no pods' : `no running pod among its ${list.items.length}`;
  throw new UsageError(`${named} has ${found} (selector ${selector}); nothing to forward to`);
}

function containerPortNamed(pod: Pod, portName: string): number {
  for (const container of pod.spec?.containers ?? []) {
    const port = container.ports?.find((candidate) => candidate.name === portName);
    if (port) return port.containerPort;
  }
  throw new UsageError(`pod "${pod.metadata?.name}" has no container port named "${portName}"`);
}

/** The pod port a service port leads to. */
function podPortOf(service: Service, pod: Pod, port: number): number {
  const servicePort = service.spec?.ports?.find((candidate) => candidate.port === port);
  if (!servicePort) {
    const ports = (service.spec?.ports ?? []).map((candidate) => candidate.port).join(', ') || 'none';
    throw new UsageError(`service "${service.metadata?.name}" has no port ${port} (its ports: ${ports})`);
  }
  const target = servicePort.targetPort;
  if (typeof target === 'string') return containerPortNamed(pod, target);
  return target || port;
}

function selectorOf(service: Service): string {
  const selector = serviceSelector(service);
  if (selector) return selector;
  throw new UsageError(`service "${service.metadata?.name}" has no pod selector; forward to a pod instead`);
}

export async function forwardTarget(context: ToolContext, args: ForwardTargetArgs): Promise<ForwardTarget> {
  const pods = await resolveTarget(
    context,
    { ...args, resourceType: 'pods', apiGroup: '', name: undefined },
    'read',
  );
  const target = await resolveTarget(context, args, 'read');
  const { kind } = target.resource;
  const named = `${kind.toLowerCase()}/${args.name}`;
  if (kind === 'Pod') {
    requireRunning(await pods.request<Pod>({ name: args.name }));
    return { pods, pod: args.name, podPort: args.port, named };
  }
  if (kind === 'Service') {
    const service = await target.request<Service>({ name: args.name });
    const pod = await podOf(pods, selectorOf(service), named);
    return { pods, pod: pod.metadata?.name ?? '', podPort: podPortOf(service, pod, args.port), named };
  }
  if (!POD_OWNING_KINDS.has(kind)) {
    throw new UsageError(
      `a port can be forwarded to a pod, a service or a workload's pod, not to ${target.resource.plural}`,
    );
  }
  const workload = await target.request<KubeObject>({ name: args.name });
  const selector = workloadSelector(workload);
  if (!selector) throw new UsageError(`${named} has no pod selector`);
  const pod = await podOf(pods, selector, named);
  return { pods, pod: pod.metadata?.name ?? '', podPort: args.port, named };
}
