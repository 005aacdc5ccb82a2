/** Runs the prerequisite checks when the page opens (and again on demand) and lists them, failures first, each with its fix. */
import { Button } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { checkDetail, type Translate } from '../../../shared/i18n/messages.js';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../../components/ErrorText.js';
import { getClient } from '../../bridge.js';
import { useFocusResult } from '../../components/use-focus-result.js';
import { errorCode } from '../../errors/error-code.js';
import { useDraftStore } from '../../state/answers-store.js';
import { toAnswers } from '../../state/draft.js';
import { checkFixKey, checkTitleKey, countChecks, detectedAdapters, sortChecks, type CheckResult } from './checks.js';

export function PrerequisitesPage() {
  const { t } = useTranslation();
  const draft = useDraftStore((s) => s.draft);
  const setAdapters = useDraftStore((s) => s.setAdapters);
  const [checks, setChecks] = useState<CheckResult[] | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { controlsRef, resultRef, finished } = useFocusResult<HTMLButtonElement, HTMLDivElement>();

  async function run() {
    setRunning(true);
    setError(null);
    try {
      const valid = toAnswers(draft);
      const result = await getClient().call('preflight:run', valid.ok ? { answers: valid.answers } : {});
      setChecks(sortChecks(result.checks));
      const adapters = detectedAdapters(result.checks);
      if (adapters.length) setAdapters(adapters);
      if (result.error) setError(result.error);
    } catch (e) {
      setError(errorCode(e));
    } finally {
      setRunning(false);
      finished();
    }
  }

  // The checks start as the page opens: nothing to press before the machine's state is known.
  useEffect(() => {
    // A timer the clean-up cancels: React's development double mount then starts the checks once.
    const timer = setTimeout(() => void run(), 0);
    return () => clearTimeout(timer);
    // Once per visit; Run again re-runs with the answers as they are then.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const counts = checks ? countChecks(checks) : null;
  return (
    <section className="page" aria-labelledby="prereq-title">
      <h1 id="prereq-title">{t('pages.prerequisites.title')}</h1>
      <p>{t('pages.prerequisites.intro')}</p>
      <p>
        <Button ref={controlsRef} type="button" onClick={() => void run()} disabled={running}>
          {running ? t('pages.prerequisites.running') : checks ? t('pages.prerequisites.rerun') : t('pages.prerequisites.run')}
        </Button>
      </p>
      {/* Where focus lands when [Run the checks again] ends, so the new counts are read out. */}
      <div ref={resultRef} tabIndex={-1} aria-live="polite" className="checks-outcome">
        {error && <ErrorText code={error} />}
        {counts && <p>{t('pages.prerequisites.summary', { ...counts })}</p>}
        {checks && checks.length === 0 && !error && <p>{t('pages.prerequisites.none')}</p>}
      </div>
      {checks && checks.length > 0 && (
        <ul className="check-list">
          {checks.map((check) => {
            const fix = checkFixKey(check);
            return (
              <li key={check.id} className={`check status-${check.status}`}>
                <span className="status-label">{t(`pages.prerequisites.status.${check.status}`)}</span>{' '}
                <strong>{t([checkTitleKey(check.id), 'pages.prerequisites.unknownCheck'], { id: check.id })}</strong>
                {(check.detailKey || check.detail) && (
                  <span className="detail"> — {checkDetail(t as unknown as Translate, { checkId: check.id, ...check })}</span>
                )}
                {fix && (
                  <p className="fix">
                    {t('pages.prerequisites.fix')}: {t([fix, 'pages.prerequisites.noFix'])}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <p className="hint">{t('pages.prerequisites.advisory')}</p>
    </section>
  );
}
