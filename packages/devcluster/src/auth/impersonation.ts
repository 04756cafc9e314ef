import type { IncomingHttpHeaders } from 'node:http';
import type { RequestAttributes, UserInfo } from '../types.js';
import { resourceRequestAttributes } from './request-attributes.js';
import { AUTHENTICATED_GROUP } from './request-authentication.js';

const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

function headerValues(headers: IncomingHttpHeaders, name: string): string[] {
  const value = headers[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : value.split(',')).map((item) => item.trim()).filter(Boolean);
}

export interface ImpersonationRequest {
  user: UserInfo;
  /** One authorization check per impersonated attribute, each needing the `impersonate` verb. */
  checks: RequestAttributes[];
}

function impersonateCheck(
  requester: UserInfo,
  resource: string,
  name: string,
  namespace = '',
  apiGroup = '',
): RequestAttributes {
  return resourceRequestAttributes(requester, { verb: 'impersonate', apiGroup, resource, namespace, name });
}

/**
 * Reads Impersonate-User / -Group / -Uid / -Extra-* as kube-apiserver's impersonation filter
 * does. Undefined when the request impersonates no one; throws when groups come without a user.
 */
export function impersonationRequest(
  headers: IncomingHttpHeaders,
  requester: UserInfo,
): ImpersonationRequest | undefined {
  const username = headers['impersonate-user'];
  const groups = headerValues(headers, 'impersonate-group');
  const uid = headers['impersonate-uid'];
  const extraHeaders = Object.keys(headers).filter((name) => name.startsWith('impersonate-extra-'));
  if (username === undefined) {
    if (groups.length || uid !== undefined || extraHeaders.length) {
      throw new Error(
        'requested [Impersonate-Group Impersonate-Uid Impersonate-Extra-*] without impersonating a user',
      );
    }
    return undefined;
  }
  const name = String(username);
  const checks: RequestAttributes[] = [];
  if (name.startsWith(SERVICE_ACCOUNT_PREFIX)) {
    const [namespace = '', account = ''] = name.slice(SERVICE_ACCOUNT_PREFIX.length).split(':');
    checks.push(impersonateCheck(requester, 'serviceaccounts', account, namespace));
  } else checks.push(impersonateCheck(requester, 'users', name));
  for (const group of groups) checks.push(impersonateCheck(requester, 'groups', group));
  if (uid !== undefined)
    checks.push(impersonateCheck(requester, 'uids', String(uid), '', 'authentication.k8s.io'));
  const extra: Record<string, string[]> = {};
  for (const header of extraHeaders) {
    const key = decodeURIComponent(header.slice('impersonate-extra-'.length));
    extra[key] = headerValues(headers, header);
    for (const value of extra[key]) {
      checks.push({
        ...impersonateCheck(requester, 'userextras', value, '', 'authentication.k8s.io'),
        subresource: key,
      });
    }
  }
  const impersonatedGroups = name === 'system:anonymous' ? groups : [...groups, AUTHENTICATED_GROUP];
  const user: UserInfo = { username: name, groups: [...new Set(impersonatedGroups)] };
  if (uid !== undefined) user.uid = String(uid);
  if (extraHeaders.length) user.extra = extra;
  return { user, checks };
}
