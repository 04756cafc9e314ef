// `node --import` entry: installs the `fs` resolve hook before the conformance suite loads.
import { register } from 'node:module';

if (Number(process.versions.node.split('.')[0]) < 22) register('./node20-fs-hooks.mjs', import.meta.url);
