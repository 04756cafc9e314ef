// Module resolve hook: the conformance suite's bundle imports `globSync` from `fs`, which Node
// gained in 22. On Node 20 that bundle (and only it) gets `node20-fs.mjs` for `fs` instead.
const conformanceBundle = '/@modelcontextprotocol/conformance/dist/';
const shim = new URL('./node20-fs.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if ((specifier === 'fs' || specifier === 'node:fs') && context.parentURL?.includes(conformanceBundle)) {
    return { url: shim, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}
