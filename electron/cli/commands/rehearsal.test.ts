import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createTranslator } from '../io.js';
import { startRehearsal } from '../../host/rehearsal/start-rehearsal.js';
import { runRehearsalCommand } from './rehearsal.js';

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { io: { stdout, stderr, t: createTranslator('en') }, out: () => out, err: () => err };
}

describe('winjoin rehearsal show', () => {
  it('says there is no rehearsal when the state dir has none', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-show-'));
    const cli = io();
    expect(await runRehearsalCommand(['show'], cli.io, { stateDir: dir })).toBe(2);
    expect(cli.err()).toContain('No rehearsal');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints the simulated machine, labelled as a simulation, and JSON with --json', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-show-'));
    const handle = await startRehearsal({ stateDir: dir, scenario: 'needs-restart', hostBuild: '1809' });
    await handle.close();
    const text = io();
    expect(await runRehearsalCommand(['show'], text.io, { stateDir: dir })).toBe(0);
    expect(text.out()).toMatch(/REHEARSAL \(simulated machine and cluster\), scenario "needs-restart", Windows build 17763/);
    expect(text.out()).toContain('kube-master Ready 192.168.0.0/24 linux');
    const json = io();
    expect(await runRehearsalCommand(['show', '--json'], json.io, { stateDir: dir })).toBe(0);
    expect(JSON.parse(json.out())).toMatchObject({ simulated: true, scenario: 'needs-restart', osBuild: 17763 });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
