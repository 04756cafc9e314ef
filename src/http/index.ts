export { type HostRule, loopbackHostRules, parseHostRule } from './host-validation.js';
export { createHttpApp } from './http-app.js';
export { listen } from './http-listener.js';
export { sendJsonRpcError } from './json-rpc-error.js';
export { refuseDeclaredBodyAbove } from './request-body-guard.js';
