import { describe, expect, it } from 'vitest';
import { withQuery } from '../../../src/k8s/query-string.js';

describe('withQuery', () => {
  it('repeats array values, writes booleans and numbers, and leaves out undefined ones', () => {
    expect(
      withQuery('/exec', { command: ['sh', '-c', 'exit 3'], stdout: true, limit: 50, container: undefined }),
    ).toBe('/exec?command=sh&command=-c&command=exit+3&stdout=true&limit=50');
  });

  it('leaves a path without query as it is', () => {
    expect(withQuery('/api', {})).toBe('/api');
    expect(withQuery('/api')).toBe('/api');
  });

  it('encodes selectors', () => {
    expect(withQuery('/p', { labelSelector: 'app in (a,b),tier!=db' })).toBe(
      '/p?labelSelector=app+in+%28a%2Cb%29%2Ctier%21%3Ddb',
    );
  });
});
