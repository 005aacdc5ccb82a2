/**
 * The Fluent provider at the root: its theme follows the system's colour scheme, forced colours, the window's
 * accent colour (asked of the shell once, then each change it reports) and the wizard's language.
 */
import { FluentProvider } from '@fluentui/react-components';
import { useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { getClient } from '../bridge.js';
import { themeFor } from './theme.js';

/** The accent the shell reports (`#rrggbb`), or null until it answers, where it has none, or when asking failed. */
function useAccent(): string | null {
  const [accent, setAccent] = useState<string | null>(null);
  useEffect(() => {
    const client = getClient();
    let live = true;
    const off = client.on('app:accent', (payload) => setAccent(payload.accent));
    client
      .call('app:accent', {})
      .then((payload) => live && setAccent(payload.accent))
      .catch(() => undefined);
    return () => {
      live = false;
      off();
    };
  }, []);
  return accent;
}

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
  const accent = useAccent();
  const language = i18n.language;
  const theme = useMemo(() => themeFor({ dark, forcedColors, language, accent }), [dark, forcedColors, language, accent]);
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
