/** Whether the new node works: the verification steps and their checks, in words. */
import { useTranslation } from 'react-i18next';
import { checkDetail, type Translate } from '../../../shared/i18n/messages.js';
import { useEngineStore } from '../../state/engine-store.js';
import { verifyRows } from './verify-summary.js';

export function VerifyPage() {
  const { t } = useTranslation();
  const state = useEngineStore((s) => s.state);
  const events = useEngineStore((s) => s.events);
  const rows = verifyRows(state, events);
  return (
    <section className="page" aria-labelledby="verify-title">
      <h1 id="verify-title">{t('pages.verify.title')}</h1>
      <p>{t('pages.verify.intro')}</p>
      {!state && <p>{t('pages.join.noRun')}</p>}
      <ul className="check-list">
        {rows.map((row) => (
          <li key={row.id} className={`check status-${row.status}`}>
            <span className="status-label">{t(`pages.verify.status.${row.status}`)}</span> <strong>{t(`steps.${row.id}.title`)}</strong>
            {row.checks.length > 0 && (
              <ul>
                {row.checks.map((c) => (
                  <li key={c.id}>
                    {t(`pages.prerequisites.status.${c.status}`)}:{' '}
                    {t([`checks.${c.id}.title`, 'pages.prerequisites.unknownCheck'], { id: c.id })}
                    {c.detailKey || c.detail ? ` — ${checkDetail(t as unknown as Translate, { checkId: c.id, ...c })}` : ''}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
