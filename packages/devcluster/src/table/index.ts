export { humanDuration } from './human-duration.js';
export { includeObjectFrom, tableVersionFor, wantsTable } from './table-request.js';
export { type IncludeObject, type TableOptions, type TableVersion, toTable } from './to-table.js';
