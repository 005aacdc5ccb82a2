/**
 * The icon beside a wizard page or a join step. Decorative: the state is
 * always also said in words next to it, so it is hidden from screen readers
 * and never carried by colour alone (the shapes differ).
 */
import {
  ArrowSyncCircle20Filled,
  CheckmarkCircle20Filled,
  Circle20Regular,
  DismissCircle20Regular,
  ErrorCircle20Filled,
  LockClosed20Regular,
  Warning20Filled,
} from '@fluentui/react-icons';
import type { StepStatus } from '../../shared/steps.js';
import type { NavState } from '../app/nav-state.js';

export type IconKind = NavState | 'cancelled';

const ICONS = {
  done: CheckmarkCircle20Filled,
  running: ArrowSyncCircle20Filled,
  failed: ErrorCircle20Filled,
  warning: Warning20Filled,
  cancelled: DismissCircle20Regular,
  todo: Circle20Regular,
  locked: LockClosed20Regular,
} as const;

const STEP_ICONS: Record<StepStatus, IconKind> = {
  pending: 'todo',
  running: 'running',
  done: 'done',
  skipped: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
  'restart-pending': 'warning',
};

export function StatusIcon({ kind }: { kind: IconKind }) {
  const Icon = ICONS[kind];
  return (
    <span className={`status-icon icon-${kind}`} aria-hidden="true">
      <Icon />
    </span>
  );
}

export function stepIconKind(status: StepStatus): IconKind {
  return STEP_ICONS[status];
}

const CHECK_ICONS = { pass: 'done', warn: 'warning', fail: 'failed' } as const satisfies Record<string, IconKind>;

/** A check's outcome as a table shows it: the icon and the word (Passed, Warning, Failed), never the icon alone. */
export function CheckStatus({ status, label }: { status: keyof typeof CHECK_ICONS; label: string }) {
  return (
    <span className="status-label">
      <StatusIcon kind={CHECK_ICONS[status]} />
      {label}
    </span>
  );
}
