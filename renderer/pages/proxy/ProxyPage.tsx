/** No proxy, or a manual one: URLs, NO_PROXY and masked credentials, checked as they are typed. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
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
      <fieldset>
        <legend>{t('pages.proxy.mode')}</legend>
        {(['none', 'manual'] as const).map((mode) => (
          <label key={mode} className="choice">
            <input type="radio" name="proxy-mode" value={mode} checked={proxy.mode === mode} onChange={() => setProxy({ mode })} />
            {t(`pages.proxy.modes.${mode}`)}
          </label>
        ))}
      </fieldset>
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
          <label className="choice">
            <input type="checkbox" checked={proxy.addClusterRanges} onChange={(e) => setProxy({ addClusterRanges: e.target.checked })} />
            {t('pages.proxy.addClusterRanges')}
          </label>
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
            <label className="choice">
              <input type="checkbox" checked={showPassword} onChange={(e) => setShowPassword(e.target.checked)} />
              {t('pages.proxy.showPassword')}
            </label>
          </fieldset>
        </div>
      )}
    </section>
  );
}
