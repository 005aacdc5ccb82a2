/**
 * The two calls that need native dialogs. The service answers them for the
 * browser preview (which has no dialogs); in Electron these overrides take
 * their place. Dialog wording comes from the shared i18n catalogues.
 */
import fs from 'node:fs';
import path from 'node:path';
import { dialog, shell, type BrowserWindow } from 'electron';
import type { TFunction } from 'i18next';
import type { Handlers } from '../../shared/ipc/contract.js';
import { exportAnswers } from '../service/answer-export.js';

export function dialogHandlers(
  base: Handlers,
  parent: () => BrowserWindow | null,
  t: TFunction,
  /** Records the file the user picked as one the renderer may name afterwards (GrantedFiles.grant). */
  grant: (file: string) => string,
): Pick<Handlers, 'kubeconfig:pick' | 'answers:save' | 'bundle:export' | 'logs:openFolder'> {
  return {
    async 'kubeconfig:pick'() {
      const options: Electron.OpenDialogOptions = {
        title: t('shell.dialogs.pickKubeconfig.title'),
        properties: ['openFile', 'dontAddToRecent'],
        filters: [
          { name: t('shell.dialogs.filters.kubeconfig'), extensions: ['conf', 'config', 'yaml', 'yml', 'kubeconfig'] },
          { name: t('shell.dialogs.filters.all'), extensions: ['*'] },
        ],
      };
      const window = parent();
      const picked = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      const file = picked.filePaths[0];
      return picked.canceled || !file ? null : { path: grant(file) };
    },
    async 'answers:save'(request) {
      // The service keeps its copy (secrets as references) in the state directory.
      const kept = await base['answers:save'](request);
      const options: Electron.SaveDialogOptions = {
        title: t('shell.dialogs.saveAnswers.title'),
        defaultPath: 'answers.json',
        properties: ['showOverwriteConfirmation', 'dontAddToRecent'],
        filters: [{ name: t('shell.dialogs.filters.answers'), extensions: ['json'] }],
      };
      const window = parent();
      const chosen = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      if (chosen.canceled || !chosen.filePath) return { ...kept, path: null };
      // The user's own export: the secrets only when they ticked "include passwords", else the references.
      const exported = exportAnswers(request.answers, request.includeSecrets);
      // Node's mode is ignored on Windows; it keeps the file owner-only where it applies.
      fs.writeFileSync(chosen.filePath, exported.content, { mode: 0o600 });
      return { path: chosen.filePath, content: exported.content, references: exported.references, secretsIncluded: exported.holdsSecrets };
    },
    async 'bundle:export'(request) {
      // The service writes (and redacts) the bundle; the admin then chooses where a copy goes, e.g. the Desktop for the ticket.
      const written = await base['bundle:export'](request);
      if (!written.path) return written;
      const options: Electron.SaveDialogOptions = {
        title: t('shell.dialogs.saveBundle.title'),
        defaultPath: path.basename(written.path),
        properties: ['showOverwriteConfirmation', 'dontAddToRecent'],
        filters: [{ name: t('shell.dialogs.filters.bundle'), extensions: ['zip'] }],
      };
      const window = parent();
      const chosen = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      if (chosen.canceled || !chosen.filePath) return written;
      fs.copyFileSync(written.path, chosen.filePath);
      return { ...written, path: chosen.filePath };
    },
    async 'logs:openFolder'(request) {
      const logs = await base['logs:openFolder'](request);
      // A local folder the service made, never a URL: safe to hand to the shell.
      await shell.openPath(logs.path);
      return logs;
    },
  };
}
