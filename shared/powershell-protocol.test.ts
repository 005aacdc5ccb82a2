import { describe, expect, it } from 'vitest';
import { parseScriptLine } from './powershell-protocol.js';

describe('parseScriptLine', () => {
  it('passes ordinary lines through as text', () => {
    expect(parseScriptLine('pulling image')).toEqual({ kind: 'text', line: 'pulling image' });
    // The prefix must start the line and include its space.
    expect(parseScriptLine(' ##winjoin {}')).toMatchObject({ kind: 'text' });
    expect(parseScriptLine('##winjoin{}')).toMatchObject({ kind: 'text' });
  });

  it('parses the four event types as WinJoin.psm1 writes them', () => {
    expect(parseScriptLine('##winjoin {"message":"","type":"progress","percent":null}')).toEqual({
      kind: 'event',
      event: { type: 'progress', percent: null, message: '' },
    });
    expect(parseScriptLine('##winjoin {"id":"os","type":"check","status":"fail","detail":"2012"}')).toEqual({
      kind: 'event',
      event: { type: 'check', id: 'os', status: 'fail', detail: '2012' },
    });
    expect(
      parseScriptLine('##winjoin {"type":"result","changed":true,"restartRequired":false,"facts":{"podCidr":"10.244.1.0/24"}}'),
    ).toEqual({
      kind: 'event',
      event: { type: 'result', changed: true, restartRequired: false, facts: { podCidr: '10.244.1.0/24' } },
    });
    expect(
      parseScriptLine('##winjoin {"type":"error","message":"boom","errorId":"x","category":"NotSpecified","scriptStackTrace":null}'),
    ).toEqual({
      kind: 'event',
      event: { type: 'error', message: 'boom', errorId: 'x', category: 'NotSpecified', scriptStackTrace: '' },
    });
  });

  it('reads empty facts written as [] by Windows PowerShell 5.1 as {}', () => {
    expect(parseScriptLine('##winjoin {"type":"result","changed":false,"restartRequired":false,"facts":[]}')).toMatchObject({
      event: { facts: {} },
    });
  });

  it('marks broken JSON and unknown shapes as malformed, keeping the line', () => {
    expect(parseScriptLine('##winjoin {bad')).toMatchObject({
      kind: 'malformed',
      line: '##winjoin {bad',
      reason: expect.stringContaining('invalid JSON'),
    });
    expect(parseScriptLine('##winjoin {"type":"nope"}')).toMatchObject({
      kind: 'malformed',
      reason: expect.stringContaining('not a WinJoin event'),
    });
    expect(parseScriptLine('##winjoin {"type":"check","id":"x","status":"maybe"}')).toMatchObject({ kind: 'malformed' });
    expect(parseScriptLine('##winjoin null')).toMatchObject({ kind: 'malformed' });
  });
});
