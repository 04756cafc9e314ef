// Bundles the CLI and its lazily loaded parts into dist/. Bundling matters: importing the
// Kubernetes client, the MCP SDK and Express unbundled costs about three times the start-up.
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

/**
 * The SDK's `Server` builds its default JSON Schema validator, Ajv with its formats (0.3 MB of code
 * bundled into the SDK), for every server instance (one per session, one per 2026-07-28 request),
 * only to check the answers to `elicitation/create`, which the session server checks with its own
 * validator (src/mcp/form-answer-validator.ts). The bundle gets a validator that refuses to be used
 * instead: start-up does not pay for Ajv, nor each instance for an Ajv instance.
 */
const withoutSdkAjv = {
  name: 'without-sdk-ajv',
  setup(build) {
    build.onResolve({ filter: /^@modelcontextprotocol\/server\/_shims$/ }, () => ({
      path: 'shims',
      namespace: 'without-sdk-ajv',
    }));
    build.onLoad({ filter: /.*/, namespace: 'without-sdk-ajv' }, () => ({
      contents: `export { default as process } from 'node:process';
export class DefaultJsonSchemaValidator {
  getValidator() {
    throw new Error('elicitation answers cannot be validated: Ajv is not bundled (scripts/build.mjs)');
  }
}`,
      loader: 'js',
    }));
  },
};

await rm('dist', { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.ts', index: 'src/index.ts', devcluster: 'packages/devcluster/src/index.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: true,
  legalComments: 'linked',
  // Less text for V8 to scan on every start (3% of the instructions to the first `initialize` answer).
  // Names stay: renaming them would change error types in logs, and keepNames costs more than it saves.
  minifyWhitespace: true,
  logLevel: 'warning',
  plugins: [withoutSdkAjv],
  // Bundled CommonJS dependencies still call require().
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});
