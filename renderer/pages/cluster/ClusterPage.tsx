/**
 * The cluster's kubeconfig: dropped, chosen in a file input, or (in the
 * desktop app) picked with the native dialog; then inspected by the back
 * end, which says what kubelet on Windows could not use.
 */
import { Badge, Button, Field, Select } from '@fluentui/react-components';
import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../../components/ErrorText.js';
import { getClient, hasNativeShell } from '../../bridge.js';
import { useFocusResult } from '../../components/use-focus-result.js';
import { errorCode } from '../../errors/error-code.js';
import { useDraftStore } from '../../state/answers-store.js';
import { useEngineStore } from '../../state/engine-store.js';
import { JoinCredentials } from './JoinCredentials.js';
import { ProbePanel } from './ProbePanel.js';
import { ReadinessPanel } from './ReadinessPanel.js';
import { fileProblem, findingKeys, pickFile, sortFindings } from './kubeconfig-file.js';

export function ClusterPage() {
  const { t } = useTranslation();
  const cluster = useDraftStore((s) => s.draft.cluster);
  const setCluster = useDraftStore((s) => s.setCluster);
  const recipe = useDraftStore((s) => s.draft.recipe);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ kind: 'key' | 'code'; value: string } | null>(null);
  const [dragging, setDragging] = useState(false);
  const simulated = useEngineStore((s) => (s.info?.rehearsal.enabled ? s.info.rehearsal.kubeconfigPath : null));
  // The browser's own file input says "Choose File / No file chosen" in the browser's language: it stays
  // hidden behind a button and a status line in the wizard's language.
  const fileInput = useRef<HTMLInputElement>(null);
  const [chosenName, setChosenName] = useState<string | null>(null);
  // Every way of choosing (file, native dialog, simulated, context) disables the controls while it reads:
  // focus then goes to the outcome, which says whether WinJoin can use the file.
  const { controlsRef, resultRef, finished } = useFocusResult<HTMLDivElement, HTMLDivElement>();

  async function inspect(path: string, context?: string) {
    const inspection = await getClient().call('kubeconfig:inspect', context ? { path, context } : { path });
    setCluster({ kubeconfigPath: path, inspection, context: context ?? inspection.currentContext ?? '' });
  }

  async function withBusy(work: () => Promise<void>) {
    setBusy(true);
    setProblem(null);
    try {
      await work();
    } catch (e) {
      setProblem({ kind: 'code', value: errorCode(e) });
    } finally {
      setBusy(false);
      finished();
    }
  }

  function takeFile(file: File | null) {
    if (!file) return;
    setChosenName(file.name);
    const tooBad = fileProblem(file);
    if (tooBad) {
      // Refused before any reading, but the outcome still takes focus, so the reason is read out.
      setProblem({ kind: 'key', value: tooBad });
      return finished();
    }
    void withBusy(async () => {
      const { path } = await getClient().call('kubeconfig:import', { fileName: file.name, content: await file.text() });
      await inspect(path);
    });
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    takeFile(pickFile(e.dataTransfer.files));
  }

  const inspection = cluster.inspection;
  return (
    <section className="page" aria-labelledby="cluster-title">
      <h1 id="cluster-title">{t('pages.cluster.title')}</h1>
      <p>{t('pages.cluster.intro')}</p>
      <div
        ref={controlsRef}
        className={`drop-zone${dragging ? ' dragging' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>{t('pages.cluster.drop')}</p>
        <input
          ref={fileInput}
          type="file"
          className="visually-hidden"
          tabIndex={-1}
          aria-label={t('pages.cluster.choose')}
          disabled={busy}
          onChange={(e) => {
            takeFile(pickFile(e.target.files));
            // The same file chosen again after a fix must fire onChange again.
            e.target.value = '';
          }}
        />
        <Button disabled={busy} onClick={() => fileInput.current?.click()}>
          {t('pages.cluster.choose')}
        </Button>{' '}
        <span className="file-chosen">{chosenName ? t('pages.cluster.chosen', { name: chosenName }) : t('pages.cluster.noFile')}</span>
        {hasNativeShell() && (
          <Button
            type="button"
            disabled={busy}
            onClick={() =>
              void withBusy(async () => {
                const picked = await getClient().call('kubeconfig:pick', {});
                if (picked) {
                  setChosenName(picked.path.split(/[\\/]/).pop() ?? picked.path);
                  await inspect(picked.path);
                }
              })
            }
          >
            {t('pages.cluster.browse')}
          </Button>
        )}
      </div>
      {simulated && (
        <div className="simulated-choice">
          <Badge appearance="tint" color="warning" shape="rounded">
            {t('pages.cluster.simulated.badge')}
          </Badge>{' '}
          <Button
            type="button"
            disabled={busy}
            onClick={() => {
              setChosenName(simulated.split(/[\\/]/).pop() ?? simulated);
              void withBusy(() => inspect(simulated));
            }}
          >
            {t('pages.cluster.simulated.use')}
          </Button>
          <p className="hint">{t('pages.cluster.simulated.hint')}</p>
        </div>
      )}
      <div ref={resultRef} tabIndex={-1} aria-live="polite" className="cluster-outcome">
        {busy && <p>{t('pages.cluster.reading')}</p>}
        {!busy && !problem && inspection && (
          <p className={inspection.usable ? 'ok-text' : 'error-text'}>
            {inspection.usable ? t('pages.cluster.usable') : t('pages.cluster.unusable')}
          </p>
        )}
        {problem?.kind === 'key' && (
          <p className="error-text" role="alert">
            {t(problem.value)}
          </p>
        )}
        {problem?.kind === 'code' && <ErrorText code={problem.value} />}
      </div>
      {inspection && (
        <div className="inspection">
          <dl>
            <dt>{t('pages.cluster.file')}</dt>
            <dd className="mono">{inspection.path}</dd>
            <dt>{t('pages.cluster.server')}</dt>
            <dd className="mono">{inspection.server ?? t('pages.cluster.unknown')}</dd>
          </dl>
          {inspection.contexts.length > 0 && (
            <Field className="field" label={t('pages.cluster.context')}>
              <Select
                value={cluster.context}
                disabled={busy}
                onChange={(_, data) => void withBusy(() => inspect(inspection.path, data.value))}
              >
                {inspection.contexts.map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.name}
                  </option>
                ))}
              </Select>
            </Field>
          )}
          {inspection.findings.length > 0 && (
            <ul className="findings">
              {sortFindings(inspection).map((f, i) => (
                <li key={`${f.code}-${i}`} className={`finding severity-${f.severity}`}>
                  <span className="status-label">{t(`pages.cluster.severity.${f.severity}`)}</span>{' '}
                  {t(findingKeys(f.code), { ...f.params, code: f.code })}
                </li>
              ))}
            </ul>
          )}
          <ProbePanel />
          {recipe === 'containerd-kubeadm' && (
            <>
              <JoinCredentials />
              <ReadinessPanel />
            </>
          )}
        </div>
      )}
    </section>
  );
}
