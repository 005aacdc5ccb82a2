import { describe, expect, it } from 'vitest';
import { navState, type NavInput } from './nav-state.js';
import { PAGE_IDS, type PageId } from './pages.js';

function input(over: Partial<NavInput>): NavInput {
  return { current: 'welcome', reachable: new Set<PageId>(PAGE_IDS), done: () => true, phase: undefined, ...over };
}

describe('navState', () => {
  it('marks pages the user went past with passing answers done, the rest to do, unreachable ones locked', () => {
    const at = input({ current: 'cluster', reachable: new Set<PageId>(['welcome', 'prerequisites', 'proxy', 'cluster']) });
    expect(navState('proxy', at)).toBe('done');
    expect(navState('cluster', at)).toBe('todo');
    expect(navState('network', at)).toBe('locked');
    expect(navState('proxy', { ...at, done: (id) => id !== 'proxy' })).toBe('todo');
  });

  it('shows the join by its phase', () => {
    expect(navState('join', input({ current: 'welcome', phase: 'running' }))).toBe('running');
    expect(navState('join', input({ phase: 'failed' }))).toBe('failed');
    expect(navState('join', input({ phase: 'restart-required' }))).toBe('warning');
    expect(navState('join', input({ phase: 'cancelled' }))).toBe('warning');
    expect(navState('join', input({ phase: 'succeeded' }))).toBe('done');
  });

  it('counts the pages before the join done once a join exists, wherever the user is', () => {
    expect(navState('network', input({ current: 'welcome', phase: 'running' }))).toBe('done');
    expect(navState('verify', input({ current: 'welcome', phase: 'succeeded' }))).toBe('todo');
  });
});
