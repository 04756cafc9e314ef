/**
 * undici parses every Kubernetes answer with llhttp, compiled to WebAssembly. V8 runs it first as
 * baseline (Liftoff) code; once the parser is hot it recompiles it with TurboFan on a background
 * thread, and its one huge state-machine function makes that cost 70-110 ms of CPU in the first
 * seconds of use: as much again as the whole start-up. A stdio server lives for one agent session,
 * a few dozen calls, and the optimized parser saves nothing measurable per call (bench/README.md,
 * "Ninth round"), so such a process keeps the baseline code. It must run before the first request
 * compiles the parser; an HTTP server, long-lived, keeps V8's default.
 */
export async function keepWebAssemblyOnBaseline(): Promise<void> {
  const { setFlagsFromString } = await import('node:v8');
  setFlagsFromString('--liftoff-only');
}
