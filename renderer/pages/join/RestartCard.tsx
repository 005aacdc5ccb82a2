/**
 * When a step needs Windows restarted: a card in the timeline says which step
 * asked, why, and what a restart does to this server; a dialog asks when (now,
 * at a scheduled time in a maintenance window, or later: the administrator may
 * be on a call, or the server busy). The card then says what happens next,
 * offers cancelling a scheduled restart, and offers Resume when there is
 * something to resume.
 *
 * Why a dialog, and a modal one that can be closed: Windows asks "restart now
 * or later" in a dialog of its own (Windows Update, Server Manager, System
 * properties), and an administrator expects the question there, in front,
 * with nothing else to press by mistake. The join is stopped meanwhile, so the
 * log behind it no longer moves; the dialog opens by itself once when the join
 * stops for the restart, and its Close (or Escape) hides it without answering, so
 * the log and the failure details can be read first. The card keeps the
 * question one click away ([Choose when to restart]), and everything the
 * answer led to stays in the card, beside the log, not in a dialog that hides it.
 */
import { Button, Dialog, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger } from '@fluentui/react-components';
import { Dismiss24Regular, Warning24Filled } from '@fluentui/react-icons';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JoinState } from '../../../shared/state.js';
import { getClient } from '../../bridge.js';
import { ErrorText } from '../../components/ErrorText.js';
import { TitledCard } from '../../components/TitledCard.js';
import { errorCode, shownError } from '../../errors/error-code.js';
import type { SecretField } from '../../../shared/secret-refs.js';
import { RetypeSecrets } from '../../components/RetypeSecrets.js';
import { typedSecrets } from '../../components/typed-secrets.js';
import { useFocusResult } from '../../components/use-focus-result.js';
import {
  asksWhen,
  canCancel,
  canResume,
  restartMessage,
  scheduledWhen,
  stepsAskingRestart,
  type RestartAnswer,
  type RestartOutcome,
} from './restart-card.js';
import { ScheduleRestartForm } from './ScheduleRestartForm.js';

