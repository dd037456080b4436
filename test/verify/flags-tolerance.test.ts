import { describe, expect, it } from 'vitest';
import { FlagError, parseVerifyFlags } from '../../verify/flags.js';

const url = 'http://127.0.0.1:1/hostname';

describe('verify flags: --tolerance', () => {
  it('Given --tolerance 0.2, then the evenness band is ±20 % of the fair share; without it, the default applies later', () => {
    expect(parseVerifyFlags({ url, tolerance: '0.2' }).tolerance).toBe(0.2);
    expect(parseVerifyFlags({ url }).tolerance).toBeUndefined();
  });

  it.each(['0', '1.5', 'wide', ''])(
    'Given --tolerance %j, then it is refused naming the flag and its range',
    (value) => {
      const parse = () => parseVerifyFlags({ url, tolerance: value });
      expect(parse).toThrow(FlagError);
      expect(parse).toThrow(
        /^flag --tolerance must be a number from 0\.01 to 1 \(a fraction of the fair share: 0\.35 means ±35%\)/,
      );
    },
  );
});
