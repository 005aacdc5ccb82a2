/**
 * The certificates, key and token a kubeconfig user and cluster point at,
 * read from *-data or from files named relative to the kubeconfig's own
 * folder (as kubectl resolves them). Problems become findings, not throws,
 * so the inspection can list every one at once.
 */
import type { Finding } from './findings.js';
import { readReferencedFile } from './referenced-file.js';
import { str, type Kubeconfig, type Named, type Obj } from './document.js';

export interface Material {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  token?: string;
}

type Source = { kind: 'clusters' | 'users'; item: Named<Obj>; inner: 'cluster' | 'user' };

function fromData(kc: Kubeconfig, src: Source, field: string, findings: Finding[]): Buffer | undefined {
  const data = str(src.item.value[`${field}-data`]);
  if (data === undefined) return undefined;
  const compact = data.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) {
    findings.push({
      code: 'KC_BAD_DATA',
      severity: 'error',
      params: { field: `${field}-data`, name: src.item.name },
      line: kc.lineOf(src.kind, src.item.index, src.inner, `${field}-data`),
    });
    return undefined;
  }
  return Buffer.from(compact, 'base64');
}

function fromFile(kc: Kubeconfig, src: Source, field: string, findings: Finding[]): Buffer | undefined {
  const named = str(src.item.value[field]);
  if (named === undefined) return undefined;
  const read = readReferencedFile(kc.dir, named);
  if ('data' in read) return read.data;
  const line = kc.lineOf(src.kind, src.item.index, src.inner, field);
  if ('refused' in read) {
    findings.push({
      code: 'KC_FILE_NOT_ALLOWED',
      severity: 'error',
      params: { field, file: read.file, name: src.item.name, reason: read.refused },
      line,
    });
  } else {
    findings.push({ code: 'KC_MISSING_FILE', severity: 'error', params: { field, file: read.file, name: src.item.name }, line });
  }
  return undefined;
}

/** *-data wins over the file, as in kubectl. */
function read(kc: Kubeconfig, src: Source, field: string, findings: Finding[]): Buffer | undefined {
  return (
    fromData(kc, src, field, findings) ?? (src.item.value[`${field}-data`] === undefined ? fromFile(kc, src, field, findings) : undefined)
  );
}

export function clusterMaterial(kc: Kubeconfig, cluster: Named<Obj>, findings: Finding[]): Pick<Material, 'ca'> {
  const ca = read(kc, { kind: 'clusters', item: cluster, inner: 'cluster' }, 'certificate-authority', findings);
  return ca ? { ca } : {};
}

export function userMaterial(kc: Kubeconfig, user: Named<Obj>, findings: Finding[]): Omit<Material, 'ca'> {
  const src: Source = { kind: 'users', item: user, inner: 'user' };
  const out: Omit<Material, 'ca'> = {};
  const cert = read(kc, src, 'client-certificate', findings);
  const key = read(kc, src, 'client-key', findings);
  if (cert) out.cert = cert;
  if (key) out.key = key;
  const token = str(user.value.token);
  if (token) out.token = token;
  else if (str(user.value.tokenFile)) {
    const tokenFile = fromFile(kc, src, 'tokenFile', findings);
    if (tokenFile) out.token = tokenFile.toString('utf8').trim();
  }
  return out;
}
