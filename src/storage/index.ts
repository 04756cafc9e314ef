export {
  AesGcmCipher,
  EncryptionKeyError,
  PLAINTEXT,
  parseEncryptionKey,
  type RecordCipher,
  RecordDecryptionError,
} from './encryption.js';
export { MemoryStore, type MemoryStoreOptions } from './memory/index.js';
export {
  RecordVault,
  type Sealed,
  SealedCollection,
  type SealedRecord,
  type SealedUseOutcome,
} from './record-vault.js';
export { ReplayCache } from './replay-cache.js';
export { keyDerivedFrom, secretKey } from './secret-keys.js';
export {
  type RawStorageOptions,
  resolveStorageSettings,
  type StorageSettings,
  StorageSettingsError,
  storageFlags,
} from './storage-settings.js';
export * from './store.js';
export { createStore } from './store-factory.js';
export { isStoreAvailable, StoreUnavailableError } from './store-unavailable-error.js';
