/**
 * A failed step on a support call: the specific cause with real values, the
 * attempt, each known problem with its id, cause and fix, and Retry as the
 * one primary action. One-click fixes appear where the wizard can apply them.
 */
import { Button, MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { FailureView } from '../../../shared/failure-view.js';
import { fixLink } from './fix-link.js';

export function FailureCard({
  view,
  busy,
  onRetry,
  onUseTag,
}: {
  view: FailureView;
  busy: boolean;
  onRetry: (() => void) | null;
  onUseTag: ((tag: string) => void) | null;
}) {
  const { t } = useTranslation();
  const step = t(`steps.${view.stepId}.title`);
  const tag = view.knownProblems.find((kp) => kp.code === 'KP-T8-IMAGE-OS-MISMATCH')?.values.hostTag;
  return (
    <div className="failure-card" role="group" aria-label={t('pages.join.failure.label', { step })}>
      <p className="failure-headline">
        <strong>{t('pages.join.failure.attempt', { step, attempt: view.attempt })}</strong> {view.headline}
      </p>
      {view.error && <p className="error-text">{view.error}</p>}
      {view.knownProblems.map((kp) => (
        <MessageBar key={kp.code} intent="warning" layout="multiline" className="known-problem">
          <MessageBarBody>
            <MessageBarTitle>
              {t('pages.join.knownProblem')} <code>{kp.code}</code>: {kp.title}
            </MessageBarTitle>
            {/* Cause and fix both: support reads the cause aloud, the administrator acts on the fix. */}
            <p>
              <span className="kp-label">{t('pages.join.cause')}:</span> {kp.cause}
            </p>
            <p>
              <span className="kp-label">{t('pages.join.fix')}:</span> {kp.fix}
            </p>
            <FixLinkView code={kp.code} />
          </MessageBarBody>
        </MessageBar>
      ))}
      <p className="actions">
        {onRetry && (
          <Button appearance="primary" className="primary" disabled={busy} onClick={onRetry}>
            {t('pages.join.retry', { step })}
          </Button>
        )}
        {tag && onUseTag && (
          <Button disabled={busy} onClick={() => onUseTag(tag)}>
            {t('pages.join.failure.useTag', { tag })}
          </Button>
        )}
      </p>
    </div>
  );
}

/** "Go to <page>: <control>", landing with focus on that control (see Shell). */
function FixLinkView({ code }: { code: string }) {
  const { t } = useTranslation();
  const link = fixLink(code);
  if (!link) return null;
  const control = t(link.labelKey);
  return (
    <p>
      <Link to={link.path} state={{ focusLabel: control }}>
        {t('pages.join.failure.goTo', { page: t(`nav.pages.${link.page}`), control })}
      </Link>
    </p>
  );
}
