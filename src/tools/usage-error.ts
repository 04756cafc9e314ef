/** A request the tool itself cannot carry out (bad manifest, nothing to roll back...): said as is. */
export class UsageError extends Error {
  override name = 'UsageError';
}
