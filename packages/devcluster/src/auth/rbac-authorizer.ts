// kube-apiserver's authorization chain for ordinary users: the system:masters privileged-group
// authorizer, then the RBAC authorizer (plugin/pkg/auth/authorizer/rbac and the rule resolver of
// pkg/registry/rbac/validation).

import { goQuote } from '../api/go-quote.js';
import type { AuthorizationDecision, KubeObject, RequestAttributes, UserInfo } from '../types.js';

/** rbac.authorization.k8s.io/v1 PolicyRule, keys in the order Go serializes them. */
export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** authorization.k8s.io/v1 ResourceRule, as SelfSubjectRulesReview reports it. */
export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

/** authorization.k8s.io/v1 NonResourceRule. */
export interface NonResourceRule {
  verbs: string[];
  nonResourceURLs?: string[];
}

export interface RulesForUser {
  resourceRules: ResourceRule[];
  nonResourceRules: NonResourceRule[];
  incomplete: boolean;
  evaluationError?: string;
}

/** Where the authorizer reads RBAC objects; called on every decision, so edits apply at once. */
export interface RbacSource {
  roles(namespace: string): KubeObject[];
  roleBindings(namespace: string): KubeObject[];
  clusterRoles(): KubeObject[];
  clusterRoleBindings(): KubeObject[];
}

export interface Authorizer {
  authorize(attrs: RequestAttributes): AuthorizationDecision;
}

export interface RuleResolver {
  rulesFor(user: UserInfo, namespace: string): RulesForUser;
}

export type RbacAuthorizer = Authorizer & RuleResolver;

interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

interface RoleRef {
  kind: string;
  name: string;
}

type VisitedRule = { grantedBy: string; rule: PolicyRule } | { error: string };

// kube-apiserver always lets this group through, before any authorizer mode runs.
const privilegedGroup = 'system:masters';
const serviceAccountUsernamePrefix = 'system:serviceaccount:';

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function policyRules(role: KubeObject): PolicyRule[] {
  const rules = Array.isArray(role.rules) ? (role.rules as Record<string, unknown>[]) : [];
  return rules.map((rule) => ({
    verbs: stringList(rule.verbs),
    apiGroups: stringList(rule.apiGroups),
    resources: stringList(rule.resources),
    resourceNames: stringList(rule.resourceNames),
    nonResourceURLs: stringList(rule.nonResourceURLs),
  }));
}

function subjectsOf(binding: KubeObject): Subject[] {
  return Array.isArray(binding.subjects) ? (binding.subjects as Subject[]) : [];
}

function roleRefOf(binding: KubeObject): RoleRef {
  const ref = (binding.roleRef ?? {}) as Partial<RoleRef>;
  return { kind: ref.kind ?? '', name: ref.name ?? '' };
}

function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((ruleVerb) => ruleVerb === '*' || ruleVerb === verb);
}

function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((ruleGroup) => ruleGroup === '*' || ruleGroup === group);
}

function resourceMatches(rule: PolicyRule, combinedResource: string, subresource: string): boolean {
  return (rule.resources ?? []).some(
    (ruleResource) =>
      ruleResource === '*' ||
      ruleResource === combinedResource ||
      (subresource !== '' && ruleResource === `*/${subresource}`),
  );
}

// A rule that names objects cannot match a request without a name (list, watch, create,
// deletecollection): the empty name is simply not in the list.
function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some(
    (ruleURL) =>
      ruleURL === '*' ||
      ruleURL === path ||
      (ruleURL.endsWith('*') && path.startsWith(ruleURL.replace(/\*+$/, ''))),
  );
}

/** Whether one PolicyRule grants the request, as rbac.RuleAllows. */
export function ruleAllows(attrs: RequestAttributes, rule: PolicyRule): boolean {
  if (!attrs.resourceRequest) {
    return verbMatches(rule, attrs.verb) && nonResourceURLMatches(rule, attrs.path);
  }
  const combinedResource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  return (
    verbMatches(rule, attrs.verb) &&
    apiGroupMatches(rule, attrs.apiGroup) &&
    resourceMatches(rule, combinedResource, attrs.subresource) &&
    resourceNameMatches(rule, attrs.name)
  );
}

// `namespace` is the binding's namespace ('' for a ClusterRoleBinding); it completes a
// ServiceAccount subject that leaves its own namespace out.
function subjectMatches(user: UserInfo, subject: Subject, namespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.username === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const serviceAccountNamespace = subject.namespace || namespace;
      if (!serviceAccountNamespace) return false;
      return user.username === `${serviceAccountUsernamePrefix}${serviceAccountNamespace}:${subject.name}`;
    }
    default:
      return false;
  }
}

function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount') {
    return `${subject.kind} ${goQuote(`${subject.name}/${subject.namespace || bindingNamespace}`)}`;
  }
  return `${subject.kind} ${goQuote(subject.name)}`;
}

