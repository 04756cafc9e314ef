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
export { secretKey } from './secret-keys.js';
export * from './store.js';
