import { cpuTimeMs } from './process-usage.js';
import { percentile } from './stats.js';

// Throughput: `concurrency` callers, each calling again as soon as its last call answered, for a
// fixed time. Over stdio they share one client (JSON-RPC lets requests overlap on it).

export interface ThroughputSample {
  callsPerSecond: number;
  calls: number;
  /** CPU time the server process (`pid`) spent over the batch; undefined without a pid. */
  serverCpuMs?: number;
}

export async function measureThroughput(
  callers: readonly (() => Promise<unknown>)[],
  seconds: number,
  pid?: number,
): Promise<ThroughputSample> {
  const cpuBefore = pid === undefined ? 0 : cpuTimeMs(pid);
  const start = performance.now();
  const deadline = start + seconds * 1000;
  let calls = 0;
  await Promise.all(
    callers.map(async (callOnce) => {
      while (performance.now() < deadline) {
        await callOnce();
        calls++;
      }
    }),
  );
  const elapsedSeconds = (performance.now() - start) / 1000;
  return {
    callsPerSecond: calls / elapsedSeconds,
    calls,
    ...(pid !== undefined && { serverCpuMs: cpuTimeMs(pid) - cpuBefore }),
  };
}

/** Several rounds of one subject at one concurrency: the median rate and the CPU per call over all. */
export class ThroughputSeries {
  private readonly rates: number[] = [];
  private cpuMs = 0;
  private calls = 0;
  private measuredCpu = false;

  add(sample: ThroughputSample): void {
    this.rates.push(sample.callsPerSecond);
    this.calls += sample.calls;
    if (sample.serverCpuMs !== undefined) {
      this.cpuMs += sample.serverCpuMs;
      this.measuredCpu = true;
    }
  }

  get medianRate(): number {
    return percentile(this.rates, 50);
  }

  /** Server CPU milliseconds per call; NaN when no pid was given. */
  get cpuMsPerCall(): number {
    return this.measuredCpu && this.calls > 0 ? this.cpuMs / this.calls : Number.NaN;
  }
}
