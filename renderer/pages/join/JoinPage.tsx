/** The join as it runs: step timeline, live log, cancel and retry. Everything shown comes from the engine mirror. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { StepId } from '../../../shared/steps.js';
import { getClient } from '../../bridge.js';
import { ErrorText } from '../../components/ErrorText.js';
import { errorCode } from '../../errors/error-code.js';
import { useEngineStore } from '../../state/engine-store.js';
import { SupportActions } from '../../components/SupportActions.js';
import { LogView } from './LogView.js';
import { ProgressBars } from './ProgressBars.js';
import { RestartCard } from './RestartCard.js';
import { Timeline } from './Timeline.js';
import { timelineRows } from './timeline.js';

export function JoinPage() {
  const { t } = useTranslation();
  const state = useEngineStore((s) => s.state);
  const rehearsal = useEngineStore((s) => s.info?.rehearsal.enabled ?? false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function act(work: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(errorCode(e));
    } finally {
      setBusy(false);
    }
  }

  if (!state) {
    return (
      <section className="page" aria-labelledby="join-title">
        <h1 id="join-title">{t('pages.join.title')}</h1>
        <p>{t('pages.join.noRun')}</p>
        <Link to="/review">{t('pages.join.toReview')}</Link>
      </section>
    );
  }

  const rows = timelineRows(state);
  return (
    <section className="page" aria-labelledby="join-title">
      <h1 id="join-title">{t('pages.join.title')}</h1>
      <p aria-live="polite" className={`phase phase-${state.phase}`}>
        {t(`pages.join.phase.${state.phase}`)}
      </p>
      {error && <ErrorText code={error} />}
      {state.phase === 'running' && (
        <p>
          <button type="button" disabled={busy} onClick={() => void act(() => getClient().call('join:cancel', {}))}>
            {t('pages.join.cancel')}
          </button>
        </p>
      )}
      {state.phase === 'restart-required' && <RestartCard state={state} simulated={state.rehearsal || rehearsal} />}
      <ProgressBars state={state} />
      <h2>{t('pages.join.timeline')}</h2>
      <Timeline
        rows={rows}
        busy={busy}
        onRetry={(stepId) => void act(() => getClient().call('join:retry', { stepId: stepId as StepId }))}
      />
      {state.phase === 'failed' && <SupportActions title={t('pages.join.helpTitle')} />}
      <LogView stepIds={rows.map((r) => r.id)} />
    </section>
  );
}