export function RestartCard({ state, simulated }: { state: JoinState; simulated: boolean }) {
  const { t, i18n } = useTranslation();
  const [outcome, setOutcome] = useState<RestartOutcome>({ kind: 'unanswered' });
  const [scheduling, setScheduling] = useState(false);
  // The question's dialog: opened by itself once the page knows no answer was given before (below).
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [resumeError, setResumeError] = useState<ReturnType<typeof shownError> | null>(null);
  const { controlsRef, resultRef, finished } = useFocusResult<HTMLDivElement, HTMLDivElement>();
  const steps = stepsAskingRestart(state).map((id) => t(`steps.${id}.title`));
  const stepList = steps.length > 0 ? steps.join(', ') : t('pages.join.restart.aStep');
  const message = restartMessage(outcome, (iso) => scheduledWhen(iso, i18n.language));
  const restartAt = outcome.kind === 'answered' ? outcome.response.restartAt : null;

  // A restart scheduled before WinJoin (or this page) reopened: show it again.
  useEffect(() => {
    let live = true;
    void getClient()
      .call('system:restartStatus', {})
      .then((status) => {
        if (!live) return;
        if (!status.restartAt && !status.simulatedRestarted) return setAsking(true);
        const response: RestartAnswer = {
          scheduled: !status.simulated,
          restarting: status.simulatedRestarted,
          simulated: status.simulated,
          restartAt: status.restartAt,
        };
        setOutcome({ kind: 'answered', response });
      })
      .catch(() => live && setAsking(true));
    return () => {
      live = false;
    };
  }, []);

  // A rehearsal's simulated machine restarts at the scheduled time: ask main again then, and offer Resume.
  useEffect(() => {
    if (!simulated || !restartAt) return;
    const timer = setTimeout(
      () =>
        void getClient()
          .call('system:restartStatus', {})
          .then((status) => {
            if (status.simulatedRestarted) {
              setOutcome({ kind: 'answered', response: { scheduled: false, restarting: true, simulated: true, restartAt: null } });
            }
          }),
      Math.max(0, new Date(restartAt).getTime() - Date.now()) + 1000,
    );
    return () => clearTimeout(timer);
  }, [simulated, restartAt]);

  async function ask(call: () => Promise<RestartAnswer>, cancelled = false) {
    setBusy(true);
    try {
      setOutcome({ kind: 'answered', response: await call(), cancelled });
      setScheduling(false);
      // Answered: the card says what happens next.
      setAsking(false);
    } catch (e) {
      const shown = shownError(e);
      const failed: RestartOutcome = { kind: 'failed', code: errorCode(e), ...(shown.params ? { params: shown.params } : {}) };
      setOutcome(failed);
      // A time main refused is corrected in the dialog; anything else the card explains.
      setAsking(asksWhen(failed));
    } finally {
      setBusy(false);
      finished();
    }
  }
  const answer = (when: 'now' | 'later') => ask(() => getClient().call('system:restart', { when }));
  const schedule = (at: Date) => ask(() => getClient().call('system:restart', { when: 'scheduled', at: at.toISOString() }));
  const cancel = () => ask(() => getClient().call('system:cancelRestart', {}), true);

  // Set once a resume failed for want of a secret typed in the wizard (WinJoin restarted): the card asks for it.
  const [retype, setRetype] = useState(false);
  const typed = typedSecrets(state);

  async function resume(entered?: { field: SecretField; value: string }[]) {
    setBusy(true);
    setResumeError(null);
    try {
      await getClient().call('join:resume', entered ? { entered } : {});
    } catch (e) {
      const shown = shownError(e);
      const wantsTyped = shown.code === 'E_SECRET_UNAVAILABLE' && shown.params?.context === 'entered' && typed.length > 0;
      if (!wantsTyped || retype) setResumeError(shown);
      if (wantsTyped) setRetype(true);
    } finally {
      setBusy(false);
    }
  }

  const questionId = useId();
  const impactId = useId();
  const failure = outcome.kind === 'failed' && outcome.code.startsWith('E_RESTART_') && (
    <ErrorText code={outcome.code} params={outcome.params} />
  );
  return (
    <TitledCard className="restart-card" title={t('pages.join.restart.title')} icon={<Warning24Filled className="icon-warning" />}>
      <p>{t('pages.join.restart.reason', { steps: stepList })}</p>
      <p>{t('pages.join.restart.impact')}</p>
      <p>{t(simulated ? 'pages.join.restart.explainSimulated' : 'pages.join.restart.explainReal')}</p>
      <div ref={controlsRef}>
        {asksWhen(outcome) && (
          <p className="actions">
            <Button appearance="primary" className="primary" disabled={busy} onClick={() => setAsking(true)}>
              {t('pages.join.restart.choose')}
            </Button>
          </p>
        )}
        {canCancel(outcome) && (
          <p className="actions">
            <Button disabled={busy} onClick={() => void cancel()}>
              {t('pages.join.restart.cancel')}
            </Button>
            <Button disabled={busy} onClick={() => void answer('now')}>
              {t(simulated ? 'pages.join.restart.nowSimulated' : 'pages.join.restart.nowInstead')}
            </Button>
          </p>
        )}
      </div>
      <Dialog open={asking && asksWhen(outcome)} modalType="modal" onOpenChange={(_, data) => setAsking(data.open)}>
        <DialogSurface aria-describedby={impactId}>
          <DialogBody>
            {/* Close comes first, so it is what the dialog focuses: a stray Enter restarts nothing. */}
            <DialogTitle
              action={
                <DialogTrigger action="close">
                  <Button appearance="subtle" aria-label={t('pages.join.restart.close')} icon={<Dismiss24Regular />} />
                </DialogTrigger>
              }
            >
              {t('pages.join.restart.title')}
            </DialogTitle>
            <DialogContent className="restart-question">
              <p id={impactId}>
                {t('pages.join.restart.reason', { steps: stepList })} {t('pages.join.restart.impact')}
              </p>
              <p>{t(simulated ? 'pages.join.restart.explainSimulated' : 'pages.join.restart.explainReal')}</p>
              <p id={questionId}>{t('pages.join.restart.question')}</p>
              {/* No answer is the default: restarting a server is the administrator's call. */}
              <p className="actions" role="group" aria-labelledby={questionId}>
                <Button disabled={busy} onClick={() => void answer('now')}>
                  {t('pages.join.restart.now')}
                </Button>
                <Button disabled={busy} aria-expanded={scheduling} onClick={() => setScheduling(true)}>
                  {t('pages.join.restart.scheduleChoice')}
                </Button>
                {outcome.kind === 'unanswered' && (
                  <Button disabled={busy} onClick={() => void answer('later')}>
                    {t('pages.join.restart.later')}
                  </Button>
                )}
              </p>
              {scheduling && <ScheduleRestartForm busy={busy} simulated={simulated} onSchedule={(at) => void schedule(at)} />}
              {asking && failure}
            </DialogContent>
          </DialogBody>
        </DialogSurface>
      </Dialog>
      <div aria-live="polite" tabIndex={-1} ref={resultRef} className="restart-outcome">
        {message && <p>{t(message.key, message.params ?? {})}</p>}
        {!asking && failure}
      </div>
      {retype && <RetypeSecrets secrets={typed} busy={busy} onResume={(entered) => void resume(entered)} />}
      {canResume(outcome) && !retype && (
        <p>
          <Button appearance="primary" className="primary" disabled={busy} onClick={() => void resume()}>
            {t('pages.join.restart.resume')}
          </Button>
        </p>
      )}
      {resumeError && <ErrorText code={resumeError.code} params={resumeError.params} />}
    </TitledCard>
  );
}
