/**
 * "Test connection": reaches the API server the kubeconfig names, through
 * the proxy the Proxy page set, and shows what the join needs from it. A
 * successful test also fills the Network page's fields the user has not
 * typed yet, each marked with where its value came from.
 */
import { Button, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answers } from '../../../shared/answers.js';
import { getClient } from '../../bridge.js';
import { ErrorText } from '../../components/ErrorText.js';
import { errorCode } from '../../errors/error-code.js';
import { useFocusResult } from '../../components/use-focus-result.js';
import { useDraftStore } from '../../state/answers-store.js';
import { draftToInput, networkDefaults, sectionErrors } from '../../state/draft.js';
import { applyHints, clusterHints } from '../network/cluster-hints.js';
import { isCurrentProbe, probeView } from './probe-view.js';
import { RecipeChoice } from './RecipeChoice.js';

export function ProbePanel() {
  const { t } = useTranslation();
  const { draft, probe, setProbe, setNetwork, setRecipe } = useDraftStore();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const { controlsRef, resultRef, finished } = useFocusResult<HTMLButtonElement, HTMLDivElement>();
  const { kubeconfigPath, context } = draft.cluster;
  const current = isCurrentProbe(probe, kubeconfigPath, context) ? probe?.result : null;

  async function test() {
    setBusy(true);
    setFailure(null);
    try {
      // The proxy as the join will use it; an invalid one was already refused on the Proxy page.
      const proxy = sectionErrors(draft, 'proxy').length === 0 ? (draftToInput(draft) as Answers).proxy : null;
      const result = await getClient().call('cluster:probe', { kubeconfigPath, ...(context ? { context } : {}), proxy });
      // The proposed recipe first, unless the admin chose another that can work (a 1.24+ cluster never keeps
      // docker-sdn): the network defaults the hints replace are that recipe's.
      const before = useDraftStore.getState();
      const chosen = result.recipes.find((r) => r.id === before.draft.recipe);
      if (result.proposedRecipe && (!before.touched.recipe || !chosen?.works)) setRecipe(result.proposedRecipe);
      const state = useDraftStore.getState();
      const defaults = networkDefaults(state.draft.recipe);
      const { patch, applied } = applyHints(state.draft.network, defaults, state.touched, clusterHints(result));
      if (applied.length > 0) setNetwork(patch);
      setProbe({ kubeconfigPath, context, result }, [...new Set([...state.prefilled, ...applied])]);
    } catch (e) {
      setFailure(errorCode(e));
    } finally {
      setBusy(false);
      finished();
    }
  }

  const view = current?.ok ? probeView(current) : null;
  return (
    <div className="probe">
      <h2>{t('pages.cluster.probe.title')}</h2>
      <p className="hint">{t('pages.cluster.probe.intro')}</p>
      <Button ref={controlsRef} type="button" disabled={busy || !kubeconfigPath} onClick={() => void test()}>
        {t('pages.cluster.probe.test')}
      </Button>
      {/* Where focus lands when the test ends, so the outcome is read out. */}
      <div ref={resultRef} tabIndex={-1} aria-live="polite" className="probe-outcome">
        {busy && <p>{t('pages.cluster.probe.testing')}</p>}
        {failure && <ErrorText code={failure} />}
        {current && !current.ok && current.error && (
          <>
            <ErrorText code={current.error.code} params={{ server: current.server ?? '', ...current.error.params }} />
            <p className="hint">{t('pages.cluster.probe.failedFix')}</p>
          </>
        )}
        {current?.ok && view && (
          <div className="probe-result">
            <p className="ok-text">{t('pages.cluster.probe.ok')}</p>
            <dl>
              <dt>{t('pages.cluster.server')}</dt>
              <dd className="mono">{current.server}</dd>
              <dt>{t('pages.cluster.probe.version')}</dt>
              <dd className="mono">
                {current.serverVersion}
                {current.recommendedVersion && ` (${t('pages.cluster.probe.recommended', { version: current.recommendedVersion })})`}
              </dd>
              <dt>{t('pages.cluster.probe.nodes')}</dt>
              <dd>{t('pages.cluster.probe.nodeCount', { ready: view.readyNodes, total: view.totalNodes })}</dd>
              <dt>{t('pages.cluster.probe.podCidrsLabel')}</dt>
              <dd className={view.podCidrs === 'missing' ? 'error-text' : undefined}>
                {t(`pages.cluster.probe.podCidrs.${view.podCidrs}`)}
              </dd>
              <dt>{t('pages.cluster.probe.dns')}</dt>
              <dd className="mono">{current.dnsServiceIp ?? t('pages.cluster.unknown')}</dd>
            </dl>
            {current.nodes.length > 0 && (
              <>
                <h3 className="nodes-title" id="probe-nodes-title">
                  {t('pages.cluster.probe.nodes')}
                </h3>
                <Table className="nodes" size="small" aria-labelledby="probe-nodes-title">
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell>{t('pages.cluster.probe.node.name')}</TableHeaderCell>
                      <TableHeaderCell>{t('pages.cluster.probe.node.os')}</TableHeaderCell>
                      <TableHeaderCell>{t('pages.cluster.probe.node.podCidr')}</TableHeaderCell>
                      <TableHeaderCell>{t('pages.cluster.probe.node.ready')}</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {current.nodes.map((n) => (
                      <TableRow key={n.name}>
                        <TableCell className="mono">{n.name}</TableCell>
                        <TableCell>{n.os ?? '-'}</TableCell>
                        <TableCell className="mono">{n.podCidr ?? t('pages.cluster.probe.node.noPodCidr')}</TableCell>
                        <TableCell>{n.ready ? t('pages.cluster.probe.node.isReady') : t('pages.cluster.probe.node.notReady')}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </>
            )}
            <RecipeChoice probe={current} />
          </div>
        )}
      </div>
    </div>
  );
}
