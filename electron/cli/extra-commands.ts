/**
 * The CLI commands owned by host modules (support bundle, rehearsal, and the
 * download and kubeconfig tools, the containerd-kubeadm cluster gate), in one map so the `winjoin` executable and
 * the Electron shell's unattended mode offer the same commands.
 */
import type { CliEnvironment } from './run-cli.js';
import { runBundleCommand } from './commands/bundle.js';
import { runClusterCommand } from './commands/cluster.js';
import { runDownloadCommand } from './commands/download.js';
import { runKubeconfigCommand } from './commands/kubeconfig.js';
import { runRehearsalCommand } from './commands/rehearsal.js';

export function extraCommands(appVersion: string): NonNullable<CliEnvironment['extraCommands']> {
  return {
    bundle: (args, io, context) => runBundleCommand(args, io, { ...context, appVersion }),
    rehearsal: (args, io, context) => runRehearsalCommand(args, io, context),
    download: (args, io) => runDownloadCommand(args, io),
    kubeconfig: (args, io) => runKubeconfigCommand(args, io),
    cluster: (args, io, context) => runClusterCommand(args, io, context.openService ? { open: context.openService } : {}),
  };
}
