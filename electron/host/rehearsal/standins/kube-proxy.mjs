// Stand-in kube-proxy.exe (winkernel mode): fails the way 1.9 does when
// KUBE_NETWORK is unset or names no HNS network (T15, T16), or when its
// --kubeconfig cannot be read or the API server refuses it; else lists the
// services with it (as the proxier's informers do) and keeps running.
import { VERSION, apiClient, klog, readJson, rehearsalFile, stayAlive } from './common.mjs';

function flag(name) {
  const prefix = `--${name}=`;
  return (
    process.argv
      .slice(2)
      .find((a) => a.startsWith(prefix))
      ?.slice(prefix.length)
      .replace(/^"|"$/g, '') ?? ''
  );
}

async function main() {
  if (process.argv.includes('--version')) {
    process.stdout.write(`Kubernetes v${VERSION}\n`);
    return;
  }
  const network = process.env.KUBE_NETWORK;
  if (!network) {
    klog('F', 'server_others.go:198] Environment variable KUBE_NETWORK not initialized');
    process.exit(1);
  }
  const machine = readJson(rehearsalFile('machine.json'), {});
  if (!(machine.hns?.networks ?? []).some((n) => n.Name.toLowerCase() === network.toLowerCase())) {
    klog('F', `proxier.go:540] Unable to find Hns Network speficied by ${network}. Please check environment variable KUBE_NETWORK`);
    process.exit(1);
  }
  const kubeconfig = flag('kubeconfig');
  let services;
  try {
    services = await apiClient(kubeconfig)('GET', '/api/v1/services');
  } catch (error) {
    klog('F', `server.go:400] invalid configuration: ${kubeconfig}: ${error.message}`);
    process.exit(1);
  }
  if (services.status !== 200) {
    klog(
      'E',
      `reflector.go:205] k8s.io/kubernetes/pkg/client/informers/informers_generated/internalversion/factory.go:85: Failed to list *core.Service: ${services.json?.message ?? services.status}`,
    );
    process.exit(1);
  }
  stayAlive();
  klog('I', `server_others.go:140] Using winkernel Proxier.`);
  klog('I', `proxier.go:545] Hns Network loaded with info = {${network} L2Bridge}`);
}

main();
