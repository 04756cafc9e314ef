// A custom resource for the demo: the widgets.example.com CRD and a few widgets.
import type { KubeObject } from '../types.js';
import { objectMeta } from './object-meta.js';
import { after, apiTime } from './timestamps.js';

const GROUP = 'example.com';

const WIDGET_NAMES = {
  kind: 'Widget',
  listKind: 'WidgetList',
  plural: 'widgets',
  singular: 'widget',
  shortNames: ['wg'],
};

const WIDGET_SCHEMA = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      description: 'The widget as its owner wants it.',
      properties: {
        size: { type: 'integer', minimum: 1, description: 'How many units the widget spans.' },
        color: { type: 'string', description: 'The colour it is painted.' },
      },
      required: ['size'],
    },
    status: {
      type: 'object',
      properties: {
        phase: { type: 'string', description: 'Pending until the widget is built, then Ready.' },
      },
    },
  },
};

export function widgetDefinition(created: Date): KubeObject {
  const established = apiTime(after(created, { seconds: 1 }));
  const condition = (type: string, reason: string, message: string) => ({
    type,
    status: 'True',
    lastTransitionTime: established,
    reason,
    message,
  });
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: objectMeta({ name: `${WIDGET_NAMES.plural}.${GROUP}`, created, generation: 1 }),
    spec: {
      conversion: { strategy: 'None' },
      group: GROUP,
      names: WIDGET_NAMES,
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: WIDGET_SCHEMA },
          subresources: { status: {} },
          additionalPrinterColumns: [
            { name: 'SIZE', type: 'integer', jsonPath: '.spec.size' },
            { name: 'COLOR', type: 'string', jsonPath: '.spec.color' },
            { name: 'PHASE', type: 'string', jsonPath: '.status.phase' },
            { name: 'AGE', type: 'date', jsonPath: '.metadata.creationTimestamp' },
          ],
        },
      ],
    },
    status: {
      acceptedNames: WIDGET_NAMES,
      conditions: [
        condition('NamesAccepted', 'NoConflicts', 'no conflicts found'),
        condition('Established', 'InitialNamesAccepted', 'the initial names have been accepted'),
      ],
      storedVersions: ['v1'],
    },
  };
}

export interface WidgetPlan {
  namespace: string;
  name: string;
  created: Date;
  size: number;
  color: string;
  phase: 'Pending' | 'Ready';
}

export function widget({ namespace, name, created, size, color, phase }: WidgetPlan): KubeObject {
  return {
    apiVersion: `${GROUP}/v1`,
    kind: WIDGET_NAMES.kind,
    metadata: objectMeta({ name, namespace, created, generation: 1 }),
    spec: { size, color },
    status: { phase },
  };
}
