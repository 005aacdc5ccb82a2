/**
 * How this node proves itself to the cluster (containerd-kubeadm): by
 * default WinJoin creates a short-lived bootstrap token when the join starts;
 * or the admin pastes the control plane's `kubeadm join …` line, which is
 * split into its three parts at once and then cleared, so the token shows
 * only in its masked field. Each part is checked as it is typed.
 */
import { Field as FluentField, Textarea } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CREATED_TOKEN_TTL_MS } from '../../../shared/answers.js';
import { parseJoinCommand } from '../../../shared/join-command.js';
import type { FieldError } from '../../../shared/validation/issues.js';
import { ChoiceGroup } from '../../components/ChoiceGroup.js';
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
      <ChoiceGroup
        label={t('pages.cluster.join.mode')}
        value={join.mode}
        choices={(['create', 'paste'] as const).map((mode) => ({
          value: mode,
          label: t(`pages.cluster.join.${mode}.label`),
          explain: t(`pages.cluster.join.${mode}.explain`, { hours: CREATED_TOKEN_TTL_MS / 3_600_000, until: now + CREATED_TOKEN_TTL_MS }),
        }))}
        onChange={(mode) => setJoin({ mode })}
      />
      {join.mode === 'paste' && (
        <div className="form">
          <FluentField
            className="field"
            label={t('pages.cluster.join.command.label')}
            hint={t('pages.cluster.join.command.hint')}
            validationState={pasteErrors.length ? 'error' : 'none'}
            validationMessage={
              pasteErrors.length
                ? pasteErrors
                    .map((e) => t(e.key, { ...e.params, field: t(`pages.cluster.join.fields.${e.field.split('.')[1] ?? 'command'}`) }))
                    .join(' ')
                : undefined
            }
          >
            <Textarea
              rows={3}
              spellCheck={false}
              autoComplete="off"
              value={pasted}
              resize="vertical"
              onChange={(_, data) => takeCommand(data.value)}
            />
          </FluentField>
          {ignored.length > 0 && (
            <p className="hint">{t('pages.cluster.join.command.ignored', { flags: ignored.map((f) => `--${f}`).join(', ') })}</p>
          )}
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
