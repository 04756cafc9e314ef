// Endpoints and EndpointSlices, as printers.go prints them: three addresses, then how many more.
import type { KubeObject } from '../types.js';
import { ageColumn, column, nameAndAge, nameColumn, type TablePrinter } from './columns.js';
import { listWithMore } from './format.js';

const SHOWN = 3;

interface Endpoints extends KubeObject {
  subsets?: { addresses?: { ip: string }[]; ports?: { port: number }[] }[];
}

/** Ready `ip:port` pairs (a headless subset without ports: the IPs); `<none>` without subsets. */
function endpointsText(endpoints: Endpoints): string {
  const subsets = endpoints.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const pairs = subsets.flatMap((subset) => {
    const addresses = subset.addresses ?? [];
    if (!subset.ports || subset.ports.length === 0) return addresses.map((address) => address.ip);
    return subset.ports.flatMap((port) => addresses.map((address) => `${address.ip}:${port.port}`));
  });
  return listWithMore(pairs, pairs.length, SHOWN);
}

export const endpointsPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('Endpoints', 'string', 'Endpoints is the list of endpoints for this service'),
    ageColumn,
  ],
  cells(object, now) {
    const [name, age] = nameAndAge(object, now);
    return [name, endpointsText(object as Endpoints), age];
  },
};

interface EndpointSlice extends KubeObject {
  addressType?: string;
  ports?: { name?: string; port?: number }[];
  endpoints?: { addresses?: string[] }[];
}

function orUnset(text: string): string {
  return text === '' ? '<unset>' : text;
}

export const endpointSlicePrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('AddressType', 'string', 'The IP protocol for this slice'),
    column('Ports', 'string', 'The ports provided by this slice'),
    column('Endpoints', 'string', 'The addresses of the endpoints in this slice'),
    ageColumn,
  ],
  cells(object, now) {
    const slice = object as EndpointSlice;
    const [name, age] = nameAndAge(slice, now);
    const ports = (slice.ports ?? []).map((port) =>
      port.port !== undefined ? String(port.port) : (port.name ?? '*'),
    );
    const addresses = (slice.endpoints ?? []).flatMap((endpoint) => endpoint.addresses ?? []);
    return [
      name,
      slice.addressType ?? '',
      orUnset(listWithMore(ports, ports.length, SHOWN)),
      orUnset(listWithMore(addresses, addresses.length, SHOWN)),
      age,
    ];
  },
};
