/** A bar per running download: what, how much of how much, speed and time left. */
import { ProgressBar } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { JoinState } from '../../../shared/state.js';
import { useEngineStore } from '../../state/engine-store.js';
import { formatBytes } from '../../state/progress.js';
import { formatDuration } from './timeline.js';

export function ProgressBars({ state }: { state: JoinState }) {
  const { t } = useTranslation();
  const progress = useEngineStore((s) => s.progress);
  const running = state.steps.filter((s) => s.status === 'running' && progress[s.id]);
  if (running.length === 0) return null;
  return (
    <ul className="progress-list">
      {running.map((step) => {
        const p = progress[step.id]!;
        const message = p.message ?? t(`steps.${step.id}.title`);
        const total = p.totalBytes ?? null;
        const details = [
          total
            ? t('pages.join.progress.ofTotal', { done: formatBytes(p.bytes ?? 0), total: formatBytes(total) })
            : formatBytes(p.bytes ?? 0),
          p.bytesPerSecond ? t('pages.join.progress.rate', { rate: formatBytes(p.bytesPerSecond) }) : '',
          p.etaSeconds ? t('pages.join.progress.eta', { eta: formatDuration(p.etaSeconds * 1000) }) : '',
        ].filter(Boolean);
        return (
          <li key={step.id}>
            <span className="mono">{message}</span> {/* Without a total the bar is indeterminate rather than a made-up percentage. */}
            <ProgressBar
              className="download-progress"
              aria-label={t('pages.join.progress.label', { message })}
              {...(total ? { max: total, value: Math.min(p.bytes ?? 0, total) } : {})}
            />
            <span className="hint">{details.join(' · ')}</span>
          </li>
        );
      })}
    </ul>
  );
}
