/**
 * Machine facts for the summary and system.json: what the prerequisites and
 * diagnostics steps recorded about the Windows machine, and what Node sees
 * where the bundle is written (usually the same machine).
 */
import os from 'node:os';
import type { JoinState } from '../../../shared/state.js';

const MACHINE_KEYS = ['nodeName', 'computerName', 'hostname'];
const BUILD_KEYS = ['osBuild', 'windowsBuild', 'buildNumber', 'currentBuild', 'osVersion', 'build'];

function firstFact(state: JoinState | null, keys: string[]): string | null {
  if (!state) return null;
  // Diagnostics runs last and sees the final state; prefer it, then prerequisites, then any step.
  const ordered = [...state.steps].sort((a, b) => rank(a.id) - rank(b.id));
  for (const step of ordered) {
    for (const key of keys) {
      const value = step.facts[key];
      if (typeof value === 'string' || typeof value === 'number') return String(value);
    }
  }
  return null;
}

function rank(id: string): number {
  return id === 'diagnostics' ? 0 : id === 'prerequisites' ? 1 : 2;
}

export function machineFacts(state: JoinState | null) {
  return {
    machine: firstFact(state, MACHINE_KEYS) ?? os.hostname(),
    osBuild: firstFact(state, BUILD_KEYS) ?? `${os.type()} ${os.release()} (where the bundle was written)`,
  };
}

export function systemInformation(state: JoinState | null, generatedAt: string) {
  return {
    generatedAt,
    bundleWrittenOn: {
      hostname: os.hostname(),
      platform: process.platform,
      type: os.type(),
      release: os.release(),
      version: typeof os.version === 'function' ? os.version() : null,
      arch: os.arch(),
      cpus: os.cpus().length,
      totalMemoryBytes: os.totalmem(),
      freeMemoryBytes: os.freemem(),
      uptimeSeconds: Math.round(os.uptime()),
      node: process.version,
    },
    /** Facts each step reported (the prerequisites and diagnostics steps record the machine's). */
    stepFacts: Object.fromEntries((state?.steps ?? []).map((s) => [s.id, s.facts])),
  };
}
