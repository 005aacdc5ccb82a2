// Stand-in kube-proxy.exe (winkernel mode): fails the way 1.9 does when
// KUBE_NETWORK is unset or names no HNS network (T15, T16), else keeps running.
import { VERSION, klog, readJson, rehearsalFile, stayAlive } from './common.mjs';

function main() {
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
  stayAlive();
  klog('I', `server_others.go:140] Using winkernel Proxier.`);
  klog('I', `proxier.go:545] Hns Network loaded with info = {${network} L2Bridge}`);
}

main();
