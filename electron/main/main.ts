/**
 * WinJoin's Electron entry: the thin shell. It decides between the wizard
 * and an unattended run, keeps one wizard per machine, and wires the window,
 * the guards, the dialogs and IPC to the service. The join itself lives in
 * the service and the engine, which run the same under the CLI and tests.
 */
import { app, dialog, Menu, session, systemPreferences, type BrowserWindow } from 'electron';
import { toErrorShape } from '../../shared/errors.js';
import { EXIT } from '../../shared/exit-codes.js';
import { createTranslator } from '../cli/io.js';
import { resolveStateDir } from '../join/state-dir.js';
import { systemLanguages } from './system-languages.js';
import { createService, type WinJoinService } from '../service/create-service.js';
import { accentControl } from './accent.js';
import { appLayout } from './app-layout.js';
import { dialogHandlers } from './dialogs.js';
import { forwardEvents, registerCalls, withAccent } from './ipc.js';
import { isUnattended, relaunchCommand, userArgs, wizardOptions, type WizardOptions } from './launch-options.js';
import { installAppGuards, guardSession } from './security.js';
import { loadServiceDeps } from './service-deps.js';
import { RESUME_FLAG, resumeAfterRestart } from './resume-after-restart.js';
import type { ServiceDeps } from '../service/deps.js';
import { runUnattended } from './unattended.js';
import { extraCommands } from '../cli/extra-commands.js';
import { createMainWindow, focusWindow } from './window.js';

const layout = appLayout(__dirname);
const args = userArgs(process.argv, app.isPackaged);

async function openService(stateDir: string, rehearsal: WizardOptions['rehearsal'], deps?: ServiceDeps): Promise<WinJoinService> {
  const relaunch = relaunchCommand(
    process.platform,
    { execPath: process.execPath, isPackaged: app.isPackaged, appPath: app.getAppPath() },
    stateDir,
    RESUME_FLAG,
  );
  return createService({
    stateDir,
    shell: 'electron',
    rehearsal,
    relaunch,
    systemLanguages: () => systemLanguages(app),
    deps: deps ?? (await loadServiceDeps()),
  });
}

async function unattended(): Promise<void> {
  let code: number;
  try {
    code = await runUnattended(args, {
      stdout: process.stdout,
      stderr: process.stderr,
      openService: (stateDir) => (options) => openService(stateDir, options.rehearsal),
      extraCommands: extraCommands(app.getVersion()),
    });
  } catch (error) {
    const shape = toErrorShape(error);
    process.stderr.write(`${shape.code}: ${shape.message}\n`);
    code = EXIT.stepFailed;
  }
  // Let the JSON lines reach the pipe the fleet tool reads before exiting.
  process.stdout.write('', () => app.exit(code));
}

async function wizard(): Promise<void> {
  let window: BrowserWindow | null = null;
  app.on('second-instance', () => focusWindow(window));
  app.on('window-all-closed', () => app.quit());

  await app.whenReady();
  Menu.setApplicationMenu(null);
  guardSession(session.defaultSession, layout.rendererRoot);
  const t = createTranslator(app.getLocale().startsWith('ja') ? 'ja' : 'en');

  const options = wizardOptions(args);
  let service: WinJoinService;
  let deps: ServiceDeps;
  try {
    deps = await loadServiceDeps();
    service = await openService(resolveStateDir(options.stateDir), options.rehearsal, deps);
  } catch (error) {
    const shape = toErrorShape(error);
    dialog.showErrorBox(t('shell.startupFailed.title'), t('shell.startupFailed.message', { code: shape.code, message: shape.message }));
    app.exit(EXIT.stepFailed);
    return;
  }

  // The window's accent colour for the renderer's theme; the service (and the preview) knows none.
  const accent = accentControl(systemPreferences, process.platform);
  const handlers = {
    ...service.handlers,
    'app:accent': () => accent.read(),
    ...dialogHandlers(
      service.handlers,
      () => window,
      t,
      (file) => service.granted.grant(file),
    ),
  };
  const unregister = registerCalls(handlers, layout.indexUrl);
  window = createMainWindow({
    title: t('shell.window.title'),
    preload: layout.preload,
    indexUrl: layout.indexUrl,
    devTools: !app.isPackaged,
  });
  const stopEvents = forwardEvents(window.webContents, withAccent(service.subscribe, accent), layout.indexUrl);
  // Started by the one-shot task after the restart a step asked for: carry on where the join stopped.
  if (args.includes(RESUME_FLAG)) void resumeAfterRestart(service, deps);
  window.on('closed', () => {
    stopEvents();
    window = null;
  });

  let closing = false;
  app.on('will-quit', (event) => {
    if (closing) return;
    // Quit waits for the service, so the journal and state reach the disk.
    closing = true;
    event.preventDefault();
    unregister();
    void service
      .close()
      .catch(() => undefined)
      .then(() => app.quit());
  });
}

// Before ready: every renderer sandboxed, every WebContents guarded.
installAppGuards();
if (isUnattended(args)) {
  // Unattended runs skip the single-instance lock: the engine's own lock
  // refuses a second join on the same state directory, with its own message.
  void unattended();
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void wizard();
}
