import { describe, expect, it } from 'vitest';
import type { ApiResource } from '../../../src/k8s/kube-object.js';
import {
  findResource,
  nearestResourceNames,
  unknownResourceError,
} from '../../../src/k8s/resource-resolver.js';

function resource(
  group: string,
  version: string,
  kind: string,
  plural: string,
  shortNames: string[] = [],
): ApiResource {
  return {
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced: true,
    shortNames,
    categories: [],
    verbs: ['get', 'list'],
    subresources: [],
  };
}

// In discovery order: core first, then groups by server priority, preferred version first.
const RESOURCES = [
  resource('', 'v1', 'Pod', 'pods', ['po']),
  resource('', 'v1', 'Event', 'events', ['ev']),
  resource('apps', 'v1', 'Deployment', 'deployments', ['deploy']),
  resource('events.k8s.io', 'v1', 'Event', 'events', ['ev']),
  resource('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', ['hpa']),
  resource('autoscaling', 'v1', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', ['hpa']),
  resource('example.com', 'v1', 'Widget', 'widgets', ['wg']),
  resource('other.io', 'v1', 'Thing', 'things', ['po']),
];

const find = (typed: string, apiGroup?: string) => {
  const found = findResource(RESOURCES, typed, apiGroup);
  return found && `${found.group}/${found.version}/${found.plural}`;
};

describe('findResource', () => {
  it.each([
    ['pods', '/v1/pods'],
    ['Pod', '/v1/pods'],
    ['po', '/v1/pods'],
    ['deploy', 'apps/v1/deployments'],
    ['deployments.apps', 'apps/v1/deployments'],
    ['hpa', 'autoscaling/v2/horizontalpodautoscalers'],
    ['horizontalpodautoscalers.v1.autoscaling', 'autoscaling/v1/horizontalpodautoscalers'],
    ['widget', 'example.com/v1/widgets'],
    ['widgets.example.com', 'example.com/v1/widgets'],
  ])('reads %s as %s', (typed, expected) => {
    expect(find(typed)).toBe(expected);
  });

  it('prefers the core group for a name served by several groups', () => {
    expect(find('events')).toBe('/v1/events');
    expect(find('events.events.k8s.io')).toBe('events.k8s.io/v1/events');
  });

  it('lets apiGroup choose the group and the version', () => {
    expect(find('events', 'events.k8s.io')).toBe('events.k8s.io/v1/events');
    expect(find('hpa', 'autoscaling/v1')).toBe('autoscaling/v1/horizontalpodautoscalers');
    expect(find('events', 'core')).toBe('/v1/events');
    expect(find('events', '')).toBe('/v1/events');
    expect(find('po', 'other.io')).toBe('other.io/v1/things');
    expect(find('deployments', 'batch')).toBeUndefined();
  });

  it('prefers a plural, singular or kind over a short name another group uses', () => {
    const withClash = [resource('x.io', 'v1', 'Po', 'poes', []), ...RESOURCES];
    expect(findResource(withClash, 'po')?.plural).toBe('poes');
  });
});

describe('suggestions for unknown names', () => {
  it('suggests at most three names, nearest first, qualified when several groups serve them', () => {
    expect(nearestResourceNames(RESOURCES, 'deploymnets')).toEqual(['deployments']);
    expect(nearestResourceNames(RESOURCES, 'evnt')).toEqual(['events', 'events.events.k8s.io']);
    expect(nearestResourceNames(RESOURCES, 'pos').length).toBeLessThanOrEqual(3);
  });

  it('suggests nothing for a name far from every served one', () => {
    expect(nearestResourceNames(RESOURCES, 'certificatesigningrequests')).toEqual([]);
  });

  it('builds an unknown-resource error carrying its suggestions', () => {
    expect(unknownResourceError(RESOURCES, 'widgit')).toMatchObject({
      failure: 'unknown-resource',
      message: 'the server doesn\'t have a resource type "widgit"; did you mean widgets?',
      suggestions: ['widgets'],
    });
  });
});
