import { readFileSync } from 'node:fs';

// Reads another process's CPU time and resident memory from /proc (Linux), so a benchmark can
// charge the server its own work even though client, simulator and server share two cores.

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on every Linux this runs on). */
const TICKS_PER_SECOND = 100;

/**
 * User + system CPU time of a process so far, with that of its children it waited for (a server
 * that runs kubectl per call pays for kubectl too), in milliseconds (10 ms resolution).
 */
export function cpuTimeMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = [11, 12, 13, 14].reduce((sum, field) => sum + Number(fields[field]), 0);
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** Resident set size of a process, in MiB. */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  return kib / 1024;
}
