/** The Fluent provider at the root: its theme follows the system's colour scheme, forced colours and the wizard's language. */
import { FluentProvider } from '@fluentui/react-components';
import { useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { themeFor } from './theme.js';

function useMedia(query: string): boolean {
  return useSyncExternalStore(
    (changed) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', changed);
      return () => list.removeEventListener('change', changed);
    },
    () => window.matchMedia(query).matches,
  );
}

export function ThemeRoot({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const dark = useMedia('(prefers-color-scheme: dark)');
  const forcedColors = useMedia('(forced-colors: active)');
  const language = i18n.language;
  const theme = useMemo(() => themeFor({ dark, forcedColors, language }), [dark, forcedColors, language]);
  // The window behind the provider (overscroll, a resize before the next paint) wears the theme too.
  useEffect(() => {
    document.body.style.backgroundColor = theme.colorNeutralBackground1;
    document.body.style.color = theme.colorNeutralForeground1;
  }, [theme]);
  return (
    <FluentProvider theme={theme} className="app-root" lang={language}>
      {children}
    </FluentProvider>
  );
}
