// The metav1.Status an exec session ends with on channel 3. Over v5.channel.k8s.io kube-apiserver
// itself serves the WebSocket and relays the kubelet's answer (StreamTranslatorHandler), wrapping
// failures once more; over v4.channel.k8s.io the kubelet's streaming server answers directly.

export const V5_PROTOCOL = 'v5.channel.k8s.io';
export const V4_PROTOCOL = 'v4.channel.k8s.io';
export type ChannelProtocol = typeof V5_PROTOCOL | typeof V4_PROTOCOL;

/** metav1.Status as Go marshals it on the error channel: no kind, `code` only when set. */
export interface ChannelStatus {
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { causes: { reason?: string; message: string }[] };
  code?: number;
}

export const SUCCESS_STATUS: ChannelStatus = { metadata: {}, status: 'Success' };

/** apierrors.NewInternalError(cause). */
function internalError(cause: string): ChannelStatus {
  return {
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: ${cause}`,
    reason: 'InternalError',
    details: { causes: [{ message: cause }] },
    code: 500,
  };
}

function nonZeroExit(message: string, exitCode: number): ChannelStatus {
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: ${message}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

/**
 * The kubelet reports containerd's CodeExitError ("error executing command [argv], exit code N");
 * the v5 translator decodes that into client-go's "command terminated with exit code N" and re-wraps it.
 */
export function exitStatus(protocol: ChannelProtocol, argv: string[], exitCode: number): ChannelStatus {
  return protocol === V5_PROTOCOL
    ? nonZeroExit(`command terminated with exit code ${exitCode}`, exitCode)
    : nonZeroExit(`error executing command [${argv.join(' ')}], exit code ${exitCode}`, exitCode);
}

/** A kubelet refusal (its plain-text HTTP error) as the v5 translator's SPDY client reports it. */
export function kubeletRefusalStatus(refusal: string): ChannelStatus {
  return internalError(`unable to upgrade connection: ${refusal}`);
}
