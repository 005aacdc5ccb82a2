/** One row per step: status in words (not only colour), duration, and for a failed step its failure card. */
import { useTranslation } from 'react-i18next';
import type { JournalEvent } from '../../../shared/events.js';
import { failureView } from '../../../shared/failure-view.js';
import type { Translate } from '../../../shared/i18n/messages.js';
import type { JoinState } from '../../../shared/state.js';
import { StatusIcon, stepIconKind } from '../../components/StatusIcon.js';
import { FailureCard } from './FailureCard.js';
import type { TimelineRow } from './timeline.js';
import { formatDuration } from './timeline.js';

export function Timeline({
  rows,
  state,
  events,
  onRetry,
  onUseTag,
  busy,
}: {
  rows: TimelineRow[];
  state: JoinState;
  events: readonly JournalEvent[];
  onRetry(stepId: string): void;
  onUseTag(tag: string): void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  return (
    <ol className="timeline">
      {rows.map((row) => {
        const step = row.status === 'failed' ? state.steps.find((s) => s.id === row.id) : undefined;
        return (
          <li key={row.id} className={`timeline-step status-${row.status}`}>
            <span className="status-label">
              <StatusIcon kind={stepIconKind(row.status)} />
              {t(`pages.join.status.${row.status}`)}
            </span>
            <span className="step-title">{t(`steps.${row.id}.title`)}</span>
            <span className="duration">{formatDuration(row.durationMs)}</span>
            {row.attempts > 1 && <span className="attempt">{t('pages.join.attemptN', { attempt: row.attempts })}</span>}
            {step && (
              <FailureCard
                view={failureView(t as unknown as Translate, state, step, events)}
                busy={busy}
                onRetry={row.canRetry ? () => onRetry(row.id) : null}
                onUseTag={row.canRetry ? onUseTag : null}
              />
            )}
          </li>
        );
      })}
    </ol>
  );
}
