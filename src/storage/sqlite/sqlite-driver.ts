import { createRequire } from 'node:module';

/** The part of better-sqlite3's API the store uses (the package ships no types of its own). */
export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): void;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  transaction<A extends unknown[], R>(run: (...args: A) => R): SqliteTransaction<A, R>;
  close(): void;
}

export interface SqliteStatement {
  run(...parameters: unknown[]): { changes: number };
  get(...parameters: unknown[]): unknown;
  all(...parameters: unknown[]): unknown[];
}

/** Calling it runs BEGIN ... COMMIT (ROLLBACK on a throw); `.immediate` takes the write lock at BEGIN. */
export interface SqliteTransaction<A extends unknown[], R> {
  (...args: A): R;
  immediate(...args: A): R;
}

type SqliteConstructor = new (path: string, options?: { timeout?: number }) => SqliteDatabase;

/**
 * Opens a database file with better-sqlite3, loaded at run time through `require` so that the bundler
 * leaves the native addon where npm installed it (bundled, it could not find its `.node` file).
 */
export function openSqliteDatabase(path: string, busyTimeoutMs: number): SqliteDatabase {
  const Database = createRequire(import.meta.url)('better-sqlite3') as SqliteConstructor;
  return new Database(path, { timeout: busyTimeoutMs });
}
