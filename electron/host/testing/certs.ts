/**
 * Throw-away PKI for tests on loopback: a CA, a server certificate for
 * 127.0.0.1/::1/localhost and a client certificate (CN=admin,
 * O=system:masters, as kubeadm's admin.conf has). EC keys keep generation
 * fast; made with the openssl CLI, a fresh set per call.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openssl, signWithCa } from '../rehearsal/pki.js';

export interface TestPki {
  dir: string;
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** The same material as files in `dir`. */
  files: { caCert: string; serverCert: string; serverKey: string; clientCert: string; clientKey: string };
  remove(): void;
}

async function leaf(dir: string, name: string, subject: string, ext: string): Promise<void> {
  fs.writeFileSync(path.join(dir, `${name}.ext`), ext);
  await openssl(dir, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`]);
  await openssl(dir, ['req', '-new', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`]);
  await signWithCa(dir, name, 2);
}

export async function createTestPki(): Promise<TestPki> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-pki-'));
  await openssl(dir, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key']);
  await openssl(dir, ['req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=winjoin-test-ca', '-days', '2', '-out', 'ca.crt']);
  await Promise.all([
    leaf(dir, 'server', '/CN=kube-apiserver', 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\nextendedKeyUsage=serverAuth\n'),
    leaf(dir, 'client', '/O=system:masters/CN=admin', 'extendedKeyUsage=clientAuth\n'),
  ]);
  const files = {
    caCert: path.join(dir, 'ca.crt'),
    serverCert: path.join(dir, 'server.crt'),
    serverKey: path.join(dir, 'server.key'),
    clientCert: path.join(dir, 'client.crt'),
    clientKey: path.join(dir, 'client.key'),
  };
  const read = (f: string) => fs.readFileSync(f, 'utf8');
  return {
    dir,
    caCert: read(files.caCert),
    serverCert: read(files.serverCert),
    serverKey: read(files.serverKey),
    clientCert: read(files.clientCert),
    clientKey: read(files.clientKey),
    files,
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** A self-signed client certificate that expired in 2020 (openssl ca is the CLI way to backdate). */
export async function createExpiredClientCert(dir: string): Promise<{ cert: string; key: string }> {
  const work = fs.mkdtempSync(path.join(dir, 'expired-'));
  await openssl(work, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'k.key']);
  await openssl(work, ['req', '-new', '-key', 'k.key', '-subj', '/CN=old-admin', '-out', 'r.csr']);
  fs.writeFileSync(path.join(work, 'index.txt'), '');
  fs.writeFileSync(path.join(work, 'serial'), '01\n');
  fs.writeFileSync(
    path.join(work, 'ca.cnf'),
    '[ca]\ndefault_ca=x\n[x]\ndatabase=index.txt\nnew_certs_dir=.\nserial=serial\ndefault_md=sha256\npolicy=p\n[p]\ncommonName=supplied\n',
  );
  await openssl(work, [
    'ca',
    '-batch',
    '-config',
    'ca.cnf',
    '-selfsign',
    '-keyfile',
    'k.key',
    '-in',
    'r.csr',
    '-startdate',
    '20200101000000Z',
    '-enddate',
    '20200102000000Z',
    '-out',
    'c.crt',
  ]);
  return { cert: fs.readFileSync(path.join(work, 'c.crt'), 'utf8'), key: fs.readFileSync(path.join(work, 'k.key'), 'utf8') };
}
