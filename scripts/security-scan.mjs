#!/usr/bin/env node
// Electron security scan: runs Doyensec's Electronegativity over the shell and
// renderer sources (electron/, renderer/, shared/, tests excluded) and the
// built renderer HTML, and fails on any HIGH or MEDIUM finding that is not in
// scripts/security-scan.reviewed.json (each entry says why it is not real and
// which test keeps it so). Parse errors fail too: an unparsed file is unscanned.
// Works offline: the one check that downloads Electron's release notes
// (AvailableSecurityFixesGlobalCheck) is left out; the pinned Electron version
// is what `npm audit` and upgrades cover.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const FAILING = new Set(['HIGH', 'MEDIUM']);
const SOURCE = /\.(ts|tsx|js|mjs|cjs|jsx|html)$/;
const TEST = /\.test\.(ts|tsx|js|mjs)$/;

/** Copies the files worth scanning into a fresh directory: no tests, fakes, scripts for PowerShell or bundles. */
export function stageSources(from = root) {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-scan-'));
  const copy = (relative) => {
    fs.mkdirSync(path.dirname(path.join(stage, relative)), { recursive: true });
    fs.copyFileSync(path.join(from, relative), path.join(stage, relative));
  };
  const walk = (relative) => {
    for (const entry of fs.readdirSync(path.join(from, relative), { withFileTypes: true })) {
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) {
        if (!['testing', 'powershell', 'node_modules'].includes(entry.name)) walk(child);
      } else if (SOURCE.test(entry.name) && !TEST.test(entry.name)) copy(child);
    }
  };
  for (const dir of ['electron', 'renderer', 'shared']) if (fs.existsSync(path.join(from, dir))) walk(dir);
  // The built page is what Electron loads: its CSP meta tag and script tags count.
  const built = path.join('dist', 'renderer', 'index.html');
  if (fs.existsSync(path.join(from, built))) copy(built);
  return stage;
}

/** Splits findings into failing, reviewed and informational, and lists reviewed entries that matched nothing. */
export function classify(issues, reviewed) {
  const key = (check, file) => `${check}|${file.split(path.sep).join('/')}`;
  const reviewedKeys = new Map(reviewed.map((r) => [key(r.check, r.file), r]));
  const used = new Set();
  const result = { failing: [], reviewed: [], other: [], stale: [] };
  for (const issue of issues) {
    const k = key(issue.check, issue.file);
    if (!FAILING.has(issue.severity)) result.other.push(issue);
    else if (reviewedKeys.has(k)) {
      used.add(k);
      result.reviewed.push({ ...issue, reason: reviewedKeys.get(k).reason });
    } else result.failing.push(issue);
  }
  result.stale = reviewed.filter((r) => !used.has(key(r.check, r.file)));
  return result;
}

/**
 * Electronegativity asks a web server for translations of its messages
 * before every scan (locales/i18n.js, through `got`). The scan must stay on
 * this machine, and under Node 24 got's retry after the timeout even throws
 * an uncaught error from p-cancelable. Its copy of got is replaced by one
 * that fails at once, so it falls back to its bundled English messages.
 */
function keepScannerOffline() {
  const fromScanner = createRequire(require.resolve('@doyensec/electronegativity'));
  const got = fromScanner.resolve('got');
  const offline = () => Promise.reject(new Error('security-scan runs offline'));
  require.cache[got] = { id: got, filename: got, loaded: true, exports: offline };
}

/** Runs Electronegativity on a directory; returns plain findings and parse errors. */
export async function scan(input) {
  keepScannerOffline();
  const run = require('@doyensec/electronegativity');
  const electronVersion = JSON.parse(fs.readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  // It prints a line about fetching translations; keep our output for our summary.
  const log = console.log;
  console.log = () => {};
  let report;
  try {
    report = await run({
      input,
      isRelative: true,
      electronVersionOverride: electronVersion,
      excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    });
  } finally {
    console.log = log;
  }
  return {
    electronVersion,
    checks: report.globalChecks + report.atomicChecks,
    errors: report.errors.map((e) => ({ file: String(e.file ?? ''), message: String(e.message ?? ''), tolerable: Boolean(e.tolerable) })),
    issues: report.issues.map((i) => ({
      check: i.id,
      severity: i.severity.name,
      confidence: i.confidence.name,
      file: i.file,
      line: i.location?.line ?? 0,
      manualReview: Boolean(i.manualReview),
      description: i.description,
    })),
  };
}

async function main() {
  const reviewedFile = path.join(root, 'scripts', 'security-scan.reviewed.json');
  const { reviewed } = JSON.parse(fs.readFileSync(reviewedFile, 'utf8'));
  const missingGuards = reviewed.filter((r) => !fs.existsSync(path.join(root, r.guardedBy)));
  const stage = stageSources();
  let report;
  try {
    report = await scan(stage);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
  const result = classify(report.issues, reviewed);
  const line = (i) => `  ${i.severity.padEnd(13)} ${i.confidence.padEnd(9)} ${i.check.padEnd(40)} ${i.file}:${i.line}`;

  console.log(
    `security-scan: Electronegativity, ${report.checks} checks, Electron ${report.electronVersion}, ${report.issues.length} findings`,
  );
  if (result.failing.length)
    console.log(`\nFAILING (HIGH/MEDIUM, not reviewed):\n${result.failing.map((i) => `${line(i)}\n      ${i.description}`).join('\n')}`);
  if (result.reviewed.length)
    console.log(
      `\nreviewed (scripts/security-scan.reviewed.json):\n${result.reviewed.map((i) => `${line(i)}\n      ${i.reason}`).join('\n')}`,
    );
  if (result.other.length) console.log(`\nlow / informational (not failing):\n${result.other.map(line).join('\n')}`);
  if (result.stale.length)
    console.log(
      `\nreviewed entries that no longer match a finding (remove them):\n${result.stale.map((r) => `  ${r.check} ${r.file}`).join('\n')}`,
    );
  const unparsed = report.errors.filter((e) => !e.tolerable);
  const warnings = report.errors.filter((e) => e.tolerable);
  if (warnings.length) console.log(`\nparser warnings (scanned anyway):\n${warnings.map((e) => `  ${e.file}: ${e.message}`).join('\n')}`);
  if (unparsed.length) console.log(`\nfiles the scanner could not scan:\n${unparsed.map((e) => `  ${e.file}: ${e.message}`).join('\n')}`);
  if (missingGuards.length)
    console.log(
      `\nreviewed entries whose guarding test is missing:\n${missingGuards.map((r) => `  ${r.check}: ${r.guardedBy}`).join('\n')}`,
    );

  const failed = result.failing.length + unparsed.length + missingGuards.length;
  console.log(
    `\nsecurity-scan: ${failed ? 'FAIL' : 'ok'}: ${result.failing.length} failing, ${result.reviewed.length} reviewed, ${result.other.length} low/info, ${unparsed.length} unscanned files`,
  );
  process.exitCode = failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
