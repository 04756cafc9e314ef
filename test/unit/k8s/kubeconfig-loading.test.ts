import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadKubeconfig } from '../../../src/k8s/kubeconfig-loading.js';

function kubeconfigFile(
  dir: string,
  name: string,
  contexts: string[],
  server: string,
  current?: string,
): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server, 'certificate-authority': 'ca.crt' } }],
      users: [{ name: 'u', user: { token: 't' } }],
      contexts: contexts.map((context) => ({ name: context, context: { cluster: 'c', user: 'u' } })),
      ...(current ? { 'current-context': current } : {}),
    }),
  );
  return path;
}

describe('loadKubeconfig', () => {
  it('merges the KUBECONFIG list as kubectl does: missing files skipped, the first definition wins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'));
    const first = kubeconfigFile(dir, 'first', ['a'], 'https://first:6443');
    const second = kubeconfigFile(dir, 'second', ['a', 'b'], 'https://second:6443', 'b');
    const list = [join(dir, 'missing'), first, second].join(delimiter);
    const kubeconfig = loadKubeconfig({}, { KUBECONFIG: list });
    expect(kubeconfig?.contexts.map((context) => context.name)).toEqual(['a', 'b']);
    expect(kubeconfig?.getCluster('c')?.server).toBe('https://first:6443');
    expect(kubeconfig?.currentContext).toBe('b');
    // Relative file references are read from the directory of the file that names them.
    expect(kubeconfig?.getCluster('c')?.caFile).toBe(join(dir, 'ca.crt'));
  });

  it('explains a KUBECONFIG list whose files are all missing', () => {
    expect(() => loadKubeconfig({}, { KUBECONFIG: '/nonexistent/a' })).toThrow(
      'none of the files in KUBECONFIG exist: /nonexistent/a',
    );
  });

  it('prefers an explicit path over KUBECONFIG', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'));
    const explicit = kubeconfigFile(dir, 'explicit', ['x'], 'https://x:6443', 'x');
    const kubeconfig = loadKubeconfig({ kubeconfigPath: explicit }, { KUBECONFIG: '/nonexistent/a' });
    expect(kubeconfig?.currentContext).toBe('x');
  });

  it('reads ~/.kube/config when nothing else is given, and finds nothing when it is missing', () => {
    const home = mkdtempSync(join(tmpdir(), 'home-'));
    expect(loadKubeconfig({}, { HOME: home })).toBeUndefined();
    const kubeDir = join(home, '.kube');
    mkdirSync(kubeDir);
    kubeconfigFile(kubeDir, 'config', ['home'], 'https://home:6443', 'home');
    expect(loadKubeconfig({}, { HOME: home })?.currentContext).toBe('home');
  });

  it("honours YAML merge keys, as kubectl does: an entry can share another one's settings", () => {
    const kubeconfig = loadKubeconfig({
      kubeconfigYaml: [
        'clusters:',
        '- name: first',
        '  cluster: &shared',
        '    server: https://first:6443',
        '    insecure-skip-tls-verify: true',
        '- name: second',
        '  cluster:',
        '    <<: *shared',
        '    server: https://second:6443',
        'contexts:',
        '- name: second',
        '  context: { cluster: second }',
      ].join('\n'),
    });
    expect(kubeconfig?.getCluster('second')).toMatchObject({
      server: 'https://second:6443',
      skipTLSVerify: true,
    });
  });

  it('quotes only the first line of a YAML syntax error', () => {
    expect(() => loadKubeconfig({ kubeconfigYaml: 'clusters: [' })).toThrow(
      /^the kubeconfig given as text is not valid: [^\n]+$/,
    );
  });
});
