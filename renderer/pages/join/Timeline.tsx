/** One row per step: status in words (not only colour), duration, the error and its known problem, and Retry. */
import { useTranslation } from 'react-i18next';
import type { TimelineRow } from './timeline.js';
import { formatDuration } from './timeline.js';

export function Timeline({ rows, onRetry, busy }: { rows: TimelineRow[]; onRetry(stepId: string): void; busy: boolean }) {
  const { t } = useTranslation();
  return (
    <ol className="timeline">
      {rows.map((row) => (
        <li key={row.id} className={`timeline-step status-${row.status}`}>
          <span className="status-label">{t(`pages.join.status.${row.status}`)}</span>
          <span className="step-title">{t(`steps.${row.id}.title`)}</span>
          <span className="duration">{formatDuration(row.durationMs)}</span>
          {row.errorCode && <p className="error-text">{t([`errors.${row.errorCode}`, 'errors.E_INTERNAL'])}</p>}
          {row.knownProblems.slice(0, 1).map((kp) => (
            <div key={kp} className="known-problem">
              <strong>
                {t('pages.join.knownProblem')}: {t([`knownProblems.${kp}.title`, 'pages.join.unknownProblem'], { code: kp })}
              </strong>
              {/* Cause and fix both: support reads the cause aloud, the administrator acts on the fix. */}
              <p>
                <span className="kp-label">{t('pages.join.cause')}:</span>{' '}
                {t([`knownProblems.${kp}.cause`, 'pages.join.unknownProblem'], { code: kp })}
              </p>
              <p>
                <span className="kp-label">{t('pages.join.fix')}:</span>{' '}
                {t([`knownProblems.${kp}.fix`, 'pages.join.unknownProblem'], { code: kp })}
              </p>
            </div>
          ))}
          {row.canRetry && (
            <button type="button" disabled={busy} onClick={() => onRetry(row.id)}>
              {t('pages.join.retry', { step: t(`steps.${row.id}.title`) })}
            </button>
          )}
        </li>
      ))}
    </ol>
  );
}
