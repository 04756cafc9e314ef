// The table every kind without a printer of its own gets (apiserver's rest.DefaultTableConvertor):
// NAME and CREATED AT, the creation time as an RFC 3339 string that kubectl shows as is.
import { CREATION_TIMESTAMP_DESCRIPTION, column, nameColumn, type TablePrinter } from './columns.js';
import { parseTimestamp } from './human-duration.js';

// Go formats an unset metav1.Time as its zero value.
const ZERO_TIME = '0001-01-01T00:00:00Z';

/** UTC, whole seconds, as Go's time.RFC3339 layout. */
function rfc3339(timestamp: unknown): string {
  const date = parseTimestamp(timestamp);
  return date ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : ZERO_TIME;
}

export const defaultPrinter: TablePrinter = {
  columns: [nameColumn, column('Created At', 'date', CREATION_TIMESTAMP_DESCRIPTION)],
  cells(object) {
    return [object.metadata.name ?? '', rfc3339(object.metadata.creationTimestamp)];
  },
};
