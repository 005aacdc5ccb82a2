// The Node.js the product runs on is the one Electron embeds, not the
// machine's. The npm registry's `node` package (a devDependency, pinned to
// that major) installs a real Node binary into node_modules, so `npm ci` is
// all a fresh machine needs. The test, bench and preview entry points call
// runOnShippedNode() first: under any other Node they start themselves again
// on the shipped one, so a developer's Node 20 can never decide a result.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Facts read from the installed packages, no network: the Electron version and the Node major it embeds. */
export function runtimeFacts(from = root) {
  const electron = readJson(path.join(from, 'node_modules', 'electron', 'package.json'));
  // Electron's package depends on the @types/node of the Node it embeds (^24.9.0 for Electron 45's Node 24).
  const typesRange = electron.dependencies?.['@types/node'] ?? '';
  const embeddedMajor = Number(/(\d+)/.exec(typesRange)?.[1]);
  const binary = path.join(from, 'node_modules', 'node', 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  return { electronVersion: electron.version, embeddedMajor, binary };
}

function sameFile(a, b) {
  try {
    return fs.realpathSync(a) === fs.realpathSync(b);
  } catch {
    return false;
  }
}

/**
 * Makes sure this script runs on the shipped Node. Returns the facts when it
 * does; otherwise runs the script again on it, with the same arguments, and
 * exits with its status. Children started through PATH (npx, npm run) find
 * the same binary first, through node_modules/.bin.
 */
export function runOnShippedNode(script) {
  const facts = runtimeFacts();
  if (!fs.existsSync(facts.binary)) {
    console.error(
      `No shipped Node.js at ${path.relative(root, facts.binary)}: run \`npm ci\` first (the \`node\` devDependency brings it).`,
    );
    process.exit(2);
  }
  process.env.PATH = [path.join(root, 'node_modules', '.bin'), process.env.PATH].join(path.delimiter);
  if (!sameFile(process.execPath, facts.binary)) {
    const child = spawnSync(facts.binary, [...process.execArgv, script, ...process.argv.slice(2)], { stdio: 'inherit' });
    process.exit(child.status ?? 1);
  }
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== facts.embeddedMajor) {
    console.error(
      `The shipped Node.js is ${process.version} but Electron ${facts.electronVersion} embeds Node ${facts.embeddedMajor}: ` +
        'pin the `node` devDependency in package.json to that major.',
    );
    process.exit(2);
  }
  return facts;
}
