/** An error as the user sees it: the catalogue's message for its code, never a raw message or stack. */
import { useTranslation } from 'react-i18next';

export function ErrorText({ code, params }: { code: string; params?: Record<string, string> | undefined }) {
  const { t } = useTranslation();
  return (
    <p className="error-text" role="alert">
      {t([`errors.${code}`, 'errors.E_INTERNAL'], params ?? {})}
    </p>
  );
}
