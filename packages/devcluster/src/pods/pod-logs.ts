// GET /api/v1/namespaces/NS/pods/NAME/log: kube-apiserver's LogREST in front of a simulated
// kubelet. Errors are the apiserver's (options, container choice) and the kubelet's (which run).

import type { ServerResponse } from 'node:http';
import { PODS } from '../api/group-resources.js';
import { ApiError } from '../api/status.js';
import type { SimulatedCluster } from '../cluster.js';
import { resourceKeyOf, type StoredEvent } from '../store/object-store.js';
import type { KubeObject } from '../types.js';
import { containerRun } from './container-runs.js';
import { assignedNode, selectContainer } from './container-selection.js';
import {
  type ContainerRun,
  type LogLine,
  type LogWindow,
  logLines,
  renderLines,
  selectLines,
} from './log-lines.js';
import { type PodLogOptions, parseLogOptions } from './log-options.js';
import { type ContainerSpec, findContainer, findContainerStatus } from './pod-shape.js';
import { sendStatus } from './status-response.js';

const PODS_KEY = resourceKeyOf(PODS);
const FOLLOW_POLL_MS = 1000;

/** Writes at most limitBytes in all, as the kubelet's LimitedWriter cuts a log mid-line. */
class LimitedBody {
  private remaining: number;

  constructor(
    private readonly response: ServerResponse,
    limitBytes: number | undefined,
  ) {
    this.remaining = limitBytes ?? Number.POSITIVE_INFINITY;
  }

  get exhausted(): boolean {
    return this.remaining <= 0;
  }

  write(text: string): void {
    const bytes = Buffer.from(text);
    const allowed = bytes.subarray(0, Math.min(bytes.length, this.remaining));
    this.remaining -= allowed.length;
    if (allowed.length > 0) this.response.write(allowed);
  }
}

interface FollowedLog {
  cluster: SimulatedCluster;
  pod: KubeObject;
  container: ContainerSpec;
  run: ContainerRun;
  options: PodLogOptions;
  body: LimitedBody;
  response: ServerResponse;
  now: () => Date;
  readUntil: Date;
}

/** A followed log ends when its reader leaves, the pod goes, or the container stops running this run. */
function endsFollowing(event: StoredEvent, followed: FollowedLog): boolean {
  const { pod, container, run } = followed;
  if (event.resourceKey !== PODS_KEY || event.namespace !== (pod.metadata.namespace ?? '')) return false;
  if (event.object.metadata.name !== pod.metadata.name) return false;
  if (event.type === 'DELETED') return true;
  const status = findContainerStatus(event.object, container.name);
  return !status?.state?.running || status.containerID !== run.id;
}

function follow(followed: FollowedLog): void {
  const { cluster, response, body, now, options } = followed;
  let readUntil = followed.readUntil;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    clearInterval(timer);
    unsubscribe();
    response.end();
  };
  const timer = setInterval(() => {
    const moment = now();
    const fresh = logLines(followed.pod, followed.container, followed.run, moment).filter(
      (entry: LogLine) => entry.at > readUntil,
    );
    readUntil = moment;
    body.write(renderLines(fresh, options.timestamps));
    if (body.exhausted) finish();
  }, FOLLOW_POLL_MS);
  const unsubscribe = cluster.store.subscribe((event) => {
    if (endsFollowing(event, followed)) finish();
  });
  response.on('close', finish);
}

/** The part of the log asked for: sinceSeconds counts back from the moment of the request. */
function windowOf(options: PodLogOptions, now: Date): LogWindow {
  const since =
    options.sinceSeconds !== undefined
      ? new Date(now.getTime() - options.sinceSeconds * 1000)
      : options.sinceTime;
  return {
    ...(options.tailLines !== undefined && { tailLines: options.tailLines }),
    ...(since && { since }),
  };
}

/** Answers a pods/log request for `pod`, which the caller has found and authorized. */
export function servePodLog(
  cluster: SimulatedCluster,
  pod: KubeObject,
  query: URLSearchParams,
  response: ServerResponse,
  now: () => Date,
): void {
  let options: PodLogOptions;
  let container: ContainerSpec | undefined;
  let run: ContainerRun;
  try {
    options = parseLogOptions(query, pod.metadata.name ?? '');
    container = findContainer(pod, selectContainer(pod, options.container));
    if (!assignedNode(pod) || !container) {
      // LogLocation has no kubelet to ask: the apiserver streams nothing, 204 No Content.
      response.writeHead(204);
      response.end();
      return;
    }
    run = containerRun(pod, container.name, options.previous);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    sendStatus(response, error);
    return;
  }
  const moment = now();
  const lines = selectLines(logLines(pod, container, run, moment), windowOf(options, moment));
  response.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
  const body = new LimitedBody(response, options.limitBytes);
  body.write(renderLines(lines, options.timestamps));
  if (!options.follow || run.finishedAt || body.exhausted) {
    response.end();
    return;
  }
  response.flushHeaders();
  follow({ cluster, pod, container, run, options, body, response, now, readUntil: moment });
}
