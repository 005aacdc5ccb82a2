/**
 * Which files a kubeconfig may make WinJoin read. WinJoin runs elevated, so
 * a kubeconfig naming `\\host\share\ca.crt` would send the machine's NTLM
 * credentials to that host, one naming `\\.\pipe\x` or a device would talk
 * to whatever listens there, and `tokenFile: C:\Users\other\secret` would
 * send any one-line file as a bearer token. A referenced file is read only
 * when it is a plain local file inside the kubeconfig's own folder (where
 * kubectl's relative names resolve); anything else is a finding naming why.
 */
import fs from 'node:fs';
import path from 'node:path';

export type RefusedReason = 'remote' | 'device' | 'outside' | 'not-a-file' | 'too-large';

/** The largest referenced file read: certificates, keys and tokens are a few KB. */
export const MAX_REFERENCED_BYTES = 256 * 1024;

/** UNC (\\host\share, //host/share), device and pipe namespaces (\\.\, \\?\, //./), and Windows device names. */
export function classifyNamedPath(named: string): 'remote' | 'device' | null {
  const slashes = named.replace(/\//g, '\\');
  if (/^\\\\[.?]\\/.test(slashes)) return 'device';
  if (slashes.startsWith('\\\\')) return 'remote';
  // CON, NUL, COM1, ... name devices in any folder on Windows.
  const base = path.win32.basename(slashes).replace(/\..*$/, '');
  if (/^(con|prn|aux|nul|com\d|lpt\d|conin\$|conout\$)$/i.test(base)) return 'device';
  return null;
}

function inside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Reads a file a kubeconfig names, resolved against `dir`, when it is allowed;
 * otherwise says why not. Links are followed before the root check, so a link
 * inside the folder cannot lead out of it.
 */
export function readReferencedFile(
  dir: string,
  named: string,
  roots: string[] = [dir],
): { file: string; data: Buffer } | { file: string; refused: RefusedReason } | { file: string; missing: true } {
  const kind = classifyNamedPath(named);
  const file = kind ? named : path.resolve(dir, named);
  if (kind) return { file, refused: kind };
  let real: string;
  let stat: fs.Stats;
  try {
    real = fs.realpathSync(file);
    stat = fs.statSync(real);
  } catch {
    return { file, missing: true };
  }
  const realRoots = roots.map((root) => {
    try {
      return fs.realpathSync(root);
    } catch {
      return path.resolve(root);
    }
  });
  if (!realRoots.some((root) => inside(root, real))) return { file, refused: 'outside' };
  // FIFOs, sockets and character devices block or answer with something else than a file's bytes.
  if (!stat.isFile()) return { file, refused: 'not-a-file' };
  if (stat.size > MAX_REFERENCED_BYTES) return { file, refused: 'too-large' };
  try {
    return { file, data: fs.readFileSync(real) };
  } catch {
    return { file, missing: true };
  }
}
