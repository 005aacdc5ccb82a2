/** Under a network field: where a value from the cluster came from, or what the cluster suggests instead of the typed value. */
import { Button } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { Hint } from './cluster-hints.js';

interface HintNoteProps {
  label: string;
  value: string;
  hint: Hint | undefined;
  prefilled: boolean;
  onUse(value: string): void;
}

export function HintNote({ label, value, hint, prefilled, onUse }: HintNoteProps) {
  const { t } = useTranslation();
  if (!hint) return null;
  const source = t(`pages.network.hintSource.${hint.source}`, { from: hint.from });
  if (value === hint.value)
    return (
      <p className="hint from-cluster">{prefilled ? t('pages.network.prefilled', { source }) : t('pages.network.matches', { source })}</p>
    );
  return (
    <p className="hint from-cluster">
      {t('pages.network.suggested', { value: hint.value, source })}{' '}
      <Button
        type="button"
        onClick={() => onUse(hint.value)}
        aria-label={t('pages.network.useSuggestedFor', { field: label, value: hint.value })}
      >
        {t('pages.network.useSuggested')}
      </Button>
    </p>
  );
}
