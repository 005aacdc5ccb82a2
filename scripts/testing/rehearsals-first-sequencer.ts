import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Starts the rehearsal files (`*.e2e.test.ts`, each a whole simulated join of
 * one to five minutes) before everything else.
 *
 * Why: vitest orders by the durations it cached on an earlier run, and by file
 * size without a cache. A clean clone (CI) has no cache, so a five-minute
 * rehearsal could start last and leave the other worker idle for its whole
 * length; that tail cost CI about three minutes. Inside each group the base
 * order still applies (cached durations when there are some, else size).
 */
export class RehearsalsFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isRehearsal = (file: TestSpecification) => file.moduleId.endsWith('.e2e.test.ts');
    return [...sorted.filter(isRehearsal), ...sorted.filter((file) => !isRehearsal(file))];
  }
}
