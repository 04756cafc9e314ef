import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

// package.json promises a Node.js version range; every package the server runs on must accept its
// oldest version. A dependency update once pulled in OpenTelemetry 3 (Node.js >= 22.15) while the
// project said Node.js 20: npm warned on every install, and `engine-strict` refused it.

interface LockedPackage {
  dev?: boolean;
  engines?: { node?: string } | string[];
}

const root = new URL('../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  engines: { node: string };
};
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  packages: Record<string, LockedPackage>;
};

describe('Node.js engines', () => {
  const oldest = semver.minVersion(manifest.engines.node);

  it('package.json names a Node.js range with an oldest version', () => {
    expect(oldest?.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('every runtime dependency accepts the oldest Node.js version package.json allows', () => {
    const refusing: string[] = [];
    for (const [path, locked] of Object.entries(lock.packages)) {
      const range = Array.isArray(locked.engines) ? undefined : locked.engines?.node;
      if (path === '' || locked.dev || !range || !oldest) continue;
      if (!semver.satisfies(oldest, range))
        refusing.push(`${path.replace(/^.*node_modules\//, '')} (${range})`);
    }
    expect(refusing, `these need a newer Node.js than ${oldest?.version}`).toEqual([]);
  });

  it('this process runs a Node.js version package.json allows', () => {
    expect(semver.satisfies(process.version, manifest.engines.node)).toBe(true);
  });
});
