/** On Welcome: a join left unfinished can be continued in one click instead of walking the wizard again. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { getClient } from '../../bridge.js';
import { ErrorText } from '../../components/ErrorText.js';
import { errorCode, shownError } from '../../errors/error-code.js';
import { useEngineStore } from '../../state/engine-store.js';
import { resumeOffer } from './resume-offer.js';

export function ResumeCard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const offer = resumeOffer(useEngineStore((s) => s.state));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ReturnType<typeof shownError> | null>(null);
  if (!offer) return null;

  async function resume() {
    setBusy(true);
    setError(null);
    try {
      await getClient().call('join:resume', {});
      navigate('/join');
    } catch (e) {
      const code = errorCode(e);
      // Already running in this WinJoin: there is nothing to resume, only to watch.
      if (code === 'E_JOIN_IN_PROGRESS') navigate('/join');
      else setError(shownError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card resume-card" aria-labelledby="resume-title">
      <h2 id="resume-title">{t('pages.welcome.resume.title')}</h2>
      <p>{t(`pages.welcome.resume.${offer}`)}</p>
      <p className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void resume()}>
          {t('pages.welcome.resume.resume')}
        </button>
        <button type="button" onClick={() => navigate('/join')}>
          {t('pages.welcome.resume.watch')}
        </button>
      </p>
      {error && <ErrorText code={error.code} params={error.params} />}
    </section>
  );
}
