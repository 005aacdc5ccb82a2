/** Host dependencies for service and CLI tests: the fake recipe and executor of the engine tests. */
import { fakeExecutor, fakeRecipe, fakeStep } from '../../join/testing/fake-steps.js';
import type { ServiceDeps } from '../deps.js';

export function fakeDeps(overrides: Partial<ServiceDeps> = {}): ServiceDeps {
  return {
    recipe: (answers) => [
      { ...fakeStep('prerequisites', []), params: { installDir: answers.installDir, nodeName: answers.nodeName ?? '' } },
      { ...fakeStep('proxy', ['prerequisites']), params: { http: answers.proxy?.http ?? null, noProxy: answers.proxy?.noProxy ?? [] } },
    ],
    executor: () => fakeExecutor,
    inspectKubeconfig: async (path) => ({ path, usable: true, contexts: [], currentContext: null, server: null, findings: [] }),
    rehearsalScenarios: ['happy'],
    version: '0.0.0-test',
    ...overrides,
  };
}

export { fakeRecipe, fakeStep };
