/** The router's error element: the same coded message as the boundary, without the router's default stack dump. */
import { useRouteError } from 'react-router';
import { useTranslation } from 'react-i18next';
import { errorCode } from '../errors/error-code.js';

export function RouteError() {
  const error = useRouteError();
  const { t } = useTranslation();
  const code = errorCode(error);
  return (
    <main className="page" role="alert">
      <h1>{t('app.crash.title')}</h1>
      <p>{t([`errors.${code}`, 'errors.E_INTERNAL'])}</p>
      <p className="hint">{t('app.crash.hint', { code })}</p>
      <a href="#/">{t('app.crash.home')}</a>
    </main>
  );
}
