export { summarizeObjects } from './list-summary.js';
export { type ObjectView, viewList, viewObject } from './object-views.js';
export { maskSecrets } from './secret-masking.js';
export { toJson, toYaml } from './serialize.js';
export { type LimitedOutput, limitOutput, type OutputParts } from './size-limit.js';
export {
  alignCells,
  renderTable,
  rowRecords,
  type TableCells,
  type TableText,
  type TableTextOptions,
  tableCells,
} from './table-text.js';
