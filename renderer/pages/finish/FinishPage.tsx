/** The end: what happened to which node, where things are, what to do next, the support bundle, and Close. */
import { Button } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SupportActions } from '../../components/SupportActions.js';
import { hasNativeShell } from '../../bridge.js';
import { useEngineStore } from '../../state/engine-store.js';
import { formatDuration } from '../join/timeline.js';
import { finishSummary } from './finish-summary.js';

export function FinishPage() {
  const { t } = useTranslation();
  const state = useEngineStore((s) => s.state);
  const info = useEngineStore((s) => s.info);
  const summary = finishSummary(state);
  const native = hasNativeShell();
  const [closedInPreview, setClosedInPreview] = useState(false);
  function close() {
    window.close();
    // Still here: the browser preview, whose tab only its user can close. Say so rather than do nothing.
    if (!native) setClosedInPreview(true);
  }
  return (
    <section className="page" aria-labelledby="finish-title">
      <h1 id="finish-title">{t('pages.finish.title')}</h1>
      {!summary && <p>{t('pages.join.noRun')}</p>}
      {summary && (
        <>
          <p className={`phase phase-${summary.phase}`}>
            {summary.phase === 'succeeded' && summary.nodeName
              ? t('pages.finish.outcomeNode', { node: summary.nodeName })
              : t(`pages.finish.outcome.${summary.phase}`)}
          </p>
          <p>
            {t('pages.finish.counts', {
              done: summary.done,
              failed: summary.failed,
              skipped: summary.skipped,
              duration: formatDuration(summary.totalMs),
            })}
          </p>
          {summary.phase === 'succeeded' && (
            <>
              <h2>{t('pages.finish.nextTitle')}</h2>
              <ul className="next-steps">
                <li>
                  {t('pages.finish.next.schedule')}{' '}
                  <code className="mono">
                    nodeSelector: {'{'} kubernetes.io/os: windows {'}'}
                  </code>
                </li>
                {summary.nodeName && (
                  <li>
                    {t('pages.finish.next.see')} <code className="mono">kubectl get node {summary.nodeName} -o wide</code>
                  </li>
                )}
                {summary.installDir && (
                  <li>
                    {t('pages.finish.next.installDir')} <span className="mono">{summary.installDir}</span>
                  </li>
                )}
                <li>{t(`pages.finish.next.undo.${summary.recipe === 'containerd-kubeadm' ? 'kubeadm' : 'sdn'}`)}</li>
              </ul>
            </>
          )}
        </>
      )}
      {info && (
        <p>
          {t('pages.finish.stateDir')} <span className="mono">{info.stateDir}</span>
        </p>
      )}
      <p className="hint">{t('pages.finish.support')}</p>
      <SupportActions />
      <p>
        {/* The app quits when its last window closes (electron/main/main.ts). A browser keeps a tab the user opened. */}
        <Button aria-describedby="finish-close-hint" onClick={close}>
          {t('pages.finish.close')}
        </Button>{' '}
        <span className="hint" id="finish-close-hint">
          {t(native ? 'pages.finish.closeHint' : 'pages.finish.closeHintPreview')}
        </span>
      </p>
      <p role="status" aria-live="polite">
        {closedInPreview ? t('pages.finish.closedPreview') : ''}
      </p>
    </section>
  );
}
