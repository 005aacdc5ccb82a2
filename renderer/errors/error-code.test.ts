import { describe, expect, it } from 'vitest';
import { RemoteError } from '../../shared/ipc/client.js';
import { errorCode, remoteFieldErrors } from './error-code.js';

describe('errorCode', () => {
  it('keeps known codes and turns everything else into E_INTERNAL', () => {
    expect(errorCode(new RemoteError('E_NO_JOIN', 'x'))).toBe('E_NO_JOIN');
    expect(errorCode(new RemoteError('E_MADE_UP', 'x'))).toBe('E_INTERNAL');
    expect(errorCode(new TypeError('undefined is not a function'))).toBe('E_INTERNAL');
  });
  it('reads the field errors an invalid-answers reply carries', () => {
    const fields = [{ field: 'network.masterIp', key: 'validation.ipv4.invalid', params: {} }];
    expect(remoteFieldErrors(new RemoteError('E_INVALID_ANSWERS', 'x', { fields: JSON.stringify(fields) }))).toEqual(fields);
    expect(remoteFieldErrors(new RemoteError('E_INVALID_ANSWERS', 'x', { fields: '{' }))).toEqual([]);
  });
});
