import { describe, expect, it } from 'vitest';
import {
  checkFieldSelector,
  matchesFields,
  parseFieldSelector,
} from '../../../src/selectors/field-selector.js';
import {
  matchesLabels,
  parseLabelSelector,
  SelectorParseError,
} from '../../../src/selectors/label-selector.js';

const labels = { app: 'web', tier: 'frontend', version: '3' };

describe('label selectors', () => {
  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app!=api', true],
    ['missing!=x', true],
    ['app in (api, web)', true],
    ['app notin (api,web)', false],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['app=web,tier in (frontend),!missing', true],
    ['app=web,tier=backend', false],
    ['version>2', true],
    ['version<2', false],
    ['', true],
  ])('%s matches %s', (selector, expected) => {
    expect(matchesLabels(parseLabelSelector(selector), labels)).toBe(expected);
  });

  it.each(['app in (web', 'app in web', 'Bad Key=1', 'app=in valid value', 'version>abc', 'a,,b'])(
    'rejects %s with a parse error',
    (selector) => {
      expect(() => parseLabelSelector(selector)).toThrow(SelectorParseError);
    },
  );
});

describe('field selectors', () => {
  const pod = {
    metadata: { name: 'web-1', namespace: 'team-a' },
    spec: { nodeName: 'worker-1' },
    status: { phase: 'Running' },
  };

  it('matches equality and inequality on supported fields', () => {
    expect(matchesFields(parseFieldSelector('status.phase=Running,spec.nodeName!=worker-2'), pod)).toBe(true);
    expect(matchesFields(parseFieldSelector('metadata.name==web-2'), pod)).toBe(false);
  });

  it('unescapes commas and equals signs in values', () => {
    expect(parseFieldSelector('metadata.name=a\\,b')).toEqual([
      { field: 'metadata.name', operator: '=', value: 'a,b' },
    ]);
  });

  it('refuses fields the kind does not support, and kind-specific fields on custom resources', () => {
    expect(() => checkFieldSelector(parseFieldSelector('spec.foo=x'), 'Pod', false)).toThrow(
      'field label not supported: spec.foo',
    );
    expect(() => checkFieldSelector(parseFieldSelector('status.phase=x'), 'Pod', false)).not.toThrow();
    expect(() => checkFieldSelector(parseFieldSelector('status.phase=x'), 'Widget', true)).toThrow(
      SelectorParseError,
    );
  });
});
