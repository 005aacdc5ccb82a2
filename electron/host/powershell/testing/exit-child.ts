/**
 * Test child: starts a process tree (sh and its sleep), then exits while the
 * tree still runs, as WinJoin would on quit. Args: <pid dir>.
 */
import { runProcessTree } from '../run-process-tree.js';

const pidDir = process.argv[2]!;
void runProcessTree({
  file: '/bin/sh',
  args: ['-c', 'echo $$ > "$1/child.pid"; sleep 300 & echo $! > "$1/grandchild.pid"; echo ready; wait', 'sh', pidDir],
  timeoutMs: 60_000,
  onLine: (_stream, line) => {
    if (line === 'ready') process.exit(0);
  },
});
