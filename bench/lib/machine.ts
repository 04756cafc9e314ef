import { cpus, totalmem } from 'node:os';

/** One line naming what the numbers were measured on. */
export function machineDescription(): string {
  const processors = cpus();
  const model = processors[0]?.model.trim() ?? 'unknown CPU';
  const memory = (totalmem() / 2 ** 30).toFixed(1);
  return (
    `${model}, ${processors.length} cores, ${memory} GiB RAM, Node ${process.version}, ` +
    `${process.platform}/${process.arch}, measured ${new Date().toISOString()}`
  );
}
