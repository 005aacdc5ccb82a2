/**
 * How this node proves itself to the cluster (containerd-kubeadm): by
 * default WinJoin creates a short-lived bootstrap token when the join starts;
 * or the admin pastes the control plane's `kubeadm join …` line, which is
 * split into its three parts at once and then cleared, so the token shows
 * only in its masked field. Each part is checked as it is typed.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CREATED_TOKEN_TTL_MS } from '../../../shared/answers.js';
import { parseJoinCommand } from '../../../shared/join-command.js';
import type { FieldError } from '../../../shared/validation/issues.js';
import { Field } from '../../components/Field.js';
import { errorFor } from '../../components/field-errors.js';
import { useNow } from '../../components/use-now.js';
import { useDraftStore } from '../../state/answers-store.js';
import { sectionErrors } from '../../state/draft.js';

const JOIN_FIELDS = ['apiServerEndpoint', 'token', 'caCertHash'] as const;

export function JoinCredentials() {
  const { t } = useTranslation();
  // The token's end moves with the clock while the admin reads; a minute is its resolution.
  const now = useNow(true, 30_000);
  const { draft, setJoin, touched, touch } = useDraftStore();
  const [pasteErrors, setPasteErrors] = useState<FieldError[]>([]);
  const [pasted, setPasted] = useState('');
  const [ignored, setIgnored] = useState<string[]>([]);
  const join = draft.join;
  const errors = sectionErrors(draft, 'join');

  function takeCommand(text: string) {
    setPasted(text);
    if (!text.trim()) return setPasteErrors([]);
    const parsed = parseJoinCommand(text);
    if (!parsed.ok) return setPasteErrors(parsed.errors);
    const { ignoredFlags, ...parts } = parsed.value;
    setJoin(parts);
    for (const field of JOIN_FIELDS) touch(`join.${field}`);
    setIgnored(ignoredFlags);
    setPasteErrors([]);
    // The line held the token in clear: it lives on only in the masked field.
    setPasted('');
  }

  return (
    <fieldset className="join-credentials">
      <legend>{t('pages.cluster.join.title')}</legend>
      <p className="hint">{t('pages.cluster.join.intro')}</p>
      {(['create', 'paste'] as const).map((mode) => (
        <div key={mode} className="choice-block">
          <label className="choice">
            <input
              type="radio"
              name="join-mode"
              value={mode}
              checked={join.mode === mode}
              aria-describedby={`join-${mode}-explain`}
              onChange={() => setJoin({ mode })}
            />
            {t(`pages.cluster.join.${mode}.label`)}
          </label>
          <p className="hint" id={`join-${mode}-explain`}>
            {t(`pages.cluster.join.${mode}.explain`, { hours: CREATED_TOKEN_TTL_MS / 3_600_000, until: now + CREATED_TOKEN_TTL_MS })}
          </p>
        </div>
      ))}
      {join.mode === 'paste' && (
        <div className="form">
          <div className="field">
            <label htmlFor="join-command">{t('pages.cluster.join.command.label')}</label>
            <p className="hint" id="join-command-hint">
              {t('pages.cluster.join.command.hint')}
            </p>
            <textarea
              id="join-command"
              rows={3}
              spellCheck={false}
              autoComplete="off"
              value={pasted}
              aria-invalid={pasteErrors.length ? true : undefined}
              aria-describedby={pasteErrors.length ? 'join-command-hint join-command-error' : 'join-command-hint'}
              onChange={(e) => takeCommand(e.target.value)}
            />
            {pasteErrors.length > 0 && (
              <div id="join-command-error" role="alert">
                {pasteErrors.map((e) => (
                  <p key={`${e.field}-${e.key}`} className="field-error">
                    {t(e.key, { ...e.params, field: t(`pages.cluster.join.fields.${e.field.split('.')[1] ?? 'command'}`) })}
                  </p>
                ))}
              </div>
            )}
            {ignored.length > 0 && (
              <p className="hint">{t('pages.cluster.join.command.ignored', { flags: ignored.map((f) => `--${f}`).join(', ') })}</p>
            )}
          </div>
          {JOIN_FIELDS.map((field) => (
            <Field
              key={field}
              label={t(`pages.cluster.join.fields.${field}`)}
              value={join[field]}
              type={field === 'token' ? 'password' : 'text'}
              autoComplete="off"
              spellCheck={false}
              error={errorFor(errors, `join.${field}`, touched)}
              onChange={(value) => setJoin({ [field]: value })}
              onBlur={() => touch(`join.${field}`)}
            />
          ))}
        </div>
      )}
    </fieldset>
  );
}
