export { SqliteSchemaError } from './sqlite-schema.js';
export { SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
