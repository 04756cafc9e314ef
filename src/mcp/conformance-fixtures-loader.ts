import type { SessionExtension } from './session-extension.js';

/**
 * The conformance suite's fixtures, loaded only when `--conformance-fixtures` asks for them: a server
 * started without the flag never loads their code (the bundle keeps it in a chunk of its own).
 */
export async function loadConformanceFixtures(): Promise<SessionExtension> {
  const { conformanceFixtures } = await import('./conformance-fixtures/fixture-extension.js');
  return conformanceFixtures;
}
