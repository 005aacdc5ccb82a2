/**
 * On Welcome, while this machine holds a join (either recipe): "Remove this
 * node from the cluster" runs the reset (join:reset) after a confirmation,
 * with the reset's own live log and its outcome. The steps and their order
 * are the back end's (docs/state-and-recovery.md, "Reset").
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getClient } from '../../bridge.js';
import { ErrorText } from '../../components/ErrorText.js';
import { shownError } from '../../errors/error-code.js';
import { useEngineStore } from '../../state/engine-store.js';
import { LogView } from '../join/LogView.js';
import { offersRemoval, resetProgress } from './reset-progress.js';

export function RemoveNodeCard() {
  const { t } = useTranslation();
  const state = useEngineStore((s) => s.state);
  const events = useEngineStore((s) => s.events);
  const [confirming, setConfirming] = useState(false);
  const [runId, setRunId] = useState<string | null>(null);
  const [nothing, setNothing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ReturnType<typeof shownError> | null>(null);
  const progress = runId ? resetProgress(events, runId) : null;
  const finished = progress?.outcome ?? null;

  // A complete reset moved the join aside: read the state again so the rest of Welcome sees no join.
  useEffect(() => {
    if (!finished) return;
    void getClient()
      .call('join:state', {})
      .then((next) => useEngineStore.getState().setState(next))
      .catch(() => undefined);
  }, [finished]);

  if (!runId && !nothing && !offersRemoval(state)) return null;

  async function reset() {
    setConfirming(false);
    setBusy(true);
    setError(null);
    try {
      const started = await getClient().call('join:reset', {});
      if (started.runId) setRunId(started.runId);
      else setNothing(true);
    } catch (e) {
      setError(shownError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card remove-node-card" aria-labelledby="remove-node-title">
      <h2 id="remove-node-title">{t('pages.welcome.reset.title')}</h2>
      {!runId && !nothing && <p>{t('pages.welcome.reset.intro')}</p>}
      {!runId && !nothing && !confirming && (
        <p className="actions">
          <button type="button" disabled={busy} onClick={() => setConfirming(true)}>
            {t('pages.welcome.reset.action')}
          </button>
        </p>
      )}
      {confirming && (
        <div className="card" role="alertdialog" aria-labelledby="remove-node-q" aria-describedby="remove-node-impact">
          <p id="remove-node-q">
            <strong>{t('pages.welcome.reset.confirmQuestion')}</strong>
          </p>
          <p id="remove-node-impact">{t('pages.welcome.reset.confirmImpact')}</p>
          <p className="actions">
            <button type="button" className="primary" autoFocus onClick={() => setConfirming(false)}>
              {t('pages.welcome.reset.keep')}
            </button>
            <button type="button" disabled={busy} onClick={() => void reset()}>
              {t('pages.welcome.reset.confirm')}
            </button>
          </p>
        </div>
      )}
      {nothing && <p role="status">{t('pages.welcome.reset.nothing')}</p>}
      {runId && (
        <>
          <p role="status" aria-live="polite">
            {t(finished ? `pages.welcome.reset.outcome.${finished}` : 'pages.welcome.reset.running')}
          </p>
          {finished && finished !== 'succeeded' && finished !== 'restart-required' && (
            <p className="actions">
              <button type="button" disabled={busy} onClick={() => void reset()}>
                {t('pages.welcome.reset.again')}
              </button>
            </p>
          )}
          <LogView stepIds={progress?.stepIds ?? []} runId={runId} />
        </>
      )}
      {error && <ErrorText code={error.code} params={error.params} />}
    </section>
  );
}
