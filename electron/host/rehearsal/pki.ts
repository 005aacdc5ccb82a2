/**
 * Certificates for the simulated API server: a CA, a server certificate
 * valid for the loopback listener and the simulated master address, and a
 * client certificate the server requires. Generated with the openssl CLI once
 * per rehearsal dir, then reused, so a kubeconfig copied onto the simulated
 * machine keeps working after a simulated restart.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A random positive certificate serial (127 bits) in openssl's hex form. */
export function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0]! &= 0x7f;
  return `0x${bytes.toString('hex')}`;
}

export interface Pki {
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

function files(dir: string): Record<keyof Pki, string> {
  return {
    caCert: path.join(dir, 'ca.crt'),
    serverCert: path.join(dir, 'apiserver.crt'),
    serverKey: path.join(dir, 'apiserver.key'),
    clientCert: path.join(dir, 'admin.crt'),
    clientKey: path.join(dir, 'admin.key'),
  };
}

/** Runs openssl in `dir`; the test PKI (electron/host/testing/certs.ts) uses it too. */
export async function openssl(dir: string, args: string[]): Promise<void> {
  await run('openssl', args, { cwd: dir });
}

/**
 * Signs `<name>.csr` in `dir` with the CA there (ca.crt, ca.key) and the
 * extensions in `<name>.ext`, writing `<name>.crt`. A random serial, not
 * -CAcreateserial: leaves signed side by side raced on ca.srl ("Unable to
 * load number").
 */
export async function signWithCa(dir: string, name: string, days: number): Promise<void> {
  await openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-set_serial',
    randomSerial(),
    '-days',
    String(days),
    '-sha256',
    '-extfile',
    `${name}.ext`,
    '-out',
    `${name}.crt`,
  ]);
}

async function issue(dir: string, name: string, subject: string, extensions: string): Promise<void> {
  fs.writeFileSync(path.join(dir, `${name}.ext`), extensions);
  await openssl(dir, ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject]);
  await signWithCa(dir, name, 3650);
  fs.rmSync(path.join(dir, `${name}.csr`));
}

/** Returns the PEM texts, generating them on first use. */
export async function ensurePki(dir: string, masterIp: string): Promise<Pki> {
  const paths = files(dir);
  if (!Object.values(paths).every((file) => fs.existsSync(file))) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    await openssl(dir, [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '3650',
      '-subj',
      '/CN=winjoin-rehearsal-ca',
    ]);
    await issue(
      dir,
      'apiserver',
      '/CN=kube-apiserver',
      `subjectAltName=DNS:kubernetes,DNS:kubernetes.default,DNS:localhost,IP:127.0.0.1,IP:${masterIp}\nextendedKeyUsage=serverAuth\n`,
    );
    // O=system:masters is what admin.conf carries on a kubeadm cluster.
    await issue(dir, 'admin', '/O=system:masters/CN=kubernetes-admin', 'extendedKeyUsage=clientAuth\n');
  }
  return Object.fromEntries(Object.entries(paths).map(([key, file]) => [key, fs.readFileSync(file, 'utf8')])) as unknown as Pki;
}
