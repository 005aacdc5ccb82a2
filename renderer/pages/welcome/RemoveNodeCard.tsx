/**
 * On Welcome, while this machine holds a join (either recipe): "Remove this
 * node from the cluster" runs the reset (join:reset) after a confirmation,
 * with the reset's own live log and its outcome. The steps and their order
 * are the back end's (docs/state-and-recovery.md, "Reset").
 */
import { Button } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getClient } from '../../bridge.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { ErrorText } from '../../components/ErrorText.js';
import { shownError } from '../../errors/error-code.js';
import { useEngineStore } from '../../state/engine-store.js';
import { LogView } from '../join/LogView.js';
import { offersRemoval, resetProgress } from './reset-progress.js';
import { TitledCard } from '../../components/TitledCard.js';

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
    <TitledCard className="remove-node-card" title={t('pages.welcome.reset.title')}>
      {!runId && !nothing && <p>{t('pages.welcome.reset.intro')}</p>}
      {!runId && !nothing && (
        <p className="actions">
          <Button disabled={busy} onClick={() => setConfirming(true)}>
            {t('pages.welcome.reset.action')}
          </Button>
        </p>
      )}
      <ConfirmDialog
        open={confirming}
        question={t('pages.welcome.reset.confirmQuestion')}
        impact={t('pages.welcome.reset.confirmImpact')}
        keep={t('pages.welcome.reset.keep')}
        confirm={t('pages.welcome.reset.confirm')}
        busy={busy}
        onKeep={() => setConfirming(false)}
        onConfirm={() => void reset()}
      />
      {nothing && <p role="status">{t('pages.welcome.reset.nothing')}</p>}
      {runId && (
        <>
          <p role="status" aria-live="polite">
            {t(finished ? `pages.welcome.reset.outcome.${finished}` : 'pages.welcome.reset.running')}
          </p>
          {finished && finished !== 'succeeded' && finished !== 'restart-required' && (
            <p className="actions">
              <Button disabled={busy} onClick={() => void reset()}>
                {t('pages.welcome.reset.again')}
              </Button>
            </p>
          )}
          <LogView stepIds={progress?.stepIds ?? []} runId={runId} />
        </>
      )}
      {error && <ErrorText code={error.code} params={error.params} />}
    </TitledCard>
  );
}
