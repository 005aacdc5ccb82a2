/** Language choice, remembered across launches. Each language is named in itself. */
import { Label, Select } from '@fluentui/react-components';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../shared/i18n/index.js';
import { changeLanguage } from '../i18n/setup.js';

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <div className="language-switcher">
      <Label htmlFor={id}>{t('app.language')}</Label>
      <Select id={id} value={i18n.language} onChange={(_, data) => void changeLanguage(data.value as Language)}>
        {LANGUAGES.map((lang) => (
          <option key={lang} value={lang} lang={lang}>
            {t(`lang.${lang}`)}
          </option>
        ))}
      </Select>
    </div>
  );
}
