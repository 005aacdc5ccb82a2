/**
 * Cluster readiness (containerd-kubeadm): the control-plane checks the join's
 * gate will run, each with its fix, and the join credentials checked as
 * kubeadm will check them. What WinJoin can fix through the API carries an
 * Apply button, with the exact request shown first; nothing changes in the
 * cluster without that click. The checks are a Fluent Table: status (icon and word), check, result and fix.
 */
import { Button, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CREATED_TOKEN_TTL_MS } from '../../../shared/answers.js';
import { clusterCheckKeys, type ClusterCheckId } from '../../../shared/cluster-checks.js';
import type { CallResponse } from '../../../shared/ipc/contract.js';
import { getClient } from '../../bridge.js';
import { ErrorText } from '../../components/ErrorText.js';
import { CheckStatus } from '../../components/StatusIcon.js';
import { useFocusResult } from '../../components/use-focus-result.js';
import { errorCode } from '../../errors/error-code.js';
import { useNow } from '../../components/use-now.js';
import { useDraftStore } from '../../state/answers-store.js';
import { toAnswers } from '../../state/draft.js';
import { changesByCheck, readinessSummary } from './readiness-view.js';

type Readiness = CallResponse<'cluster:readiness'>;

export function ReadinessPanel() {
  const { t } = useTranslation();
  // The token's end moves with the clock while the admin reads; a minute is its resolution.
  const now = useNow(true, 30_000);
  const draft = useDraftStore((s) => s.draft);
  const [readiness, setReadiness] = useState<Readiness | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const { controlsRef, resultRef, finished } = useFocusResult<HTMLButtonElement, HTMLDivElement>();
  const valid = toAnswers(draft);

  async function run(apply: ClusterCheckId[] = []) {
    if (!valid.ok) return;
    setBusy(true);
    setFailure(null);
    try {
      setReadiness(await getClient().call('cluster:readiness', { answers: valid.answers, apply }));
    } catch (e) {
      setFailure(errorCode(e));
    } finally {
      setBusy(false);
      finished();
    }
  }

  const changes: Map<ClusterCheckId, Readiness['changes']> = readiness ? changesByCheck(readiness) : new Map();
  const summary = readiness ? readinessSummary(readiness) : null;
  return (
    <div className="readiness">
      <h2>{t('pages.cluster.readiness.title')}</h2>
      <p className="hint">{t('pages.cluster.readiness.intro')}</p>
      <Button ref={controlsRef} type="button" disabled={busy || !valid.ok} onClick={() => void run()}>
        {readiness ? t('pages.cluster.readiness.again') : t('pages.cluster.readiness.check')}
      </Button>
      {!valid.ok && <p className="hint">{t('pages.cluster.readiness.fixFirst')}</p>}
      <div ref={resultRef} tabIndex={-1} aria-live="polite" className="readiness-outcome">
        {busy && <p>{t('pages.cluster.readiness.checking')}</p>}
        {failure && <ErrorText code={failure} />}
        {readiness && summary && !busy && (
          <>
            <p className={summary === 'ready' ? 'ok-text' : summary === 'warnings' ? 'warn-text' : 'error-text'}>
              {t(`pages.cluster.readiness.summary.${summary}`)}
            </p>
            {readiness.applied.length > 0 && (
              <p className="ok-text">
                {t('pages.cluster.readiness.applied', { checks: readiness.applied.map((id) => t(clusterCheckKeys(id).title)).join(', ') })}
              </p>
            )}
            {/* A table, not a DataGrid: its rows hold buttons (Show the change, Apply), which stay in the Tab order as
                they were; a screen reader says each cell with its column's name. */}
            <Table className="checks-grid readiness-checks" aria-label={t('pages.cluster.readiness.table.label')}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell className="col-status">{t('pages.cluster.readiness.table.status')}</TableHeaderCell>
                  <TableHeaderCell className="col-check">{t('pages.cluster.readiness.table.check')}</TableHeaderCell>
                  <TableHeaderCell className="col-result">{t('pages.cluster.readiness.table.result')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {readiness.checks.map((check) => {
                  const keys = clusterCheckKeys(check.id);
                  const requests = changes.get(check.id) ?? [];
                  return (
                    <TableRow key={check.id} className={`status-${check.status}`} data-check={check.id}>
                      <TableCell className="col-status">
                        <CheckStatus status={check.status} label={t(`pages.prerequisites.status.${check.status}`)} />
                      </TableCell>
                      <TableCell className="col-check">
                        <strong>{t(keys.title)}</strong>
                      </TableCell>
                      <TableCell className="col-result">
                        <p>{t(check.detailKey, check.params)}</p>
                        {check.status === 'fail' && <p className="fix">{t(keys.fix)}</p>}
                        {requests.length > 0 && (
                          <div className="apply">
                            <details>
                              <summary>{t('pages.cluster.readiness.showChange', { count: requests.length })}</summary>
                              {requests.map((r, i) => (
                                <pre key={i} className="mono change">
                                  {`${r.method} ${r.path}\n${JSON.stringify(r.body, null, 2)}`}
                                </pre>
                              ))}
                            </details>
                            <Button disabled={busy} onClick={() => void run([check.id])}>
                              {t('pages.cluster.readiness.apply', { check: t(keys.title) })}
                            </Button>
                          </div>
                        )}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
            <h3>{t('pages.cluster.readiness.credentials.title')}</h3>
            {readiness.error && <ErrorText code={readiness.error.code} params={readiness.error.params} />}
            {readiness.credentials && (
              <dl className="credentials">
                <dt>{t('pages.cluster.join.fields.apiServerEndpoint')}</dt>
                <dd className="mono">{readiness.credentials.endpoint}</dd>
                <dt>{t('pages.cluster.join.fields.caCertHash')}</dt>
                <dd>
                  <span className="mono">{readiness.credentials.caCertHash}</span>
                  <p className="hint">{t(`pages.cluster.readiness.credentials.pin.${readiness.credentials.caCertHashSource}`)}</p>
                </dd>
                <dt>{t('pages.cluster.join.fields.token')}</dt>
                <dd>
                  {readiness.credentials.tokenId
                    ? t(
                        `pages.cluster.readiness.credentials.${readiness.credentials.tokenExpires ? 'tokenVerifiedUntil' : 'tokenVerified'}`,
                        {
                          id: readiness.credentials.tokenId,
                          expires: readiness.credentials.tokenExpires,
                        },
                      )
                    : t('pages.cluster.readiness.credentials.tokenLater', {
                        hours: CREATED_TOKEN_TTL_MS / 3_600_000,
                        until: now + CREATED_TOKEN_TTL_MS,
                      })}
                </dd>
              </dl>
            )}
          </>
        )}
      </div>
    </div>
  );
}
