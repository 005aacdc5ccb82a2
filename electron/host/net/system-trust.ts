/**
 * The operating system's trusted root certificates, for corporate networks
 * whose TLS-intercepting proxy re-signs traffic with a CA that Windows trusts
 * (pushed by Group Policy) but Node's bundled roots do not. Node reads only
 * its own bundle unless told otherwise, so the Electron shell hands the
 * machine's store in once at startup; downloads and a cluster whose kubeconfig
 * names no CA of its own then trust it in addition to the bundled roots.
 */
let systemCas: readonly string[] = [];

export function setSystemCaCertificates(pems: readonly string[]): void {
  systemCas = pems.filter((pem) => pem.includes('-----BEGIN CERTIFICATE-----'));
}

export function systemCaCertificates(): readonly string[] {
  return systemCas;
}
