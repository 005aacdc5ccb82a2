/** The end: what happened, where the logs are, what to do next, and the support bundle for a ticket. */
import { useTranslation } from 'react-i18next';
import { SupportActions } from '../../components/SupportActions.js';
import { useEngineStore } from '../../state/engine-store.js';
import { formatDuration } from '../join/timeline.js';
import { finishSummary } from './finish-summary.js';

export function FinishPage() {
  const { t } = useTranslation();
  const state = useEngineStore((s) => s.state);
  const info = useEngineStore((s) => s.info);
  const summary = finishSummary(state);
  return (
    <section className="page" aria-labelledby="finish-title">
      <h1 id="finish-title">{t('pages.finish.title')}</h1>
      {!summary && <p>{t('pages.join.noRun')}</p>}
      {summary && (
        <>
          <p className={`phase phase-${summary.phase}`}>{t(`pages.finish.outcome.${summary.phase}`)}</p>
          <p>
            {t('pages.finish.counts', {
              done: summary.done,
              failed: summary.failed,
              skipped: summary.skipped,
              duration: formatDuration(summary.totalMs),
            })}
          </p>
        </>
      )}
      {info && (
        <p>
          {t('pages.finish.stateDir')} <span className="mono">{info.stateDir}</span>
        </p>
      )}
      <p className="hint">{t('pages.finish.support')}</p>
      <SupportActions />
    </section>
  );
}
