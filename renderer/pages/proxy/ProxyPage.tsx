/** No proxy, or a manual one: URLs, NO_PROXY and masked credentials, checked as they are typed. */
import { Checkbox } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChoiceGroup } from '../../components/ChoiceGroup.js';
import { Field } from '../../components/Field.js';
import { errorFor } from '../../components/field-errors.js';
import { useDraftStore } from '../../state/answers-store.js';
import { proxyErrors } from './proxy-errors.js';

export function ProxyPage() {
  const { t } = useTranslation();
  const { draft, setProxy, touched, touch } = useDraftStore();
  const [showPassword, setShowPassword] = useState(false);
  const proxy = draft.proxy;
  const errors = proxyErrors(draft);
  const err = (field: string) => errorFor(errors, field, touched);

  return (
    <section className="page" aria-labelledby="proxy-title">
      <h1 id="proxy-title">{t('pages.proxy.title')}</h1>
      <p>{t('pages.proxy.intro')}</p>
      <ChoiceGroup
        label={t('pages.proxy.mode')}
        value={proxy.mode}
        choices={(['none', 'manual'] as const).map((mode) => ({ value: mode, label: t(`pages.proxy.modes.${mode}`) }))}
        onChange={(mode) => setProxy({ mode })}
      />
      {proxy.mode === 'manual' && (
        <div className="form">
          <Field
            label={t('pages.proxy.http')}
            hint={t('pages.proxy.httpHint')}
            value={proxy.http}
            placeholder="http://proxy.example.com:8080"
            error={err('proxy.http')}
            onChange={(http) => setProxy({ http })}
            onBlur={() => touch('proxy.http')}
            spellCheck={false}
          />
          <Field
            label={t('pages.proxy.https')}
            hint={t('pages.proxy.httpsHint')}
            value={proxy.https}
            error={err('proxy.https')}
            onChange={(https) => setProxy({ https })}
            onBlur={() => touch('proxy.https')}
            spellCheck={false}
          />
          <Field
            label={t('pages.proxy.noProxy')}
            hint={t('pages.proxy.noProxyHint')}
            value={proxy.noProxy}
            error={err('proxy.noProxy')}
            onChange={(noProxy) => setProxy({ noProxy })}
            onBlur={() => touch('proxy.noProxy')}
            spellCheck={false}
          />
          <Checkbox
            checked={proxy.addClusterRanges}
            onChange={(_, data) => setProxy({ addClusterRanges: data.checked === true })}
            label={t('pages.proxy.addClusterRanges')}
          />
          <fieldset>
            <legend>{t('pages.proxy.credentials')}</legend>
            <p className="hint">{t('pages.proxy.credentialsHint')}</p>
            <p className="hint">{t('pages.proxy.credentialsWhere')}</p>
            <Field
              label={t('pages.proxy.username')}
              value={proxy.username}
              autoComplete="off"
              onChange={(username) => setProxy({ username })}
            />
            <Field
              label={t('pages.proxy.password')}
              type={showPassword ? 'text' : 'password'}
              autoComplete="off"
              value={proxy.password}
              onChange={(password) => setProxy({ password })}
            />
            <Checkbox
              checked={showPassword}
              onChange={(_, data) => setShowPassword(data.checked === true)}
              label={t('pages.proxy.showPassword')}
            />
          </fieldset>
        </div>
      )}
    </section>
  );
}
