import { describe, expect, it } from 'vitest';
import { FlagError, parseVerifyFlags, parseWatchTuning } from '../../verify/flags.js';

describe('watch flags: --rate, --duration, --answer-within', () => {
  it('Given good values, then they reach the watch in its units (req/s, ms); absent ones stay unset for the defaults', () => {
    expect(parseWatchTuning({ rate: '50', duration: '90', 'answer-within': '2.5' })).toEqual({
      rate: 50,
      durationMs: 90_000,
      answerWithinMs: 2_500,
    });
    expect(parseWatchTuning({})).toEqual({});
  });

  it.each([
    ['rate', '0', /^flag --rate must be a number from 1 to 1000 requests per second \(got '0'\)$/],
    ['rate', '1001', /^flag --rate must be a number from 1 to 1000/],
    ['rate', 'fast', /^flag --rate must be a number/],
    [
      'duration',
      '3601',
      /^flag --duration must be a number from 1 to 3600 seconds \(the watch is always bounded\) \(got '3601'\)$/,
    ],
    ['duration', '-5', /^flag --duration must be a number from 1 to 3600/],
    ['answer-within', '0', /^flag --answer-within must be a number from 0.1 to 600 seconds/],
    ['answer-within', '', /^flag --answer-within must be a number/],
  ])('Given --%s %j, then it is refused with one line naming the flag and its range', (flag, value, message) => {
    const parse = () => parseWatchTuning({ [flag]: value });
    expect(parse).toThrow(FlagError);
    expect(parse).toThrow(message);
  });

  it('Given the watch flags beside the verifier flags, then every existing verify flag still parses as before', () => {
    const flags = {
      url: 'http://127.0.0.1:1/hostname',
      rate: '10',
      duration: '30',
      'max-error-rate': '0.01',
      timeout: '2',
    };
    expect(parseVerifyFlags(flags)).toMatchObject({ maxErrorRate: 0.01, timeoutMs: 2_000 });
    expect(parseWatchTuning(flags)).toEqual({ rate: 10, durationMs: 30_000 });
  });
});
