/**
 * The live log of the services a run starts: while a join runs, the kubelet
 * and kube-proxy services write to their logs under the state directory, not
 * to the step's output. For each step that names a followsLog, the relay
 * follows that file from the step's start until the run ends and journals
 * every new line as that step's 'service' output, so the wizard, the CLI and
 * the bundle see what the service said (a kubelet waiting for its pod CIDR,
 * say) without opening a file.
 */
import path from 'node:path';
import type { PlannedStep } from '../../shared/plan.js';
import type { StepId } from '../../shared/steps.js';
import { LogFollower } from './log-follower.js';

export class ServiceLogRelay {
  private readonly followers = new Map<string, LogFollower>();

  constructor(
    private readonly stateDir: string,
    /** Journals the lines as the step's 'service' output (Journal.appendLines, in one call per slice read). */
    private readonly emitLines: (stepId: StepId, lines: string[]) => void,
  ) {}

  /** Begins following the step's log (once per run, whatever the attempts). */
  stepStarted(step: PlannedStep): void {
    if (!step.followsLog || this.followers.has(step.followsLog)) return;
    const file = path.join(this.stateDir, step.followsLog);
    const follower = LogFollower.follow(file, (lines) => this.emitLines(step.id, lines), { from: 'end' });
    this.followers.set(step.followsLog, follower);
  }

  /** Journals what the services wrote up to now and stops following; called before the run's last event. */
  async stop(): Promise<void> {
    await Promise.all([...this.followers.values()].map((f) => f.stop()));
    this.followers.clear();
  }
}
