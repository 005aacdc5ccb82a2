/**
 * The frame around every page: header (title, rehearsal badge, language),
 * the list of wizard steps, the page itself and Back/Next. Pages only
 * render their content; moving between them happens here.
 */
import { Badge, Button } from '@fluentui/react-components';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { ErrorBoundary } from '../components/ErrorBoundary.js';
import { ErrorText } from '../components/ErrorText.js';
import { LanguageSwitcher } from '../components/LanguageSwitcher.js';
import { useEngineStore } from '../state/engine-store.js';
import { neighbours, nextBlockedReason, PAGE_IDS, pageFromPath, pagePath } from './pages.js';
import { useDraftStore } from '../state/answers-store.js';
import { focusControlLabelled } from './focus-control.js';
import { useGates } from './use-gates.js';
import { navState } from './nav-state.js';
import { StatusIcon } from '../components/StatusIcon.js';

export function Shell() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const page = pageFromPath(location.pathname);
  const { reachable, done } = useGates();
  const { prev, next } = neighbours(page);
  const phase = useEngineStore((s) => s.state?.phase);
  const info = useEngineStore((s) => s.info);
  const connectionError = useEngineStore((s) => s.connectionError);
  const main = useRef<HTMLElement>(null);

  // Moving to a page opens it at its top (not at the last page's scroll position) and puts focus on its
  // content, so keyboard and screen-reader users start at the heading.
  useEffect(() => {
    const el = main.current;
    if (!el) return;
    el.scrollTop = 0;
    window.scrollTo(0, 0);
    // A failure card's "Go to <page>" link names the control that carries out the fix: focus lands there.
    const focusLabel = (location.state as { focusLabel?: unknown } | null)?.focusLabel;
    if (typeof focusLabel === 'string' && focusControlLabelled(el, focusLabel)) return;
    el.focus({ preventScroll: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a page change moves focus; the link's state comes with it.
  }, [page]);

  const nextAllowed = next !== null && done(page) && page !== 'review';
  // After a failure or a cancel, the page's own action (Retry, Resume) is the primary one, not Next.
  const draft = useDraftStore((s) => s.draft);
  const joinState = useEngineStore((s) => s.state);
  const blocked = next && page !== 'review' ? nextBlockedReason({ draft, state: joinState }, page) : null;
  const nextPrimary = !(page === 'join' && (phase === 'failed' || phase === 'cancelled' || phase === 'restart-required'));
  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={(e) => (e.preventDefault(), main.current?.focus())}>
        {t('app.skipToContent')}
      </a>
      <header className="header">
        <span className="app-title">{t('app.title')}</span>
        {info?.rehearsal.enabled && (
          <Badge appearance="tint" color="warning" shape="rounded" title={t('app.rehearsal.hint')}>
            {t('app.rehearsal.badge', { scenario: info.rehearsal.scenario ?? '' })}
          </Badge>
        )}
        <span className="spacer" />
        <LanguageSwitcher />
      </header>
      <div className="body">
        <nav className="steps" aria-label={t('nav.label')}>
          <ol>
            {PAGE_IDS.map((id) => {
              const state = navState(id, { current: page, reachable, done, phase });
              const label = (
                <>
                  <StatusIcon kind={state} />
                  <span className="step-name">{t(`nav.pages.${id}`)}</span>
                  {state !== 'todo' && state !== 'locked' && <span className="visually-hidden"> ({t(`nav.state.${state}`)})</span>}
                </>
              );
              return (
                <li key={id} className={`nav-${state}`}>
                  {state === 'locked' ? (
                    <span className="unreachable" aria-disabled="true">
                      {label}
                    </span>
                  ) : (
                    <NavLink to={pagePath(id)} end aria-current={id === page ? 'page' : undefined}>
                      {label}
                    </NavLink>
                  )}
                </li>
              );
            })}
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
        {/* A disabled Next always says why, next to it. */}
        {blocked && (
          <span className="hint next-blocked" id="next-blocked">
            {t(blocked.key, { fields: blocked.fields.map((k) => t(k)).join(', ') })}
          </span>
        )}
        <Button disabled={prev === null} onClick={() => prev && navigate(pagePath(prev))}>
          {t('nav.back')}
        </Button>
        {next && page !== 'review' && (
          <Button
            appearance={nextPrimary ? 'primary' : 'secondary'}
            className={nextPrimary ? 'primary' : undefined}
            disabled={!nextAllowed}
            aria-describedby={blocked ? 'next-blocked' : undefined}
            onClick={() => navigate(pagePath(next))}
          >
            {t('nav.next')}
          </Button>
        )}
      </footer>
    </div>
  );
}