// Joins errors as utilerrors.NewAggregate prints them: one alone, several deduplicated in brackets.
function aggregateErrors(errors: string[]): string {
  const unique = [...new Set(errors)];
  return unique.length === 1 ? (unique[0] ?? '') : `[${unique.join(', ')}]`;
}

export function createRbacAuthorizer(source: RbacSource): RbacAuthorizer {
  // Resolves a roleRef; a string is the lister's error, which becomes the reason of a denial.
  function referencedRules(ref: RoleRef, bindingNamespace: string): PolicyRule[] | string {
    switch (ref.kind) {
      case 'Role': {
        const role = source.roles(bindingNamespace).find((candidate) => candidate.metadata.name === ref.name);
        return role ? policyRules(role) : `role.rbac.authorization.k8s.io ${goQuote(ref.name)} not found`;
      }
      case 'ClusterRole': {
        const role = source.clusterRoles().find((candidate) => candidate.metadata.name === ref.name);
        return role
          ? policyRules(role)
          : `clusterrole.rbac.authorization.k8s.io ${goQuote(ref.name)} not found`;
      }
      default:
        return `unsupported role reference kind: ${goQuote(ref.kind)}`;
    }
  }

  // Cluster-wide bindings first, then the namespace's RoleBindings, as VisitRulesFor walks them.
  function* visitRulesFor(user: UserInfo, namespace: string): Generator<VisitedRule> {
    for (const binding of source.clusterRoleBindings()) {
      const subject = subjectsOf(binding).find((candidate) => subjectMatches(user, candidate, ''));
      if (!subject) continue;
      const ref = roleRefOf(binding);
      const rules = referencedRules(ref, '');
      if (typeof rules === 'string') {
        yield { error: rules };
        continue;
      }
      const grantedBy = `ClusterRoleBinding ${goQuote(binding.metadata.name ?? '')} of ${ref.kind} ${goQuote(ref.name)} to ${describeSubject(subject, '')}`;
      for (const rule of rules) yield { grantedBy, rule };
    }
    if (!namespace) return;
    for (const binding of source.roleBindings(namespace)) {
      const subject = subjectsOf(binding).find((candidate) => subjectMatches(user, candidate, namespace));
      if (!subject) continue;
      const ref = roleRefOf(binding);
      const rules = referencedRules(ref, namespace);
      if (typeof rules === 'string') {
        yield { error: rules };
        continue;
      }
      const bindingName = `${binding.metadata.name ?? ''}/${namespace}`;
      const grantedBy = `RoleBinding ${goQuote(bindingName)} of ${ref.kind} ${goQuote(ref.name)} to ${describeSubject(subject, namespace)}`;
      for (const rule of rules) yield { grantedBy, rule };
    }
  }

  function authorizeWithRbac(attrs: RequestAttributes): AuthorizationDecision {
    const errors: string[] = [];
    for (const visited of visitRulesFor(attrs.user, attrs.namespace)) {
      if ('error' in visited) {
        errors.push(visited.error);
      } else if (ruleAllows(attrs, visited.rule)) {
        return { allowed: true, reason: `RBAC: allowed by ${visited.grantedBy}` };
      }
    }
    return { allowed: false, reason: errors.length > 0 ? `RBAC: ${aggregateErrors(errors)}` : '' };
  }

  return {
    authorize(attrs) {
      if (attrs.user.groups.includes(privilegedGroup)) {
        return { allowed: true, reason: '' };
      }
      return authorizeWithRbac(attrs);
    },

    // Only RBAC resolves rules: the privileged-group authorizer adds none, so system:masters
    // sees what its cluster-admin binding grants.
    rulesFor(user, namespace) {
      const resourceRules: ResourceRule[] = [];
      const nonResourceRules: NonResourceRule[] = [];
      const errors: string[] = [];
      for (const visited of visitRulesFor(user, namespace)) {
        if ('error' in visited) {
          errors.push(visited.error);
          continue;
        }
        const { verbs, apiGroups, resources, resourceNames, nonResourceURLs } = visited.rule;
        if (resources && resources.length > 0) {
          resourceRules.push(withoutEmptyLists({ verbs, apiGroups, resources, resourceNames }));
        }
        if (nonResourceURLs && nonResourceURLs.length > 0) {
          nonResourceRules.push({ verbs, nonResourceURLs });
        }
      }
      const rules: RulesForUser = { resourceRules, nonResourceRules, incomplete: false };
      if (errors.length > 0) rules.evaluationError = aggregateErrors(errors);
      return rules;
    },
  };
}

// Go omits empty optional lists (omitempty) when it writes the rule out.
function withoutEmptyLists(rule: ResourceRule): ResourceRule {
  const compact: ResourceRule = { verbs: rule.verbs };
  if (rule.apiGroups && rule.apiGroups.length > 0) compact.apiGroups = rule.apiGroups;
  if (rule.resources && rule.resources.length > 0) compact.resources = rule.resources;
  if (rule.resourceNames && rule.resourceNames.length > 0) compact.resourceNames = rule.resourceNames;
  return compact;
}
