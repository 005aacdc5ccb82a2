/**
 * The join as it runs: status line and overall progress on top, then the
 * step timeline (with failure cards) beside the live log on a wide window,
 * above it on a narrow one; each scrolls by itself, so the log stays in view
 * and a failure card never pushes it away. Cancel (confirmed), retry and
 * resume. Everything shown comes from the engine mirror.
 */
import { Button, ProgressBar } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { StepId } from '../../../shared/steps.js';
import { getClient } from '../../bridge.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
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
import { formatDuration, timelineRows } from './timeline.js';
import { joinSummary } from './join-summary.js';
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
  // A question asked while the join ran is void once it stops: a later Resume must not bring the dialog back.
  const [askedIn, setAskedIn] = useState(phase);
  if (askedIn !== phase) {
    setAskedIn(phase);
    setConfirmCancel(false);
  }
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
  const summary = joinSummary(state, now);
  const running = summary.running.map((id) => t(`steps.${id}.title`)).join(', ');
  return (
    <section className="page join-page" aria-labelledby="join-title">
      <header className="join-header">
        <h1 id="join-title">{t('pages.join.title')}</h1>
        {/* The status line: announced when it changes, and where focus lands when the join stops. */}
        <p ref={status} tabIndex={-1} role="status" aria-live="polite" className={`phase phase-${state.phase}`}>
          {t(`pages.join.phase.${state.phase}`)}
        </p>
        <div className="join-summary">
          <ProgressBar
            className="join-progress"
            aria-label={t('pages.join.summary.label')}
            value={summary.total ? summary.done / summary.total : 0}
            color={state.phase === 'failed' ? 'error' : state.phase === 'succeeded' ? 'success' : 'brand'}
          />
          <span>{t('pages.join.summary.steps', { done: summary.done, total: summary.total })}</span>
          <span className="duration">{t('pages.join.summary.elapsed', { time: formatDuration(summary.elapsedMs) })}</span>
          {running && <span className="join-running">{t('pages.join.summary.running', { steps: running })}</span>}
          <span className="spacer" />
          {state.phase === 'running' && (
            <Button disabled={busy} onClick={() => setConfirmCancel(true)}>
              {t('pages.join.cancel')}
            </Button>
          )}
          {state.phase === 'cancelled' && (
            <Button
              appearance="primary"
              className="primary"
              disabled={busy}
              onClick={() => void act(() => getClient().call('join:resume', {}))}
            >
              {t('pages.join.resume')}
            </Button>
          )}
        </div>
        {error && <ErrorText code={error.code} params={error.params} />}
      </header>
      {/* One click does not stop an install: the dialog says what stops, what may be left, and that resume is possible. */}
      <ConfirmDialog
        open={confirmCancel}
        question={t('pages.join.cancelConfirm.question')}
        impact={t('pages.join.cancelConfirm.impact')}
        keep={t('pages.join.cancelConfirm.keep')}
        confirm={t('pages.join.cancelConfirm.confirm')}
        busy={busy}
        onKeep={() => setConfirmCancel(false)}
        onConfirm={() => {
          setConfirmCancel(false);
          void act(() => getClient().call('join:cancel', {}));
        }}
      />
      <div className="join-columns">
        {/* Scrolls by itself beside the log: reachable from the keyboard, and named for screen readers. */}
        <div className="join-steps" role="region" aria-label={t('pages.join.timeline')} tabIndex={0}>
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
        </div>
        <LogView stepIds={rows.map((r) => r.id)} />
      </div>
    </section>
  );
}
