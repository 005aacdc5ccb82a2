/**
 * The plan before anything runs: every step with the script and parameters
 * it will use (support staff read this aloud), the answer file to save, and
 * Start.
 */
import { Badge, Button, Checkbox } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { CallResponse } from '../../../shared/ipc/contract.js';
import { imageReference, type Plan } from '../../../shared/plan.js';
import { getClient } from '../../bridge.js';
import { ErrorText } from '../../components/ErrorText.js';
import { errorCode } from '../../errors/error-code.js';
import { useDraftStore } from '../../state/answers-store.js';
import { toAnswers } from '../../state/draft.js';
import { useEngineStore } from '../../state/engine-store.js';
import { pageForField, planRows } from './plan-view.js';
import { planMayRestart, restartingStep, settingsSummary } from './settings-summary.js';

export function ReviewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const draft = useDraftStore((s) => s.draft);
  const setState = useEngineStore((s) => s.setState);
  const validation = toAnswers(draft);
  const answers = validation.answers;
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<CallResponse<'answers:save'> | null>(null);
  // Off by default: a saved answer file travels (shares, deployment tools); secrets go in only when asked for.
  const [includeSecrets, setIncludeSecrets] = useState(false);
  // The preview has no file of the user's choosing, only the state directory's copy, which never holds a secret.
  const canIncludeSecrets = useEngineStore((s) => s.info?.shell === 'electron');
  const [starting, setStarting] = useState(false);

  useEffect(() => {
    if (!answers) return;
    let live = true;
    getClient()
      .call('plan:preview', { answers })
      .then((p) => live && setPlan(p))
      .catch((e: unknown) => live && setError(errorCode(e)));
    return () => {
      live = false;
    };
    // The plan depends on the answers' content, not on the object's identity.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [JSON.stringify(answers)]);

  async function save() {
    if (!answers) return;
    try {
      setSaved(await getClient().call('answers:save', { answers, includeSecrets: canIncludeSecrets && includeSecrets }));
    } catch (e) {
      setError(errorCode(e));
    }
  }

  async function start() {
    if (!answers) return;
    setStarting(true);
    try {
      await getClient().call('join:start', { answers });
      const state = await getClient().call('join:state', {});
      if (state) setState(state);
      navigate('/join');
    } catch (e) {
      setError(errorCode(e));
      setStarting(false);
    }
  }

  return (
    <section className="page" aria-labelledby="review-title">
      <h1 id="review-title">{t('pages.review.title')}</h1>
      <p>{t('pages.review.intro')}</p>
      {!validation.ok && (
        <div role="alert">
          <p className="error-text">{t('pages.review.invalid')}</p>
          <ul>
            {validation.errors.map((e) => {
              const page = pageForField(e.field);
              return (
                <li key={`${e.field}-${e.key}`}>
                  {t(e.key, e.params)} {page && <Link to={`/${page}`}>{t('pages.review.fixOn', { page: t(`nav.pages.${page}`) })}</Link>}
                </li>
              );
            })}
          </ul>
        </div>
      )}
      {error && <ErrorText code={error} />}
      {answers && !plan && !error && <p aria-live="polite">{t('pages.review.loading')}</p>}
      {plan && planMayRestart(plan.steps.map((s) => s.id)) && (
        <p className="warning-note" role="note">
          {t('pages.review.restartWarning', { step: t(`steps.${restartingStep(plan.steps.map((s) => s.id))}.title`) })}
        </p>
      )}
      {answers && (
        <>
          <h2>{t('pages.review.summary.title')}</h2>
          <dl className="summary">
            {settingsSummary(answers).map((row) => (
              <div key={row.labelKey}>
                <dt>{t(row.labelKey)}</dt>
                <dd className={row.valueKey ? undefined : 'mono'}>{row.valueKey ? t(row.valueKey, row.params ?? {}) : row.value}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
      {plan && (
        <>
          <h2>{t('pages.review.steps', { count: plan.steps.length })}</h2>
          <ol className="plan">
            {planRows(plan).map((row) => (
              <li key={row.id}>
                <details>
                  <summary>
                    {t(row.titleKey)}{' '}
                    {row.changesMachine && (
                      <Badge appearance="outline" color="informative" className="tag">
                        {t('pages.review.changesMachine')}
                      </Badge>
                    )}
                  </summary>
                  <dl>
                    <dt>{t('pages.review.powershell')}</dt>
                    <dd>
                      <pre className="mono">{row.powershell}</pre>
                    </dd>
                    {row.needs.length > 0 && (
                      <>
                        <dt>{t('pages.review.needs')}</dt>
                        <dd>{row.needs.map((id) => t(`steps.${id}.title`)).join(', ')}</dd>
                      </>
                    )}
                    {row.downloads.length > 0 && (
                      <>
                        <dt>{t('pages.review.downloads')}</dt>
                        <dd className="mono">{row.downloads.join('\n')}</dd>
                      </>
                    )}
                    {row.images.length > 0 && (
                      <>
                        <dt>{t('pages.review.images')}</dt>
                        <dd className="mono">
                          {row.images
                            .map((i) => `${imageReference(i, t('pages.review.hostTag'))}${i.digest ? `@${i.digest}` : ''}`)
                            .join('\n')}
                        </dd>
                      </>
                    )}
                  </dl>
                </details>
              </li>
            ))}
          </ol>
        </>
      )}
      {canIncludeSecrets && (
        <Checkbox
          checked={includeSecrets}
          onChange={(_, data) => setIncludeSecrets(data.checked === true)}
          label={t('pages.review.includeSecrets')}
        />
      )}
      <p className="hint">{t(canIncludeSecrets ? 'pages.review.includeSecretsHint' : 'pages.review.secretsAsVariables')}</p>
      <div className="actions">
        <Button disabled={!answers} onClick={() => void save()}>
          {t('pages.review.save')}
        </Button>
        <Button appearance="primary" className="primary" disabled={!plan || starting} onClick={() => void start()}>
          {t('pages.review.start')}
        </Button>
      </div>
      {saved && (
        <div aria-live="polite">
          <p>
            {t('pages.review.saved')} <span className="mono">{saved.path ?? t('pages.review.savedNowhere')}</span>
          </p>
          {saved.path && saved.secretsIncluded && <p className="warning-note">{t('pages.review.savedWithSecrets')}</p>}
          {saved.path && saved.references.length > 0 && (
            <>
              <p>{t('pages.review.savedReferences')}</p>
              <ul>
                {savedVariables(saved.references).map(({ name, fields }) => (
                  <li key={name}>
                    <span className="mono">{name}</span>: {t('pages.review.variableHolds', { fields: fields.join(', ') })}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}

/** One line per variable: both proxy URLs usually share one. */
function savedVariables(references: CallResponse<'answers:save'>['references']): { name: string; fields: string[] }[] {
  const byName = new Map<string, string[]>();
  for (const { field, fromEnv } of references) byName.set(fromEnv, [...(byName.get(fromEnv) ?? []), field]);
  return [...byName].map(([name, fields]) => ({ name, fields }));
}
