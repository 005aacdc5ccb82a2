/** Where the tests find the real step host and their fixture scripts. */
import path from 'node:path';

export const powershellDir = path.resolve(import.meta.dirname, '..', '..', '..', 'powershell');
export const stepHost = path.join(powershellDir, 'Invoke-WinJoinStep.ps1');
export const fixturesDir = path.resolve(import.meta.dirname, '..', 'fixtures');
export const fixture = (name: string) => path.join(fixturesDir, name);
