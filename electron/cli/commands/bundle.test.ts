import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTranslator, type CliIo } from '../io.js';
import { runBundleCommand } from './bundle.js';
import { writeFailedStateDir } from '../../host/bundle/testing/fixture.js';

function io(): CliIo & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = '';
  let e = '';
  stdout.on('data', (c) => (o += String(c)));
  stderr.on('data', (c) => (e += String(c)));
  return { stdout, stderr, t: createTranslator('en'), out: () => o, err: () => e };
}

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-bundle-cli-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('winjoin bundle', () => {
  it('writes the bundle and prints the ticket summary', async () => {
    const stateDir = path.join(dir, 'state');
    writeFailedStateDir(stateDir);
    const out = path.join(dir, 'ticket.zip');
    const cli = io();
    expect(await runBundleCommand(['--out', out], cli, { stateDir, appVersion: '0.1.0' })).toBe(0);
    expect(fs.existsSync(out)).toBe(true);
    expect(cli.out()).toContain(`Support bundle written: ${out}`);
    expect(cli.out()).toContain('First failure: step kubelet');
    expect(cli.out()).toContain('Support bundle: ticket.zip');
  });

  it('names the file after the machine when --out is omitted', async () => {
    const stateDir = path.join(dir, 'state');
    writeFailedStateDir(stateDir);
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(await runBundleCommand([], io(), { stateDir, now: new Date('2024-03-07T10:00:00Z') })).toBe(0);
    } finally {
      process.chdir(cwd);
    }
    expect(fs.existsSync(path.join(dir, 'winjoin-bundle-win-node1-20240307-100000.zip'))).toBe(true);
  });

  it('refuses bad arguments with exit code 2', async () => {
    const cli = io();
    expect(await runBundleCommand(['--bogus'], cli, { stateDir: dir })).toBe(2);
    expect(cli.err()).toContain('Usage: winjoin bundle');
    expect(await runBundleCommand(['--out', 'x.txt'], io(), { stateDir: dir })).toBe(2);
    expect(await runBundleCommand(['--max-bytes', 'lots'], io(), { stateDir: dir })).toBe(2);
  });

  it('exits 1 when the bundle cannot be written', async () => {
    const cli = io();
    expect(await runBundleCommand(['--out', path.join(dir, 'missing', 'dir', 'b.zip')], cli, { stateDir: dir })).toBe(1);
    expect(cli.err()).toContain('could not be written');
  });
});
