// core/v1 Events as `kubectl get events` shows them (printers.go's printEvent).
import type { KubeObject } from '../types.js';
import { column, nameColumn, type TablePrinter, wideColumn } from './columns.js';
import { ageSince, parseTimestamp } from './human-duration.js';

interface CoreEvent extends KubeObject {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  series?: { count?: number; lastObservedTime?: string };
  involvedObject?: { kind?: string; name?: string; fieldPath?: string };
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  reportingInstance?: string;
}

/** FIRST SEEN, LAST SEEN and COUNT, falling back to the newer eventTime and series fields. */
function occurrences(event: CoreEvent, now: Date): { first: string; last: string; count: number } {
  const first = parseTimestamp(event.firstTimestamp)
    ? ageSince(event.firstTimestamp, now)
    : ageSince(event.eventTime, now);
  if (event.series) {
    return { first, last: ageSince(event.series.lastObservedTime, now), count: event.series.count ?? 0 };
  }
  const last = parseTimestamp(event.lastTimestamp) ? ageSince(event.lastTimestamp, now) : first;
  // Singleton events of the events.k8s.io API carry no count.
  return { first, last, count: event.count || 1 };
}

/** `pod/web-1`, or just the lower-cased kind when the object has no name. */
function target(event: CoreEvent): string {
  const kind = (event.involvedObject?.kind ?? '').toLowerCase();
  return event.involvedObject?.name ? `${kind}/${event.involvedObject.name}` : kind;
}

/** `kubelet, node-1`: component and host, each falling back to the reporting fields. */
function source(event: CoreEvent): string {
  const component = event.source?.component || event.reportingComponent || '';
  const instance = event.source?.host || event.reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}

export const eventPrinter: TablePrinter = {
  columns: [
    column('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
    column('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
    column(
      'Reason',
      'string',
      "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
    ),
    column('Object', 'string', 'The object that this event is about.'),
    wideColumn(
      'Subobject',
      'string',
      'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.',
    ),
    wideColumn(
      'Source',
      'string',
      'The component reporting this event. Should be a short machine understandable string.',
    ),
    column('Message', 'string', 'A human-readable description of the status of this operation.'),
    wideColumn(
      'First Seen',
      'string',
      'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)',
    ),
    wideColumn('Count', 'string', 'The number of times this event has occurred.'),
    { ...nameColumn, priority: 1 },
  ],
  cells(object, now) {
    const event = object as CoreEvent;
    const { first, last, count } = occurrences(event, now);
    return [
      last,
      event.type ?? '',
      event.reason ?? '',
      target(event),
      event.involvedObject?.fieldPath ?? '',
      source(event),
      (event.message ?? '').trim(),
      first,
      count,
      event.metadata.name ?? '',
    ];
  },
};
