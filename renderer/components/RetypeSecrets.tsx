/**
 * After a restart, a join whose proxy password (or token) was typed in the
 * wizard cannot go on by itself: WinJoin never wrote it down. This form asks
 * for it again, masked like the Proxy page's password, checks it against the
 * saved join as it is typed (same proxy and user, same token id), and hands it
 * to main for this resume only.
 */
import { Button, Checkbox } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { enteredValueProblem, valueFromTyped } from '../../shared/entered-secrets.js';
import type { SecretField } from '../../shared/secret-refs.js';
import { Field } from './Field.js';

export interface RetypeSecretsProps {
  secrets: { field: SecretField; hint: string }[];
  busy: boolean;
  onResume(entered: { field: SecretField; value: string }[]): void;
}

export function RetypeSecrets({ secrets, busy, onResume }: RetypeSecretsProps) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState<Partial<Record<SecretField, string>>>({});
  const [touched, setTouched] = useState<Partial<Record<SecretField, boolean>>>({});
  const [show, setShow] = useState(false);
  const rows = secrets.map(({ field, hint }) => {
    const value = valueFromTyped(field, hint, typed[field] ?? '');
    return { field, hint, value, problem: enteredValueProblem(field, hint, value) };
  });

  return (
    <form
      className="retype-secrets"
      aria-labelledby="retype-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (rows.some((r) => r.problem)) return setTouched(Object.fromEntries(secrets.map((s) => [s.field, true])));
        onResume(rows.map(({ field, value }) => ({ field, value })));
      }}
    >
      <h3 id="retype-title">{t('pages.welcome.resume.retype.title')}</h3>
      <p>{t('pages.welcome.resume.retype.intro')}</p>
      {rows.map(({ field, hint, problem }) => (
        <Field
          key={field}
          label={
            field === 'join.token'
              ? t('pages.welcome.resume.retype.token', { id: hint })
              : t('pages.welcome.resume.retype.proxyPassword', { proxy: hint })
          }
          type={show ? 'text' : 'password'}
          autoComplete="off"
          spellCheck={false}
          value={typed[field] ?? ''}
          error={problem && touched[field] ? { field, key: problem, params: {} } : undefined}
          onChange={(value) => setTyped((s) => ({ ...s, [field]: value }))}
          onBlur={() => setTouched((s) => ({ ...s, [field]: true }))}
        />
      ))}
      <Checkbox checked={show} onChange={(_, data) => setShow(data.checked === true)} label={t('pages.welcome.resume.retype.show')} />
      <p className="actions">
        <Button type="submit" appearance="primary" className="primary" disabled={busy}>
          {t('pages.welcome.resume.retype.resume')}
        </Button>
      </p>
    </form>
  );
}
