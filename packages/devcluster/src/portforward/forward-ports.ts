// The `ports` a channel port-forward names (PodPortForwardOptions), checked as the kubelet checks
// them (NewV4Options): at least one, each a decimal port from 1 to 65535, commas allowed.

/** Channel numbers are one byte and each port takes two channels. */
const MAX_PORTS = 127;

/** The ports of the query, or the kubelet's message for a query it refuses. */
export function parseForwardPorts(query: URLSearchParams): number[] | string {
  const values = query.getAll('ports');
  if (values.length === 0) return 'query parameter "port" is required';
  const ports: number[] = [];
  for (const value of values) {
    if (value === '') return 'query parameter "port" cannot be empty';
    for (const part of value.split(',')) {
      if (!/^\d{1,5}$/.test(part) || Number(part) > 65535) return `unable to parse "${value}" as a port`;
      if (Number(part) < 1) return `port "${value}" must be > 0`;
      ports.push(Number(part));
    }
  }
  if (ports.length > MAX_PORTS) return `at most ${MAX_PORTS} ports can be forwarded over one connection`;
  return ports;
}
