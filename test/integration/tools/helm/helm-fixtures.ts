import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ClusterWithUsers,
  Helm,
  Kubectl,
  startClusterWithUsers,
} from '@mcp-kubernetes/devcluster/testing';
import type { ClusterAccess } from '../../../../src/k8s/cluster-client.js';
import { accessFor, type ToolCaller, toolCaller } from '../tool-harness.js';

// What the kubernetes_helm tests share: the simulator over TLS (Helm sends its token only so), the
// real Helm 4 and kubectl as its admin, the tool called as the admin and as bob (view: no Secrets),
// the shop chart of the simulator's own Helm tests, and a small chart with hooks of its own.

export const SHOP_CHART = fileURLToPath(
  new URL('../../../../packages/devcluster/test/fixtures/charts/shop', import.meta.url),
);

export interface HelmCluster {
  users: ClusterWithUsers;
  access: ClusterAccess;
  /** The tool as the cluster's admin, writes allowed. */
  call: ToolCaller;
  /** The tool as bob, who may read everything but Secrets. */
  bob: ToolCaller;
  helm: Helm;
  kubectl: Kubectl;
  stop(): Promise<void>;
}

export async function startHelmCluster(): Promise<HelmCluster> {
  const users = await startClusterWithUsers({ seed: 'default', tls: true });
  const access = accessFor(users.devcluster.kubeconfig);
  return {
    users,
    access,
    call: toolCaller(access),
    bob: toolCaller(access, {}, { bearerToken: users.tokens.bob }),
    helm: new Helm(users.devcluster.kubeconfig),
    kubectl: new Kubectl(users.devcluster.kubeconfig),
    async stop() {
      await access.close();
      await users.stop();
    },
  };
}

/**
 * A chart with pre-rollback and pre-delete hooks, and a ConfigMap only when `extra` is set: a
 * rollback from extra=true to extra=false must delete it.
 */
export function hookedChart(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hooked-chart-'));
  mkdirSync(join(dir, 'templates'));
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: hooked\nversion: 1.0.0\nappVersion: "2.0"\n');
  writeFileSync(join(dir, 'values.yaml'), 'extra: false\nmode: fast\n');
  const configMap = (name: string, extra = '') =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-${name}\n${extra}data:\n  mode: {{ .Values.mode | quote }}\n`;
  writeFileSync(join(dir, 'templates', 'settings.yaml'), configMap('settings'));
  writeFileSync(
    join(dir, 'templates', 'extra.yaml'),
    `{{- if .Values.extra }}\n${configMap('extra')}{{- end }}\n`,
  );
  writeFileSync(
    join(dir, 'templates', 'hook.yaml'),
    configMap('hook', '  annotations:\n    helm.sh/hook: pre-rollback,pre-delete\n'),
  );
  return dir;
}

/** The rows of a table the tool printed, by column name, cut at the header's column starts. */
export function tableRows(text: string): Record<string, string>[] {
  const [header = '', ...rows] = text.split('\n').filter((line) => line.trim() !== '');
  const columns = [...header.matchAll(/\S+(?: \S+)*/g)].map((match) => ({
    name: match[0],
    start: match.index ?? 0,
  }));
  return rows.map((row) =>
    Object.fromEntries(
      columns.map((column, index) => [
        column.name,
        row.slice(column.start, columns[index + 1]?.start ?? row.length).trim(),
      ]),
    ),
  );
}
