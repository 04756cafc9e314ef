// Points in time relative to the seed's "now", formatted the way the API server writes them.

export interface Duration {
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
}

function durationMs({ days = 0, hours = 0, minutes = 0, seconds = 0 }: Duration): number {
  return (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
}

export function before(moment: Date, duration: Duration): Date {
  return new Date(moment.getTime() - durationMs(duration));
}

export function after(moment: Date, duration: Duration): Date {
  return new Date(moment.getTime() + durationMs(duration));
}

/** metav1.Time: RFC 3339 with whole seconds. */
export function apiTime(moment: Date): string {
  return moment.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** metav1.MicroTime, used by events.k8s.io events: six fractional digits. */
export function apiMicroTime(moment: Date): string {
  return moment.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export function later(first: Date, second: Date): Date {
  return first > second ? first : second;
}
