import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnswersSchema } from '../shared/answers.js';
import { resolveSecretRefs } from '../shared/secret-refs.js';

/** Every ```json block in the docs that looks like an answer file must be one. */
function answerFileExamples(): { file: string; text: string }[] {
  const dir = import.meta.dirname;
  const found: { file: string; text: string }[] = [];
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.md'))) {
    const markdown = fs.readFileSync(path.join(dir, name), 'utf8');
    for (const match of markdown.matchAll(/```json\n([\s\S]*?)```/g)) {
      if (match[1]!.includes('"version"')) found.push({ file: name, text: match[1]! });
    }
  }
  return found;
}

describe('answer files in the docs', () => {
  const examples = answerFileExamples();
  it('there are examples to check', () => expect(examples.length).toBeGreaterThan(0));
  it.each(examples.map((e, i) => [`${e.file} #${i + 1}`, e.text]))('%s is a valid answer file', (_name, text) => {
    const fake = { readFile: () => 'http://user:pw@proxy.corp.example:8080', readEnv: () => 'http://user:pw@proxy.corp.example:8080' };
    const resolved = resolveSecretRefs(JSON.parse(text), fake);
    expect(resolved.errors).toEqual([]);
    const result = AnswersSchema.safeParse(resolved.answers);
    expect(result.error?.issues ?? []).toEqual([]);
  });
});

/**
 * Issue 19, point 9: a folder directly under a drive root inherits the root's ACL (Users may create files
 * there and read them), so where the installer and fleet docs put WinJoin.exe, an admin kubeconfig or a
 * proxy secret, the same page must make that folder admin-only: an `icacls <folder> /inheritance:r` step.
 * System folders (Program Files, ProgramData, Windows, Users) and the ones WinJoin creates admin-only itself
 * (the install directory C:\k, the CNI and containerd folders) need none.
 */
// Names stop at a space: `C:\Program Files` reads as C:\Program (prose may even wrap the line there).
const SECURED_ELSEWHERE = /^[A-Z]:\\(program|programdata|windows|users|k|etc|opt|var)$/i;

function rootFolders(markdown: string): string[] {
  const found = new Set<string>();
  // JSON examples escape the backslash (C:\\deploy); both spellings name the same folder.
  for (const match of markdown.replace(/\\\\/g, '\\').matchAll(/\b([A-Z]):\\([A-Za-z0-9_.-]+)/g)) {
    const folder = `${match[1]!.toUpperCase()}:\\${match[2]!}`;
    if (!SECURED_ELSEWHERE.test(folder)) found.add(folder.toLowerCase());
  }
  return [...found];
}

function securedFolders(markdown: string): string[] {
  return [...markdown.matchAll(/icacls\s+"?([A-Z]:\\[^"\s]+)"?\s+\/inheritance:r\b/gi)].map((m) => m[1]!.toLowerCase());
}

describe('folders the installer and fleet docs name under a drive root', () => {
  it.each(['installer.md', 'unattended.md'])('%s makes each one admin-only with icacls', (name) => {
    const markdown = fs.readFileSync(path.join(import.meta.dirname, name), 'utf8');
    const secured = securedFolders(markdown);
    const unsecured = rootFolders(markdown).filter((folder) => !secured.includes(folder));
    expect(unsecured).toEqual([]);
  });

  it('finds a folder under a drive root and accepts it only with its icacls step', () => {
    expect(rootFolders('copy admin.conf to `C:\\deploy\\admin.conf`; "kubeconfigPath": "D:\\\\fleet\\\\a.conf"')).toEqual([
      'c:\\deploy',
      'd:\\fleet',
    ]);
    expect(rootFolders('`C:\\Program Files\\WinJoin\\WinJoin.exe`, `C:\\k\\config`')).toEqual([]);
    expect(securedFolders('icacls C:\\deploy /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F')).toEqual(['c:\\deploy']);
    expect(securedFolders('icacls C:\\deploy /grant Users:R')).toEqual([]);
  });
});
