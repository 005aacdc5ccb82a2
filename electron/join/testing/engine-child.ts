/**
 * A join engine in its own process, for the crash test: the parent kills it
 * with SIGKILL mid-step and starts it again with "resume".
 * argv: <stateDir> <start|resume> <markerDir>
 */
import path from 'node:path';
import { exampleAnswers } from '../../../shared/answers.js';
import { JoinEngine } from '../engine.js';
import { fakeExecutor, fakeRecipe, fakeStep } from './fake-steps.js';

const [stateDir, mode, markerDir] = process.argv.slice(2) as [string, string, string];
const marker = (id: string) => path.join(markerDir, `${id}.started`);
const engine = new JoinEngine({
  stateDir,
  executor: fakeExecutor,
  recipe: fakeRecipe([
    fakeStep('prerequisites', [], { lines: 3 }),
    fakeStep('docker', ['prerequisites'], { lines: 40, sleepMs: 4000, startedMarker: marker('docker') }),
    fakeStep('proxy', ['docker'], { lines: 3 }),
  ]),
});
const handle = mode === 'resume' ? engine.resume() : engine.start(exampleAnswers());
const phase = await handle.done;
await engine.close();
process.stdout.write(`PHASE ${phase}\n`);
