import { describe, expect, it } from 'vitest';
import { FlagError, parseVerifyFlags } from '../../verify/flags.js';

const url = 'http://127.0.0.1:1/hostname';

describe('verify flags: --expect and --expect-count', () => {
  it.each([
    ['a,b', '2'],
    ['a,b', '3'],
  ])(
    'Given --expect %s with --expect-count %s, Then it is refused naming both, whether or not they agree',
    (expect_, count) => {
      const parse = () => parseVerifyFlags({ url, expect: expect_, 'expect-count': count });
      expect(parse).toThrow(FlagError);
      expect(parse).toThrow(/^flags --expect and --expect-count cannot be used together: .*; give one$/);
    },
  );

  it('Given either alone, Then it is taken', () => {
    expect(parseVerifyFlags({ url, expect: 'a,b' }).expected).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(parseVerifyFlags({ url, 'expect-count': '2' }).expectCount).toBe(2);
  });
});
