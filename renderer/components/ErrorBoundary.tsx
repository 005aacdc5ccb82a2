/**
 * Last line of defence: a render error shows errors.E_INTERNAL and a way
 * out, never React's stack trace (users read the screen to support staff).
 */
import { Button } from '@fluentui/react-components';
import { Component, type ReactNode } from 'react';
import { Translation } from 'react-i18next';
import { errorCode } from '../errors/error-code.js';

interface State {
  code: string | null;
}

export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { code: null };

  static getDerivedStateFromError(error: unknown): State {
    return { code: errorCode(error) };
  }

  override render() {
    if (!this.state.code) return this.props.children;
    const code = this.state.code;
    return (
      <Translation>
        {(t) => (
          <div className="page" role="alert">
            <h1>{t('app.crash.title')}</h1>
            <p>{t([`errors.${code}`, 'errors.E_INTERNAL'])}</p>
            <p className="hint">{t('app.crash.hint', { code })}</p>
            <Button onClick={() => window.location.reload()}>{t('app.crash.reload')}</Button>
          </div>
        )}
      </Translation>
    );
  }
}
