/** What WinJoin will do and what to have at hand, in the user's language. */
import { Button } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { LanguageSwitcher } from '../../components/LanguageSwitcher.js';
import { RemoveNodeCard } from './RemoveNodeCard.js';
import { ResumeCard } from './ResumeCard.js';
import { ScenarioList } from './ScenarioList.js';
import { useDraftStore } from '../../state/answers-store.js';
import { welcomeNeedKey, welcomeNeeds } from './welcome-content.js';

export function WelcomePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  // The recipe is known once the connection test chose one (the admin may come back here from the Cluster page).
  const recipe = useDraftStore((s) => (s.probe?.result.proposedRecipe ? s.draft.recipe : null));
  return (
    <section className="page" aria-labelledby="welcome-title">
      <h1 id="welcome-title">{t('pages.welcome.title')}</h1>
      <p>{t('pages.welcome.intro')}</p>
      <ResumeCard />
      <RemoveNodeCard />
      <h2>{t('pages.welcome.needsTitle')}</h2>
      <ul>
        {welcomeNeeds(recipe).map((need) => (
          <li key={need}>{t(welcomeNeedKey(need, recipe))}</li>
        ))}
      </ul>
      <p className="hint">{t('pages.welcome.safety')}</p>
      <LanguageSwitcher />
      <p>
        <Button appearance="primary" className="primary" onClick={() => navigate('/prerequisites')}>
          {t('pages.welcome.start')}
        </Button>
      </p>
      <ScenarioList />
    </section>
  );
}
