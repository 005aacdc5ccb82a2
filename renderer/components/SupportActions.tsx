/**
 * What support staff ask for on a call: the support bundle (written where
 * the shell keeps it, path and size shown), the ticket summary to paste,
 * and where the logs are.
 */
import { Button, Field, Textarea } from '@fluentui/react-components';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallResponse } from '../../shared/ipc/contract.js';
import { getClient } from '../bridge.js';
import { errorCode } from '../errors/error-code.js';
import { formatBytes } from '../state/progress.js';
import { copyText } from './copy-text.js';
import { ErrorText } from './ErrorText.js';
import { useFocusResult } from './use-focus-result.js';
import { TitledCard } from './TitledCard.js';

export function SupportActions({ title }: { title?: string }) {
  const { t } = useTranslation();
  const [bundle, setBundle] = useState<CallResponse<'bundle:export'> | null>(null);
  const [logs, setLogs] = useState<string | null>(null);
  const [busy, setBusy] = useState<'export' | 'logs' | null>(null);
  const [copy, setCopy] = useState<'copied' | 'selected' | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The summary copied before any export: it names no bundle yet, and the page says so. */
  const [draftSummary, setDraftSummary] = useState<string | null>(null);
  const summary = useRef<HTMLTextAreaElement>(null);
  const { controlsRef, resultRef, finished } = useFocusResult<HTMLParagraphElement, HTMLDivElement>();
  const shownSummary = bundle?.ticketSummary ?? draftSummary;

  /** Copy works before an export too: the summary then says the bundle is still to be attached. */
  async function copySummary() {
    setError(null);
    try {
      const text = bundle?.ticketSummary ?? (await getClient().call('bundle:summary', {})).ticketSummary;
      if (!bundle) setDraftSummary(text);
      setCopy(await copyText(text, summary.current));
    } catch (e) {
      setError(errorCode(e));
    }
  }

  async function run(kind: 'export' | 'logs') {
    setBusy(kind);
    setError(null);
    try {
      if (kind === 'export') {
        setCopy(null);
        setBundle(await getClient().call('bundle:export', {}));
      } else setLogs((await getClient().call('logs:openFolder', {})).path);
    } catch (e) {
      setError(errorCode(e));
    } finally {
      setBusy(null);
      finished();
    }
  }

  return (
    <TitledCard className="support" title={title ?? t('pages.support.title')}>
      <p className="hint">{t('pages.support.intro')}</p>
      <p className="actions" ref={controlsRef}>
        <Button disabled={busy !== null} onClick={() => void run('export')}>
          {t('pages.support.export')}
        </Button>
        <Button disabled={busy !== null} onClick={() => void copySummary()}>
          {t('pages.support.copy')}
        </Button>
        <Button disabled={busy !== null} onClick={() => void run('logs')}>
          {t('pages.support.openLogs')}
        </Button>
      </p>
      {/* Where focus lands when an export or Open logs folder ends, so the path is read out. */}
      <div ref={resultRef} tabIndex={-1} aria-live="polite" className="support-outcome">
        {busy === 'export' && <p>{t('pages.support.exporting')}</p>}
        {error && <ErrorText code={error} />}
        {bundle && (
          <p>
            {bundle.path
              ? t('pages.support.exported', { path: bundle.path, size: formatBytes(bundle.bytes) })
              : t('pages.support.notSaved')}
          </p>
        )}
        {bundle && bundle.knownProblems.length > 0 && <p>{t('pages.support.knownProblems', { list: bundle.knownProblems.join(', ') })}</p>}
        {copy && <p>{t(copy === 'copied' ? 'pages.support.copied' : 'pages.support.copyManual')}</p>}
        {copy && !bundle && <p>{t('pages.support.noBundleYet')}</p>}
        {logs && <p>{t('pages.support.logsAt', { path: logs })}</p>}
      </div>
      {shownSummary !== null && (
        <Field className="ticket-summary" label={t('pages.support.summaryLabel')}>
          <Textarea ref={summary} readOnly rows={7} value={shownSummary} resize="vertical" textarea={{ className: 'mono' }} />
        </Field>
      )}
    </TitledCard>
  );
}
