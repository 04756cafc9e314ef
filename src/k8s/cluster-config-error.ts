/**
 * A kubeconfig or in-cluster configuration this server cannot use, found at start-up. Its message
 * is meant to be printed as is (no stack): what is wrong, where, and what to do.
 */
export class ClusterConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterConfigError';
  }
}
