import type { KubeObject } from '../../k8s/index.js';
import { ageSince } from '../age.js';
import { readAll } from '../list-pages.js';
import type { Target } from '../target.js';
import { textTable } from '../text-table.js';

// Core v1 Events as `kubectl events` shows them: newest first, one line each, repeats counted.

interface CoreEvent extends KubeObject {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  series?: { count?: number; lastObservedTime?: string };
  involvedObject?: { kind?: string; apiVersion?: string; name?: string; namespace?: string };
  source?: { component?: string };
  reportingComponent?: string;
}

/** How many events one call reads at most before sorting (a namespace rarely holds more). */
const EVENT_READ_CAP = 5000;

function lastSeen(event: CoreEvent): string | undefined {
  return (
    event.series?.lastObservedTime ??
    event.lastTimestamp ??
    event.eventTime ??
    event.metadata?.creationTimestamp
  );
}

function timeOf(event: CoreEvent): number {
  return Date.parse(lastSeen(event) ?? '') || 0;
}

export function involvedObjectOf(event: KubeObject): { kind: string; apiVersion: string } {
  const about = (event as CoreEvent).involvedObject;
  return { kind: about?.kind ?? '', apiVersion: about?.apiVersion ?? '' };
}

/**
 * Reads the events of `namespaces` (undefined: the target's own namespace, or all when it has none)
 * matching `fieldSelector`, newest first.
 */
export async function readEvents(
  events: Target,
  options: { namespaces?: string[]; fieldSelector?: string },
): Promise<{ events: KubeObject[]; capped: boolean }> {
  const namespaces = options.namespaces ?? [undefined];
  const read = await readAll<KubeObject>(namespaces.length, EVENT_READ_CAP, async (segment, limit, token) => {
    const namespace = namespaces[segment];
    const list = await events.request<{ items: KubeObject[]; metadata?: { continue?: string } }>({
      ...(namespace !== undefined && { namespace }),
      query: { fieldSelector: options.fieldSelector, limit, continue: token },
    });
    return { entries: list.items, continueToken: list.metadata?.continue };
  });
  return { events: read.entries.sort((a, b) => timeOf(b) - timeOf(a)), capped: read.capped };
}

function repeats(event: CoreEvent, now: Date): string {
  const count = event.series?.count ?? event.count ?? 1;
  if (count <= 1) return '';
  const since = event.firstTimestamp ?? event.eventTime;
  return ` (x${count}${since ? ` over ${ageSince(since, now)}` : ''})`;
}

export function eventTable(
  events: KubeObject[],
  now: Date,
  options: { showNamespace: boolean },
): { header: string; rows: string[] } {
  const columns = ['Last Seen', 'Type', 'Reason', 'Object', 'Message'];
  const rows = (events as CoreEvent[]).map((event) => {
    const about = event.involvedObject ?? {};
    const cells = [
      `${ageSince(lastSeen(event), now)}${repeats(event, now)}`,
      event.type,
      event.reason,
      `${(about.kind ?? '').toLowerCase()}/${about.name ?? ''}`,
      event.message?.trim(),
    ];
    return options.showNamespace ? [event.metadata?.namespace, ...cells] : cells;
  });
  return textTable(options.showNamespace ? ['Namespace', ...columns] : columns, rows);
}
