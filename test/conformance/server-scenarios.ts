// Every server scenario the conformance suite runs for each protocol revision (`conformance server
// --requirements <revision>`), and what we expect of it. The suite also runs scenarios it does not
// score (pending, extensions); they are listed too, so that a new scenario in a new suite version
// fails the test until someone decides what it means for us.

/**
 * The single switch for protocol revision 2026-07-28. On (the server serves it beside 2025-11-25):
 * the scenarios marked `until-2026-07-28` must all pass. Off, they would be expected to fail.
 */
export const SERVES_2026_07_28 = true;

export const REVISIONS = ['2025-11-25', '2026-07-28'] as const;
export type Revision = (typeof REVISIONS)[number];

export type Expectation =
  | 'passes'
  /** Needs protocol revision 2026-07-28: expected to fail while SERVES_2026_07_28 is off. */
  | 'until-2026-07-28'
  | { notApplicable: string };

const TASKS_EXTENSION = {
  notApplicable: 'the tasks extension (not scored by the suite); the server does not offer tasks',
};

/** Scenarios scored for both revisions that pass today at 2025-11-25 and need 2026 wire support at 2026-07-28. */
const SHARED = [
  'completion-complete',
  'tools-list',
  'tools-call-simple-text',
  'tools-call-image',
  'tools-call-audio',
  'tools-call-embedded-resource',
  'tools-call-mixed-content',
  'tools-call-error',
  'tools-call-with-progress',
  'server-sse-multiple-streams',
  'resources-list',
  'resources-read-text',
  'resources-read-binary',
  'resources-templates-read',
  'prompts-list',
  'prompts-get-simple',
  'prompts-get-with-args',
  'prompts-get-embedded-resource',
  'prompts-get-with-image',
  'dns-rebinding-protection',
  // Not scored at either revision (pending), passes at 2025-11-25 all the same.
  'json-schema-2020-12',
];

const ONLY_2025_11_25 = [
  'server-initialize',
  'logging-set-level',
  'ping',
  'tools-call-with-logging',
  'tools-call-sampling',
  'tools-call-elicitation',
  'elicitation-sep1034-defaults',
  'elicitation-sep1330-enums',
  'resources-subscribe',
  'resources-unsubscribe',
  // Added after the revision's release (not scored for it), passes all the same.
  'server-session-lifecycle',
];

const ONLY_2026_07_28 = [
  'server-stateless',
  'sep-2164-resource-not-found',
  'caching',
  'input-required-result-basic-elicitation',
  'input-required-result-basic-sampling',
  'input-required-result-basic-list-roots',
  'input-required-result-request-state',
  'input-required-result-multiple-input-requests',
  'input-required-result-multi-round',
  'input-required-result-missing-input-response',
  'input-required-result-non-tool-request',
  'input-required-result-result-type',
  'input-required-result-unsupported-methods',
  'input-required-result-tampered-state',
  'input-required-result-capability-check',
  'input-required-result-ignore-extra-params',
  // Pending (not scored): the 2026-07-28 Mcp-Method and Mcp-Name headers.
  'http-header-validation',
];

export const SERVER_SCENARIOS: Record<Revision, Record<string, Expectation>> = {
  '2025-11-25': {
    ...Object.fromEntries([...ONLY_2025_11_25, ...SHARED].map((scenario) => [scenario, 'passes'])),
    'server-sse-polling': {
      notApplicable:
        'pending in the suite (not scored): it needs resumable SSE streams (an event store and ' +
        'Last-Event-ID replay), which the server does not offer',
    },
  },
  '2026-07-28': {
    ...Object.fromEntries([...SHARED, ...ONLY_2026_07_28].map((scenario) => [scenario, 'until-2026-07-28'])),
    // Refused as the scenario wants (invalid input is an error) before any 2026-07-28 feature is involved.
    'input-required-result-validate-input': 'passes',
    'http-custom-header-server-validation': {
      notApplicable:
        'pending in the suite (not scored): no tool declares an x-mcp-header parameter (the SDK checks ' +
        "Mcp-Param headers only for its McpServer's tools, not for the low-level Server this one uses)",
    },
    'tasks-lifecycle': TASKS_EXTENSION,
    'tasks-capability-negotiation': TASKS_EXTENSION,
    'tasks-wire-fields': TASKS_EXTENSION,
    'tasks-request-state-removal': TASKS_EXTENSION,
    'tasks-mrtr-input': TASKS_EXTENSION,
    'tasks-request-headers': TASKS_EXTENSION,
    'tasks-dispatch-and-envelope': TASKS_EXTENSION,
    'tasks-status-notifications': TASKS_EXTENSION,
    'tasks-required-task-error': TASKS_EXTENSION,
    'tasks-mrtr-composition': TASKS_EXTENSION,
  },
};

/** What a scenario must do today, the switch applied. */
export function effectiveExpectation(expectation: Expectation): Expectation {
  return expectation === 'until-2026-07-28' && SERVES_2026_07_28 ? 'passes' : expectation;
}
