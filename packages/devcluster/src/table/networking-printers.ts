// Ingresses and IngressClasses, as printers.go prints them.
import type { KubeObject } from '../types.js';
import { ageColumn, column, nameAndAge, nameColumn, type TablePrinter } from './columns.js';
import { listWithMore } from './format.js';

interface Ingress extends KubeObject {
  spec?: { ingressClassName?: string; rules?: { host?: string }[]; tls?: unknown[] };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

/** The rules' hosts up to three, then `+ N more...` (N counted in rules, as kubectl does); `*` for none. */
function hostsText(rules: { host?: string }[] = []): string {
  const max = 3;
  const hosts: string[] = [];
  let more = false;
  for (const rule of rules) {
    if (hosts.length === max) more = true;
    if (!more && rule.host) hosts.push(rule.host);
  }
  if (hosts.length === 0) return '*';
  // N counts rules, hosts or not, and only once three hosts are listed: kubectl's own arithmetic.
  return more ? listWithMore(hosts, rules.length, max) : hosts.join(',');
}

function addressText(ingress: Ingress): string {
  return (ingress.status?.loadBalancer?.ingress ?? [])
    .map((point) => point.ip || point.hostname || '')
    .filter(Boolean)
    .join(',');
}

export const ingressPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column(
      'Class',
      'string',
      'The name of the IngressClass resource that should be used for additional configuration',
    ),
    column('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    column('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    column('Ports', 'string', 'Ports of TLS configurations that open'),
    ageColumn,
  ],
  cells(object, now) {
    const ingress = object as Ingress;
    const [name, age] = nameAndAge(ingress, now);
    const ports = (ingress.spec?.tls ?? []).length > 0 ? '80, 443' : '80';
    return [
      name,
      ingress.spec?.ingressClassName ?? '<none>',
      hostsText(ingress.spec?.rules),
      addressText(ingress),
      ports,
      age,
    ];
  },
};

interface IngressClass extends KubeObject {
  spec?: { controller?: string; parameters?: { apiGroup?: string; kind?: string; name?: string } };
}

export const ingressClassPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('Controller', 'string', 'Controller that is responsible for handling this class'),
    column('Parameters', 'string', 'A reference to a resource with additional parameters'),
    ageColumn,
  ],
  cells(object, now) {
    const ingressClass = object as IngressClass;
    const [name, age] = nameAndAge(ingressClass, now);
    const parameters = ingressClass.spec?.parameters;
    const group = parameters?.apiGroup ? `.${parameters.apiGroup}` : '';
    const parametersText = parameters
      ? `${parameters.kind ?? ''}${group}/${parameters.name ?? ''}`
      : '<none>';
    return [name, ingressClass.spec?.controller ?? '', parametersText, age];
  },
};
