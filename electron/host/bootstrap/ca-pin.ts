/**
 * kubeadm's discovery CA pin: "sha256:" + hex SHA-256 of the CA certificate's
 * DER SubjectPublicKeyInfo, taken from the certificate's own bytes (Go's
 * RawSubjectPublicKeyInfo), so no re-encoding of the key can change it.
 */
import { createHash } from 'node:crypto';
import { CA_CERT_HASH_PATTERN } from '../../../shared/answers.js';

interface DerElement {
  tag: number;
  /** Offset of the first byte of the element (its tag). */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  /** Offset just past the element. */
  end: number;
}

function readElement(der: Buffer, offset: number): DerElement {
  if (offset + 2 > der.length) throw new Error('truncated DER');
  const tag = der[offset]!;
  let length = der[offset + 1]!;
  let contentStart = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || contentStart + count > der.length) throw new Error('unsupported DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[contentStart + i]!;
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > der.length) throw new Error('truncated DER');
  return { tag, start: offset, contentStart, end };
}

function children(der: Buffer, parent: DerElement): DerElement[] {
  const out: DerElement[] = [];
  for (let offset = parent.contentStart; offset < parent.end;) {
    const child = readElement(der, offset);
    out.push(child);
    offset = child.end;
  }
  return out;
}

const SEQUENCE = 0x30;
const EXPLICIT_VERSION = 0xa0;

/** The DER bytes of tbsCertificate.subjectPublicKeyInfo (RFC 5280 §4.1). */
export function subjectPublicKeyInfoDer(certificateDer: Buffer): Buffer {
  const certificate = readElement(certificateDer, 0);
  if (certificate.tag !== SEQUENCE || certificate.end !== certificateDer.length) throw new Error('not a DER certificate');
  const tbs = children(certificateDer, certificate)[0];
  if (!tbs || tbs.tag !== SEQUENCE) throw new Error('certificate without tbsCertificate');
  const fields = children(certificateDer, tbs);
  // version [0] (optional), serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo
  const spkiIndex = fields[0]?.tag === EXPLICIT_VERSION ? 6 : 5;
  const spki = fields[spkiIndex];
  if (!spki || spki.tag !== SEQUENCE) throw new Error('certificate without subjectPublicKeyInfo');
  return certificateDer.subarray(spki.start, spki.end);
}

/** The first PEM certificate of a text as DER; refuses text after it, as kubeadm does for certificate-authority-data. */
export function pemCertificateDer(pem: string): Buffer {
  const m = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/.exec(pem);
  if (!m) throw new Error('no PEM certificate');
  return Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64');
}

export function caCertHash(certificatePem: string): string {
  const spki = subjectPublicKeyInfoDer(pemCertificateDer(certificatePem));
  return `sha256:${createHash('sha256').update(spki).digest('hex')}`;
}

/** kubeadm lower-cases pins before comparing (pubkeypin.Set.Allow). */
export function normalizeCaCertHash(pin: string): string | null {
  return CA_CERT_HASH_PATTERN.test(pin) ? pin.toLowerCase() : null;
}
