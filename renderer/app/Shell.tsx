/**
 * The frame around every page: header (title, rehearsal badge, language),
 * the list of wizard steps, the page itself and Back/Next. Pages only
 * render their content; moving between them happens here.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { ErrorBoundary } from '../components/ErrorBoundary.js';
import { ErrorText } from '../components/ErrorText.js';
import { LanguageSwitcher } from '../components/LanguageSwitcher.js';
import { useEngineStore } from '../state/engine-store.js';
import { neighbours, PAGE_IDS, pageFromPath, pagePath } from './pages.js';
import { useGates } from './use-gates.js';

export function Shell() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const page = pageFromPath(location.pathname);
  const { reachable, done } = useGates();
  const { prev, next } = neighbours(page);
  const info = useEngineStore((s) => s.info);
  const connectionError = useEngineStore((s) => s.connectionError);
  const main = useRef<HTMLElement>(null);

  // Moving to a page puts focus on its content, so keyboard and screen-reader users start at the top of it.
  useEffect(() => {
    main.current?.focus();
  }, [page]);

  const nextAllowed = next !== null && done(page) && page !== 'review';
  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={(e) => (e.preventDefault(), main.current?.focus())}>
        {t('app.skipToContent')}
      </a>
      <header className="header">
        <span className="app-title">{t('app.title')}</span>
        {info?.rehearsal.enabled && (
          <span className="badge" title={t('app.rehearsal.hint')}>
            {t('app.rehearsal.badge', { scenario: info.rehearsal.scenario ?? '' })}
          </span>
        )}
        <span className="spacer" />
        <LanguageSwitcher />
      </header>
      <div className="body">
        <nav className="steps" aria-label={t('nav.label')}>
          <ol>
            {PAGE_IDS.map((id) => (
              <li key={id}>
                {reachable.has(id) ? (
                  <NavLink to={pagePath(id)} end aria-current={id === page ? 'page' : undefined}>
                    {t(`nav.pages.${id}`)}
                  </NavLink>
                ) : (
                  <span className="unreachable" aria-disabled="true">
                    {t(`nav.pages.${id}`)}
                  </span>
                )}
              </li>
            ))}
          </ol>
        </nav>
        <main id="main" ref={main} tabIndex={-1} className="content">
          {connectionError && <ErrorText code={connectionError} />}
          <ErrorBoundary key={page}>
            <Outlet />
          </ErrorBoundary>
        </main>
      </div>
      <footer className="footer">
        <span className="hint">{t('nav.stepOf', { n: PAGE_IDS.indexOf(page) + 1, total: PAGE_IDS.length })}</span>
        <span className="spacer" />
        <button type="button" disabled={prev === null} onClick={() => prev && navigate(pagePath(prev))}>
          {t('nav.back')}
        </button>
        {next && page !== 'review' && (
          <button type="button" className="primary" disabled={!nextAllowed} onClick={() => navigate(pagePath(next))}>
            {t('nav.next')}
          </button>
        )}
      </footer>
    </div>
  );
}
