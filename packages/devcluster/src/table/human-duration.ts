// Durations as kube-apiserver prints them (apimachinery's duration.HumanDuration): about
// two significant figures, so `kubectl get` shows the same AGE a real cluster would.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

/** Formats a duration in milliseconds: `45s`, `5m30s`, `3h20m`, `2d5h`, `200d`, `3y10d`. */
export function humanDuration(milliseconds: number): string {
  const seconds = Math.trunc(milliseconds / SECOND);
  // Up to two seconds in the future is clock skew between machines, not an error.
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;

  const minutes = Math.floor(milliseconds / MINUTE);
  if (minutes < 10) return withRemainder(minutes, 'm', seconds % 60, 's');
  if (minutes < 180) return `${minutes}m`;

  const hours = Math.floor(milliseconds / HOUR);
  if (hours < 8) return withRemainder(hours, 'h', minutes % 60, 'm');
  if (hours < 48) return `${hours}h`;

  const days = Math.floor(milliseconds / DAY);
  if (days < 8) return withRemainder(days, 'd', hours % 24, 'h');
  if (days < 730) return `${days}d`;

  const years = Math.floor(milliseconds / YEAR);
  if (years < 8) return withRemainder(years, 'y', days % 365, 'd');
  return `${years}y`;
}

function withRemainder(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major}${majorUnit}` : `${major}${majorUnit}${minor}${minorUnit}`;
}

/** Parses a metav1.Time; missing, empty or unparsable values are the zero time (undefined). */
export function parseTimestamp(timestamp: unknown): Date | undefined {
  if (typeof timestamp !== 'string' || timestamp === '') return undefined;
  const date = new Date(timestamp);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Time since a timestamp, as printers.go's translateTimestampSince: `<unknown>` when unset. */
export function ageSince(timestamp: unknown, now: Date): string {
  const since = parseTimestamp(timestamp);
  return since ? humanDuration(now.getTime() - since.getTime()) : '<unknown>';
}
