/**
 * WinJoin runs elevated on servers, so the Electron it ships must be one the
 * Electron team still patches: the three newest stable majors. This fails
 * once the pinned major falls out of that window, with no network: release
 * dates come from build/electron-releases.json (recorded from the npm
 * registry, see its "about"), and majors newer than the newest recorded one
 * are projected from Electron's 8-week cadence. It also checks that the tests
 * run on the Node major that Electron embeds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runtimeFacts } from '../scripts/shipped-node.mjs';

const root = path.resolve(import.meta.dirname, '..');
const DAY_MS = 24 * 60 * 60 * 1000;

interface ReleaseData {
  cadenceDays: number;
  supportedMajors: number;
  firstStable: Record<string, string>;
}

/** How many stable majors newer than `major` exist by `today`: recorded ones, plus those the cadence says came out since the newest recorded. */
export function newerMajors(major: number, data: ReleaseData, today: Date): number {
  const recorded = Object.entries(data.firstStable)
    .map(([m, date]) => ({ major: Number(m), date: new Date(`${date}T00:00:00Z`) }))
    .filter((r) => r.date <= today);
  const newest = recorded.reduce((a, b) => (b.major > a.major ? b : a));
  const projected = Math.max(0, Math.floor((today.getTime() - newest.date.getTime()) / (data.cadenceDays * DAY_MS)));
  return recorded.filter((r) => r.major > major).length + projected;
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as T;
}

const data = readJson<ReleaseData>('build/electron-releases.json');
const pkg = readJson<{ devDependencies: Record<string, string> }>('package.json');
const devDependency = (name: string): string => pkg.devDependencies[name] ?? '';

describe('the window of supported Electron majors', () => {
  it('counts recorded newer majors and projects the ones the cadence brought since', () => {
    const sample: ReleaseData = { cadenceDays: 56, supportedMajors: 3, firstStable: { '10': '2026-01-01', '11': '2026-02-26' } };
    expect(newerMajors(10, sample, new Date('2026-03-01T00:00:00Z'))).toBe(1);
    expect(newerMajors(11, sample, new Date('2026-03-01T00:00:00Z'))).toBe(0);
    // 56 and 112 days after 11.0.0: 12 and 13 are due, so 10 has three newer majors.
    expect(newerMajors(10, sample, new Date('2026-04-23T00:00:00Z'))).toBe(2);
    expect(newerMajors(10, sample, new Date('2026-06-18T00:00:00Z'))).toBe(3);
    // A date recorded for a future release does not count before it.
    expect(newerMajors(10, sample, new Date('2026-02-01T00:00:00Z'))).toBe(0);
  });

  it('the Electron 41 this project shipped before is out of support today', () => {
    expect(newerMajors(41, data, new Date())).toBeGreaterThanOrEqual(data.supportedMajors);
  });
});

describe('the pinned Electron', () => {
  const pinned = devDependency('electron');
  const major = Number(pinned.split('.')[0]);

  it('is pinned exactly and installed as pinned', () => {
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(runtimeFacts(root).electronVersion).toBe(pinned);
  });

  it('has its first stable release date recorded', () => {
    expect(data.firstStable[String(major)], `add electron@${major}.0.0's date to build/electron-releases.json`).toMatch(
      /^\d{4}-\d{2}-\d{2}$/,
    );
  });

  it('is among the three newest stable majors today', () => {
    const newer = newerMajors(major, data, new Date());
    expect(newer, `Electron ${major} has ${newer} newer majors: move to the current stable major`).toBeLessThan(data.supportedMajors);
  });
});

describe('the Node.js the tests run on', () => {
  const facts = runtimeFacts(root);

  it('is the major Electron embeds, from the pinned `node` package', () => {
    expect(Number(devDependency('node').split('.')[0])).toBe(facts.embeddedMajor);
    expect(Number(devDependency('@types/node').split('.')[0])).toBe(facts.embeddedMajor);
    expect(Number(process.versions.node.split('.')[0])).toBe(facts.embeddedMajor);
  });
});
