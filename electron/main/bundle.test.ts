/**
 * The bundles as Electron would load them, built by scripts/build-node.mjs
 * into a temporary directory. The preload runs in a vm with only what a
 * sandboxed preload gets (require('electron') and nothing else); the main
 * bundle runs in Node with a stub `electron` module.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNode } from '../../scripts/build-node.mjs';
import { CALL_NAMES } from '../../shared/ipc/contract.js';
import type { RawBridge } from '../../shared/ipc/contract.js';

let out: string;
let metafiles: Awaited<ReturnType<typeof buildNode>>['metafiles'];
beforeAll(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-bundle-'));
  ({ metafiles } = await buildNode({ outDir: out, only: ['main', 'preload'] }));
});
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

function externalImports(name: string): string[] {
  const outputs = Object.values(metafiles[name]!.outputs);
  return [...new Set(outputs.flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path)))].sort();
}

describe('preload bundle', () => {
  it('is one CommonJS file whose only import is electron', () => {
    expect(externalImports('preload')).toEqual(['electron']);
    const code = fs.readFileSync(path.join(out, 'electron', 'preload.cjs'), 'utf8');
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
  });

  it('exposes window.winjoin with invoke and on, refusing non-contract channels', async () => {
    const exposed = new Map<string, unknown>();
    const invoked: string[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer: {
        invoke: async (channel: string) => (invoked.push(channel), { ok: true, result: null }),
        send() {},
        on() {},
        removeListener() {},
      },
    };
    const sandboxRequire = (id: string) => {
      if (id === 'electron') return electron;
      throw new Error(`module not found: ${id}`);
    };
    const module = { exports: {} };
    const code = fs.readFileSync(path.join(out, 'electron', 'preload.cjs'), 'utf8');
    vm.runInNewContext(code, { require: sandboxRequire, module, exports: module.exports, console });
    expect([...exposed.keys()]).toEqual(['winjoin']);
    const bridge = exposed.get('winjoin') as RawBridge;
    expect(await bridge.invoke(CALL_NAMES[0]!, {})).toEqual({ ok: true, result: null });
    expect(await bridge.invoke('fs:read', {})).toMatchObject({ ok: false });
    expect(invoked).toEqual([CALL_NAMES[0]]);
  });
});

describe('main bundle', () => {
  // A stub electron: records what main asked for and exits like app.exit would.
  const stub = `
    const Module = require('node:module');
    const { EventEmitter } = require('node:events');
    const calls = [];
    const app = Object.assign(new EventEmitter(), {
      isPackaged: false,
      getVersion: () => '0.0.0-test',
      enableSandbox: () => calls.push('enableSandbox'),
      requestSingleInstanceLock: () => (calls.push('requestSingleInstanceLock'), process.env.STUB_LOCK === '1'),
      quit: () => { calls.push('quit'); process.stderr.write('STUB ' + JSON.stringify(calls) + '\\n'); process.exit(0); },
      exit: (code) => { calls.push('exit:' + code); process.stderr.write('STUB ' + JSON.stringify(calls) + '\\n'); process.exit(code); },
      whenReady: () => new Promise(() => {}),
    });
    const electron = { app, BrowserWindow: class { constructor() { calls.push('BrowserWindow'); } }, ipcMain: new EventEmitter(),
      dialog: {}, Menu: {}, session: {}, shell: {},
      protocol: { registerSchemesAsPrivileged: (schemes) => calls.push('registerSchemesAsPrivileged:' + schemes.map((s) => s.scheme).join(',')) } };
    const resolve = Module._resolveFilename;
    Module._resolveFilename = function (request, ...rest) { return request === 'electron' ? 'electron' : resolve.call(this, request, ...rest); };
    require.cache.electron = { id: 'electron', filename: 'electron', loaded: true, exports: electron };
  `;

  function runMain(args: string[], env: Record<string, string> = {}) {
    const stubFile = path.join(out, 'electron-stub.cjs');
    fs.writeFileSync(stubFile, stub);
    const child = spawnSync(process.execPath, ['-r', stubFile, path.join(out, 'electron', 'main.cjs'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, ...env, WINJOIN_STATE_DIR: path.join(out, 'state') },
    });
    const recorded = /STUB (\[.*\])/.exec(child.stderr)?.[1];
    return { status: child.status, stdout: child.stdout, stderr: child.stderr, calls: recorded ? (JSON.parse(recorded) as string[]) : [] };
  }

  it('imports nothing at run time but electron and Node built-ins', () => {
    // The packaged app carries dist/ only, no node_modules: every dependency must be inside the bundle.
    // node:sqlite is built into Electron's Node (24) though not this Node (20); undici loads it lazily for its optional cache store.
    expect(externalImports('main').filter((p) => !isBuiltin(p) && p !== 'node:sqlite')).toEqual(['electron']);
  });

  it('--unattended without an answer file prints the usage and exits 2, opening no window', () => {
    const result = runMain(['--unattended']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('WinJoin.exe --unattended');
    expect(result.calls).toEqual(['enableSandbox', 'registerSchemesAsPrivileged:app', 'exit:2']);
  });

  it('--unattended with an unreadable answer file exits 2 naming the file', () => {
    const missing = path.join(out, 'missing.json');
    const result = runMain(['--unattended', '--answers', missing]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(missing);
    expect(result.calls).not.toContain('requestSingleInstanceLock');
  });

  it('a second wizard quits when another instance holds the lock', () => {
    const result = runMain([], { STUB_LOCK: '0' });
    expect(result.calls).toEqual(['enableSandbox', 'registerSchemesAsPrivileged:app', 'requestSingleInstanceLock', 'quit']);
    expect(result.status).toBe(0);
  });
});
