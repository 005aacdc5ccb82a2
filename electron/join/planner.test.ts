import { describe, expect, it } from 'vitest';
import { exampleAnswers } from '../../shared/answers.js';
import { buildPlan, canonicalJson, hashAnswers } from './planner.js';
import { fakeRecipe, fakeStep } from './testing/fake-steps.js';

describe('planner', () => {
  it('refuses a step that needs a later or missing step', () => {
    const recipe = fakeRecipe([fakeStep('docker', ['proxy']), fakeStep('proxy', [])]);
    expect(() => buildPlan(exampleAnswers(), recipe, { stateDir: '/tmp' })).toThrow(/needs proxy/);
  });

  it('refuses duplicate steps', () => {
    const recipe = fakeRecipe([fakeStep('docker', []), fakeStep('docker', [])]);
    expect(() => buildPlan(exampleAnswers(), recipe, { stateDir: '/tmp' })).toThrow(/twice/);
  });

  it('hashes answers independently of key order, and differently when a value changes', () => {
    const a = exampleAnswers();
    const reordered = JSON.parse(canonicalJson(a));
    expect(hashAnswers(reordered)).toBe(hashAnswers(a));
    expect(hashAnswers({ ...a, nodeName: 'x' })).not.toBe(hashAnswers(a));
  });
});
