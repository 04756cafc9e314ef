export { DEFAULT_KEY_PREFIX, ValkeyStore, type ValkeyStoreOptions } from './valkey-store.js';
