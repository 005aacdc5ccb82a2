/**
 * When a step needs Windows restarted: ask "now or later" first (the
 * administrator may be on a call, or have unsaved work), say what happens
 * next, then offer Resume.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JoinState } from '../../../shared/state.js';
import { getClient } from '../../bridge.js';
import { ErrorText } from '../../components/ErrorText.js';
import { errorCode, shownError } from '../../errors/error-code.js';
import type { SecretField } from '../../../shared/secret-refs.js';
import { RetypeSecrets } from '../../components/RetypeSecrets.js';
import { typedSecrets } from '../../components/typed-secrets.js';
import { canResume, restartMessage, stepsAskingRestart, type RestartOutcome } from './restart-card.js';

export function RestartCard({ state, simulated }: { state: JoinState; simulated: boolean }) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<RestartOutcome>({ kind: 'unanswered' });
  const [busy, setBusy] = useState(false);
  const [resumeError, setResumeError] = useState<ReturnType<typeof shownError> | null>(null);
  const steps = stepsAskingRestart(state).map((id) => t(`steps.${id}.title`));
  const message = restartMessage(outcome);

  async function answer(when: 'now' | 'later') {
    setBusy(true);
    try {
      setOutcome({ kind: 'answered', response: await getClient().call('system:restart', { when }) });
    } catch (e) {
      setOutcome({ kind: 'failed', code: errorCode(e) });
    } finally {
      setBusy(false);
    }
  }

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

  // Asking again stays possible after "Later": a server's plans change.
  const askNow = outcome.kind === 'unanswered' || (outcome.kind === 'answered' && !outcome.response.restarting);
  return (
    <section className="card restart-card" aria-labelledby="restart-title">
      <h2 id="restart-title">{t('pages.join.restart.title')}</h2>
      {steps.length > 0 && <p>{t('pages.join.restart.which', { steps: steps.join(', ') })}</p>}
      <p>{t('pages.join.restart.reason', { reason: t('knownProblems.KP-WJ-RESTART-PENDING.cause') })}</p>
      {!simulated && <p>{t('pages.join.restart.impact')}</p>}
      <p>{t(simulated ? 'pages.join.restart.explainSimulated' : 'pages.join.restart.explainReal')}</p>
      {askNow && (
        <>
          {outcome.kind === 'unanswered' && <p>{t('pages.join.restart.question')}</p>}
          {/* Neither answer is the default: restarting a server is the administrator's call. */}
          <p className="actions">
            <button type="button" disabled={busy} onClick={() => void answer('now')}>
              {t('pages.join.restart.now')}
            </button>
            {outcome.kind === 'unanswered' && (
              <button type="button" disabled={busy} onClick={() => void answer('later')}>
                {t('pages.join.restart.later')}
              </button>
            )}
          </p>
        </>
      )}
      <div aria-live="polite">{message && <p>{t(message.key, message.params ?? {})}</p>}</div>
      {retype && <RetypeSecrets secrets={typed} busy={busy} onResume={(entered) => void resume(entered)} />}
      {canResume(outcome) && !retype && (
        <p>
          <button type="button" className="primary" disabled={busy} onClick={() => void resume()}>
            {t('pages.join.restart.resume')}
          </button>
        </p>
      )}
      {resumeError && <ErrorText code={resumeError.code} params={resumeError.params} />}
    </section>
  );
}
