import type { SqliteDatabase } from './sqlite-driver.js';

/**
 * The schema, one migration per version: migration i takes a file from version i to i + 1. The version
 * lives in `PRAGMA user_version`; add migrations at the end, never edit one that has shipped.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE records (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    used INTEGER NOT NULL DEFAULT 0,
    expires_at INTEGER NOT NULL,
    group_name TEXT,
    PRIMARY KEY (kind, key)
  ) WITHOUT ROWID;
  CREATE INDEX records_by_group ON records (group_name) WHERE group_name IS NOT NULL;
  CREATE INDEX records_by_expiry ON records (expires_at);
  CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    count INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE locks (
    name TEXT PRIMARY KEY,
    token TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** The file was written by a newer version of this server; opening it could corrupt it. */
export class SqliteSchemaError extends Error {
  constructor(path: string, found: number) {
    super(
      `the OAuth store ${path} has schema version ${found}, newer than this server's ${SCHEMA_VERSION}; ` +
        'run the newer version, or move the file away to start with an empty store',
    );
    this.name = 'SqliteSchemaError';
  }
}

/** Brings the file's schema up to date, each step in its own transaction (all or nothing). */
export function migrate(database: SqliteDatabase, path: string): void {
  const found = database.pragma('user_version', { simple: true }) as number;
  if (found > SCHEMA_VERSION) throw new SqliteSchemaError(path, found);
  for (let version = found; version < SCHEMA_VERSION; version += 1) {
    database
      .transaction(() => {
        database.exec(MIGRATIONS[version] as string);
        database.pragma(`user_version = ${version + 1}`);
      })
      .immediate();
  }
}
