/** On Welcome: a join left unfinished can be continued in one click instead of walking the wizard again. */
import { Button } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { getClient } from '../../bridge.js';
import { ErrorText } from '../../components/ErrorText.js';
import { errorCode, shownError } from '../../errors/error-code.js';
import { useEngineStore } from '../../state/engine-store.js';
import type { SecretField } from '../../../shared/secret-refs.js';
import { RetypeSecrets } from '../../components/RetypeSecrets.js';
import { typedSecrets } from '../../components/typed-secrets.js';
import { resumeOffer } from './resume-offer.js';
import { TitledCard } from '../../components/TitledCard.js';

export function ResumeCard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const state = useEngineStore((s) => s.state);
  const offer = resumeOffer(state);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ReturnType<typeof shownError> | null>(null);
  // Set once a resume failed for want of a secret typed in the wizard: the card then asks for it.
  const [retype, setRetype] = useState(false);
  if (!offer) return null;
  const typed = typedSecrets(state);

  async function resume(entered?: { field: SecretField; value: string }[]) {
    setBusy(true);
    setError(null);
    try {
      await getClient().call('join:resume', entered ? { entered } : {});
      navigate('/join');
    } catch (e) {
      const code = errorCode(e);
      const shown = shownError(e);
      // Already running in this WinJoin: there is nothing to resume, only to watch.
      if (code === 'E_JOIN_IN_PROGRESS') navigate('/join');
      else if (code === 'E_SECRET_UNAVAILABLE' && shown.params?.context === 'entered' && typed.length > 0) {
        // The form says what happened and asks for the value: the "start over" message would only mislead.
        if (retype) setError(shown);
        setRetype(true);
      } else setError(shown);
    } finally {
      setBusy(false);
    }
  }

  return (
    <TitledCard className="resume-card" title={t('pages.welcome.resume.title')}>
      <p>{t(`pages.welcome.resume.${offer}`)}</p>
      <p className="actions">
        {!retype && (
          <Button appearance="primary" className="primary" disabled={busy} onClick={() => void resume()}>
            {t('pages.welcome.resume.resume')}
          </Button>
        )}
        <Button onClick={() => navigate('/join')}>{t('pages.welcome.resume.watch')}</Button>
      </p>
      {retype && <RetypeSecrets secrets={typed} busy={busy} onResume={(entered) => void resume(entered)} />}
      {error && <ErrorText code={error.code} params={error.params} />}
    </TitledCard>
  );
}
