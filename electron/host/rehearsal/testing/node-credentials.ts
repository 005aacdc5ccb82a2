/**
 * Issue 19, point 4, as the rehearsal tests check it: which files on the
 * simulated machine hold the admin user's credentials (the kubeconfig the
 * rehearsal hands WinJoin), and the subject of a certificate on the machine.
 */
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { rehearsalLayout, toRehearsalPath } from '../paths.js';

/** The files under the simulated machine that hold the admin's inline credential, or a line from the middle of its PEM. */
export function filesHoldingAdminCredentials(stateDir: string): string[] {
  const layout = rehearsalLayout(stateDir);
  const admin = fs.readFileSync(layout.kubeconfig, 'utf8');
  const secrets = ['client-certificate-data', 'client-key-data', 'token'].flatMap((field) => {
    const value = new RegExp(`^\\s+${field}:\\s*(\\S+)`, 'm').exec(admin)?.[1];
    return value ? [value] : [];
  });
  if (secrets.length === 0) throw new Error(`the rehearsal's admin kubeconfig ${layout.kubeconfig} holds no inline credential`);
  // The inline data, and a line of each PEM from its middle (what a copy of the file or of its PEM would hold).
  const needles = secrets.flatMap((value) => {
    const body = Buffer.from(value, 'base64')
      .toString('utf8')
      .split('\n')
      .filter((l) => l.length >= 40 && !l.startsWith('-----'));
    const middle = body[Math.floor(body.length / 2)];
    return middle ? [value, middle] : [value];
  });
  return fs
    .readdirSync(layout.machineRoot, { withFileTypes: true, recursive: true })
    .flatMap((e) => (e.isFile() ? [path.join(e.parentPath, e.name)] : []))
    .filter((file) => {
      const text = fs.readFileSync(file, 'latin1');
      return needles.some((needle) => text.includes(needle));
    });
}

/** A file of the simulated machine by its Windows path. */
export function machineFile(stateDir: string, windowsPath: string): string {
  return toRehearsalPath(rehearsalLayout(stateDir).machineRoot, windowsPath);
}

/** The subject lines ("CN=...", "O=...") of the first certificate in PEM text, sorted. */
export function certificateSubject(pemText: string): string[] {
  const block = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pemText)?.[0];
  if (!block) throw new Error('no PEM certificate');
  return new X509Certificate(block).subject.split('\n').sort();
}
