/**
 * Starts the preview (renderer build + service + loopback server) on a free
 * port with a throw-away state directory, once for all specs, and hands the
 * URL to them through the environment.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPreview } from '../electron/preview/main.js';
import { previewDeps } from './preview-deps.js';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const root = path.resolve(import.meta.dirname, '..');
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-e2e-'));
  // The stand-in host fails its routes step while this file exists; run-join.spec deletes it to "fix" the machine.
  process.env.WINJOIN_E2E_FAIL_MARKER = path.join(stateDir, 'routes-fail-marker');
  fs.writeFileSync(process.env.WINJOIN_E2E_FAIL_MARKER, 'no adapter');
  // Present: the docker step needs no restart; restart.spec deletes it to arm one.
  process.env.WINJOIN_E2E_RESTART_MARKER = path.join(stateDir, 'docker-restart-marker');
  fs.writeFileSync(process.env.WINJOIN_E2E_RESTART_MARKER, 'no restart pending');
  // Absent: no step waits; layout.spec writes it to hold a join mid-run while it looks at the running Join page.
  process.env.WINJOIN_E2E_HOLD_MARKER = path.join(stateDir, 'hold-marker');
  const { deps, rehearsal } = previewDeps();
  const preview = await startPreview({ port: 0, stateDir, rehearsal }, { root, deps, log: console.log });
  process.env.WINJOIN_PREVIEW_URL = preview.server.url;
  return async () => {
    await preview.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  };
}
