import {
  type GetPromptResult,
  type Prompt,
  ProtocolError,
  ProtocolErrorCode,
} from '@modelcontextprotocol/server';

// MCP prompts: investigations a user starts by name ("/diagnose-pod web-1 team-a"), each a message
// that tells the model which tools to call, in which order, and what to look for.

interface PromptDefinition extends Prompt {
  text(args: Record<string, string>): string;
}

const namespaceOf = (args: Record<string, string>) => args.namespace || "the context's default namespace";

const PROMPTS: PromptDefinition[] = [
  {
    name: 'diagnose-pod',
    title: 'Diagnose a pod',
    description: 'Find out why a pod is not running or not ready, and propose a fix.',
    arguments: [
      { name: 'name', description: 'The pod, e.g. "web-7d4b9c-x2x9k".', required: true },
      { name: 'namespace', description: 'Its namespace, e.g. "team-a".' },
    ],
    text: (args) =>
      `Diagnose the pod "${args.name}" in ${namespaceOf(args)}.\n` +
      '1. kubernetes_describe it (resourceType "pods"): read its status, container states, restarts and events.\n' +
      '2. kubernetes_logs it; if it restarted, also with previous: true, to see why the last run ended.\n' +
      '3. kubernetes_events with objectName set to the pod and type "Warning".\n' +
      '4. If it belongs to a workload, kubernetes_describe the owner (Deployment, StatefulSet, Job).\n' +
      'Then say in a few lines what is wrong, the evidence, and the change that would fix it. Change nothing ' +
      'yourself unless asked.',
  },
  {
    name: 'diagnose-namespace',
    title: 'Diagnose a namespace',
    description: 'Check every workload of a namespace and explain what is failing.',
    arguments: [{ name: 'namespace', description: 'The namespace, e.g. "team-a".', required: true }],
    text: (args) =>
      `Check the health of namespace "${args.namespace}".\n` +
      '1. kubernetes_list pods with summary: true for counts by status, then kubernetes_list pods to see them.\n' +
      '2. kubernetes_events with type "Warning" for what went wrong recently.\n' +
      '3. kubernetes_list deployments, statefulsets and jobs; kubernetes_rollout status on any not ready.\n' +
      '   Pods missing or refused: kubernetes_describe the namespace for its quotas and limit ranges.\n' +
      '4. For each failing pod, kubernetes_describe it and kubernetes_logs it.\n' +
      'Then list the problems, most serious first, each with its evidence and a proposed fix.',
  },
  {
    name: 'review-rbac',
    title: 'Review RBAC permissions',
    description: 'Review who may do what in a namespace, and flag risky grants.',
    arguments: [{ name: 'namespace', description: 'The namespace to review, e.g. "team-a".' }],
    text: (args) =>
      `Review the RBAC permissions in ${namespaceOf(args)}.\n` +
      '1. kubernetes_list rolebindings there and clusterrolebindings, output "slim", to see who is bound to what.\n' +
      '2. kubernetes_get each role and clusterrole they bind, to read the rules.\n' +
      '3. kubernetes_can_i for sensitive actions of the identity in use: get secrets, create pods/exec, ' +
      'delete namespaces, escalate or bind roles, "*" on "*".\n' +
      'Then flag risky grants (wildcards, secrets access, exec, cluster-admin bindings, default service ' +
      'accounts with rights) and propose least-privilege changes.',
  },
];

/** What prompts/list answers. */
export function listedPrompts(): Prompt[] {
  return PROMPTS.map(({ text: _text, ...prompt }) => prompt);
}

/** What prompts/get answers; a missing required argument or an unknown name is an error. */
export function promptMessages(name: string, args: Record<string, string> = {}): GetPromptResult {
  const prompt = PROMPTS.find((candidate) => candidate.name === name);
  if (!prompt) {
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `There is no prompt named ${name}; the prompts are: ${PROMPTS.map((p) => p.name).join(', ')}`,
    );
  }
  const missing = (prompt.arguments ?? []).filter((argument) => argument.required && !args[argument.name]);
  if (missing.length > 0) {
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `Prompt ${name} needs ${missing.map((argument) => `"${argument.name}"`).join(', ')}`,
    );
  }
  return {
    description: prompt.description,
    messages: [{ role: 'user', content: { type: 'text', text: prompt.text(args) } }],
  };
}
