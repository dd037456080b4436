import { errors } from 'undici';
import { describe, expect, it } from 'vitest';
import { backendIdOf, classifyError } from '../../verify/classify.js';

describe('backend id of a body', () => {
  it.each([
    ['3f2a9b1c0d4e\n', undefined, '3f2a9b1c0d4e'],
    ['  spaced  ', undefined, 'spaced'],
    ['', undefined, undefined],
    ['<h1>host: web-7</h1>', /host: ([\w-]+)/, 'web-7'],
    ['no match here', /host: (\w+)/, undefined],
    ['id=abc', /id=\w+/, 'id=abc'],
  ])('Given body %j and regex %s, then the id is %j', (body, pattern, id) => {
    expect(backendIdOf(body, pattern)).toBe(id);
  });
});

describe('error kinds', () => {
  const coded = (code: string, message = code) => Object.assign(new Error(message), { code });

  it.each([
    [new errors.HeadersTimeoutError(), 'timeout'],
    [new errors.BodyTimeoutError(), 'timeout'],
    [new errors.ConnectTimeoutError(), 'timeout'],
    [coded('ECONNREFUSED'), 'refused'],
    [new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')], 'connect failed'), 'refused'],
    [coded('ECONNRESET'), 'reset'],
    [new errors.SocketError('other side closed'), 'reset'],
    [new TypeError('fetch failed', { cause: coded('ECONNREFUSED') }), 'refused'],
  ])('Given %s, then it is a %s', (error, kind) => {
    expect(classifyError(error).error).toBe(kind);
  });

  it('Given an unknown failure, then it is "other" with its code', () => {
    expect(classifyError(coded('ENOTFOUND'))).toEqual({ error: 'other', code: 'ENOTFOUND' });
    expect(classifyError(new RangeError('odd'))).toEqual({ error: 'other', code: 'RangeError' });
  });
});
