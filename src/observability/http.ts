// The face of src/observability/ that only the HTTP transports load: request metrics and the
// instrumented store; ./index.ts is the rest.
export { instrumentStore } from './instrument-store.js';
export { observeRequests } from './request-observation.js';
