import { describe, expect, it } from 'vitest';
import type { JoinState } from '../../shared/state.js';
import { initialDraft } from '../state/draft.js';
import { isPageDone, neighbours, pageFromPath, pagePath, reachablePages } from './pages.js';

const state = (phase: JoinState['phase']) => ({ phase }) as JoinState;

describe('wizard pages', () => {
  it('maps routes both ways and falls back to Welcome', () => {
    expect(pagePath('welcome')).toBe('/');
    expect(pagePath('network')).toBe('/network');
    expect(pageFromPath('/network')).toBe('network');
    expect(pageFromPath('/nonsense')).toBe('welcome');
  });

  it('stops at the first page whose answers are incomplete', () => {
    const draft = initialDraft();
    expect([...reachablePages({ draft, state: null })]).toEqual(['welcome', 'prerequisites', 'proxy', 'cluster']);
    draft.cluster.kubeconfigPath = '/tmp/admin.conf';
    expect(reachablePages({ draft, state: null }).has('network')).toBe(true);
    expect(reachablePages({ draft, state: null }).has('review')).toBe(false);
    draft.network.masterIp = '10.1.2.3';
    expect(reachablePages({ draft, state: null }).has('review')).toBe(true);
    expect(reachablePages({ draft, state: null }).has('join')).toBe(false);
  });

  it('blocks a kubeconfig the back end called unusable, and an invalid proxy', () => {
    const draft = initialDraft();
    draft.cluster.kubeconfigPath = '/tmp/admin.conf';
    draft.cluster.inspection = { path: '/tmp/admin.conf', usable: false, contexts: [], currentContext: null, server: null, findings: [] };
    expect(isPageDone('cluster', { draft, state: null })).toBe(false);
    draft.proxy = { ...draft.proxy, mode: 'manual', http: 'proxy:8080' };
    expect(isPageDone('proxy', { draft, state: null })).toBe(false);
  });

  it('lets a running join be watched but not left for Verify until it ends', () => {
    const draft = initialDraft();
    const running = reachablePages({ draft, state: state('running') });
    expect(running.has('join')).toBe(true);
    expect(isPageDone('join', { draft, state: state('running') })).toBe(false);
    expect(isPageDone('join', { draft, state: state('failed') })).toBe(true);
    expect(reachablePages({ draft, state: state('succeeded') }).has('finish')).toBe(true);
  });

  it('knows each page neighbours', () => {
    expect(neighbours('welcome')).toEqual({ prev: null, next: 'prerequisites' });
    expect(neighbours('finish')).toEqual({ prev: 'verify', next: null });
  });
});
