/** Entry: language first (so the first paint is in the user's language), then the engine mirror, then the wizard. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { createRouter } from './app/router.js';
import { getClient } from './bridge.js';
import { ErrorBoundary } from './components/ErrorBoundary.js';
import { followSystemLanguages, setupI18n } from './i18n/setup.js';
import { connectEngine, useEngineStore } from './state/engine-store.js';
import { ThemeRoot } from './theme/ThemeRoot.js';
import './styles.css';

async function start(): Promise<void> {
  await setupI18n();
  connectEngine(getClient());
  // The desktop app reports the Windows display languages; follow them until the user picks one.
  const off = useEngineStore.subscribe((s) => {
    if (!s.info) return;
    off();
    void followSystemLanguages(s.info.systemLanguages);
  });
  const root = document.getElementById('root');
  if (!root) return;
  createRoot(root).render(
    <StrictMode>
      <ThemeRoot>
        <ErrorBoundary>
          <RouterProvider router={createRouter()} />
        </ErrorBoundary>
      </ThemeRoot>
    </StrictMode>,
  );
}

void start();
