import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleAnswers } from '../../shared/answers.js';
import { createTranslator } from './io.js';
import { loadAnswersOrExit } from './load-answers.js';
import { capturedIo } from './testing/captured-io.js';

describe('loadAnswersOrExit, the --answers reader of join, reset, plan and cluster check', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winjoin-load-answers-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('returns the answers of a valid file and writes nothing', () => {
    const file = path.join(dir, 'a.json');
    fs.writeFileSync(file, JSON.stringify(exampleAnswers('containerd-kubeadm')));
    const io = capturedIo();
    const loaded = loadAnswersOrExit(file, { stderr: io.stderr, t: createTranslator('en') });
    expect(loaded?.answers.recipe).toBe('containerd-kubeadm');
    expect(io.err()).toBe('');
  });

  it('names the file, the field and the fix on stderr, and returns null', () => {
    const file = path.join(dir, 'missing.json');
    const io = capturedIo();
    expect(loadAnswersOrExit(file, { stderr: io.stderr, t: createTranslator('en') })).toBeNull();
    expect(io.err()).toBe(
      `The answer file ${file} is not valid:\n  --answers: cannot read ${file} (ENOENT). Check the path and that you may read the file.\n`,
    );
  });
});
