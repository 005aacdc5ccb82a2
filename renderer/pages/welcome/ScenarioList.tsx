/**
 * In a rehearsal: which scenario runs and which others exist. Information
 * only; the scenario is chosen when the preview starts (--scenario), so
 * switching means restarting it.
 */
import { useTranslation } from 'react-i18next';
import { useEngineStore } from '../../state/engine-store.js';
import { TitledCard } from '../../components/TitledCard.js';

export function ScenarioList() {
  const { t } = useTranslation();
  const rehearsal = useEngineStore((s) => s.info?.rehearsal);
  if (!rehearsal?.enabled) return null;
  return (
    <TitledCard className="scenarios" title={t('pages.welcome.scenarios.title')}>
      <p>{t('pages.welcome.scenarios.current', { scenario: rehearsal.scenario ?? '' })}</p>
      <p className="hint">{t('pages.welcome.scenarios.switch')}</p>
      <ul>
        {rehearsal.scenarios.map((name) => (
          <li key={name} aria-current={name === rehearsal.scenario ? 'true' : undefined}>
            <span className="mono">{name}</span>: {t([`rehearsal.scenarios.${name}.title`, 'pages.welcome.scenarios.unknown'], { name })}
            <span className="hint"> — {t([`rehearsal.scenarios.${name}.description`, 'pages.welcome.scenarios.unknown'], { name })}</span>
          </li>
        ))}
      </ul>
    </TitledCard>
  );
}
