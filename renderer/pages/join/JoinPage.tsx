/**
 * The join as it runs: status line, step timeline with failure cards, live
 * log, cancel (confirmed), retry and resume. Everything shown comes from the
 * engine mirror.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { StepId } from '../../../shared/steps.js';
import { getClient } from '../../bridge.js';
import { ErrorText } from '../../components/ErrorText.js';
import { shownError } from '../../errors/error-code.js';
import { useDraftStore } from '../../state/answers-store.js';
import { toAnswers } from '../../state/draft.js';
import { useEngineStore } from '../../state/engine-store.js';
import { SupportActions } from '../../components/SupportActions.js';
import { LogView } from './LogView.js';
import { ProgressBars } from './ProgressBars.js';
import { RestartCard } from './RestartCard.js';
import { Timeline } from './Timeline.js';
import { timelineRows } from './timeline.js';
import { useNow } from '../../components/use-now.js';

const ENDED = new Set(['succeeded', 'failed', 'cancelled', 'restart-required']);

export function JoinPage() {
  const { t } = useTranslation();
  const state = useEngineStore((s) => s.state);
  const events = useEngineStore((s) => s.events);
  const rehearsal = useEngineStore((s) => s.info?.rehearsal.enabled ?? false);
  const setAdvanced = useDraftStore((s) => s.setAdvanced);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ReturnType<typeof shownError> | null>(null);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const status = useRef<HTMLParagraphElement>(null);
  const phase = state?.phase;
  // The running step's clock moves while it runs; nothing ticks once the join stops.
  const now = useNow(phase === 'running');

  // When the join ends, fails, is cancelled or waits for a restart, focus goes to the status line that says so.
  // Retry and Resume start it again and their buttons vanish with the state they belonged to: focus goes to
  // the status line then too ("running"), rather than falling to the page body.
  const lastPhase = useRef(phase);
  useEffect(() => {
    const restarted = phase === 'running' && lastPhase.current !== undefined && ENDED.has(lastPhase.current);
    if (phase && phase !== lastPhase.current && (ENDED.has(phase) || restarted)) status.current?.focus();
    lastPhase.current = phase;
  }, [phase]);

  async function act(work: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(shownError(e));
    } finally {
      setBusy(false);
    }
  }

  /** A one-click fix: pin the base image tag in the answers and start again (finished steps check and skip). */
  function useTag(tag: string) {
    setAdvanced({ baseImageTag: tag });
    const { answers } = toAnswers(useDraftStore.getState().draft);
    if (answers) void act(() => getClient().call('join:start', { answers }));
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

  const rows = timelineRows(state, now);
  return (
    <section className="page" aria-labelledby="join-title">
      <h1 id="join-title">{t('pages.join.title')}</h1>
      {/* The status line: announced when it changes, and where focus lands when the join stops. */}
      <p ref={status} tabIndex={-1} role="status" aria-live="polite" className={`phase phase-${state.phase}`}>
        {t(`pages.join.phase.${state.phase}`)}
      </p>
      {error && <ErrorText code={error.code} params={error.params} />}
      {state.phase === 'running' && !confirmCancel && (
        <p>
          <button type="button" disabled={busy} onClick={() => setConfirmCancel(true)}>
            {t('pages.join.cancel')}
          </button>
        </p>
      )}
      {state.phase === 'running' && confirmCancel && (
        <div className="card" role="alertdialog" aria-labelledby="cancel-q" aria-describedby="cancel-impact">
          <p id="cancel-q">
            <strong>{t('pages.join.cancelConfirm.question')}</strong>
          </p>
          <p id="cancel-impact">{t('pages.join.cancelConfirm.impact')}</p>
          <p className="actions">
            <button type="button" className="primary" autoFocus onClick={() => setConfirmCancel(false)}>
              {t('pages.join.cancelConfirm.keep')}
            </button>
            <button
              type="button"
              disabled={busy}
              onClick={() => {
                setConfirmCancel(false);
                void act(() => getClient().call('join:cancel', {}));
              }}
            >
              {t('pages.join.cancelConfirm.confirm')}
            </button>
          </p>
        </div>
      )}
      {state.phase === 'cancelled' && (
        <p className="actions">
          <button type="button" className="primary" disabled={busy} onClick={() => void act(() => getClient().call('join:resume', {}))}>
            {t('pages.join.resume')}
          </button>
        </p>
      )}
      {state.phase === 'restart-required' && <RestartCard state={state} simulated={state.rehearsal || rehearsal} />}
      <ProgressBars state={state} />
      <h2>{t('pages.join.timeline')}</h2>
      <Timeline
        rows={rows}
        state={state}
        events={events}
        busy={busy}
        onRetry={(stepId) => void act(() => getClient().call('join:retry', { stepId: stepId as StepId }))}
        onUseTag={useTag}
      />
      {state.phase === 'failed' && <SupportActions title={t('pages.join.helpTitle')} />}
      <LogView stepIds={rows.map((r) => r.id)} />
    </section>
  );
}
