import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevCluster, startDevCluster } from '../../src/start.js';
import { Kubectl, kubectlAvailability } from '../helpers/kubectl.js';
import { KUBECTL_COMMANDS, type KubectlCommand } from './kubectl-command-table.js';

const kubectl = await kubectlAvailability();
const title = kubectl.ok
  ? `real kubectl (${kubectl.reason}): the command table`
  : `real kubectl: the command table (skipped: ${kubectl.reason})`;

/** A KUBE_EDITOR that applies one sed expression to the file kubectl opens, as a person would edit it. */
function scriptedEditor(sedExpression: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'editor-')), 'edit.sh');
  writeFileSync(path, `#!/bin/sh\nexec sed -i '${sedExpression.replaceAll("'", "'\\''")}' "$1"\n`);
  chmodSync(path, 0o755);
  return path;
}

/** A string expects a whole line (trailing spaces aside); a RegExp is tried on every line and on the whole text. */
function expectPrinted(text: string, expected: (string | RegExp)[] | undefined, where: string): void {
  const lines = text.split('\n').map((line) => line.trimEnd());
  for (const fragment of expected ?? []) {
    const found =
      typeof fragment === 'string'
        ? lines.includes(fragment) || (where === 'stderr' && text.includes(fragment))
        : lines.some((line) => fragment.test(line)) || fragment.test(text);
    expect(found, `${where} should show ${String(fragment)}; it was:\n${text}`).toBe(true);
  }
}

describe.skipIf(!kubectl.ok)(title, () => {
  let devcluster: DevCluster;
  let admin: Kubectl;

  beforeAll(async () => {
    devcluster = await startDevCluster({ tls: true });
    admin = new Kubectl(devcluster.kubeconfig);
  });
  afterAll(async () => {
    await devcluster?.stop();
  });

  const runRow = async (row: KubectlCommand) => {
    const env = row.editorSed ? { KUBE_EDITOR: scriptedEditor(row.editorSed) } : undefined;
    const result = await admin.run(row.args, row.stdin, env);
    const shown = `kubectl ${row.args.join(' ')}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
    expect(result.code, shown).toBe(row.exit ?? 0);
    expectPrinted(result.stdout, row.stdout, 'stdout');
    expectPrinted(result.stderr, row.stderr, 'stderr');
  };

  for (const row of KUBECTL_COMMANDS) it(`kubectl ${row.title}`, () => runRow(row));

  it('kubectl get --watch prints the table, then each change as it happens', async () => {
    const watch = admin.start(['get', 'configmaps', '-n', 'team-a', '--watch']);
    try {
      await watch.waitFor('web-config');
      const configMap = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'watched', namespace: 'team-a' },
      };
      await admin.ok(['apply', '-f', '-'], JSON.stringify(configMap));
      await watch.waitFor('watched');
      expect(watch.output()).toMatch(/^NAME\s+DATA\s+AGE$/m);
    } finally {
      watch.child.kill();
    }
  });
});
