/**
 * The files the renderer may name. The renderer is the least trusted part of
 * the app (and in the preview it is a web page): if it could pass any path,
 * the elevated back end would read it for it (a UNC path sends the machine's
 * NTLM credentials to that host; a pipe or device talks to whoever listens).
 * So a path from the renderer is a handle the back end issued: a file the
 * user picked in the native dialog, one the user uploaded (kept in the state
 * directory), or the rehearsal's own kubeconfig. Answer files read by the
 * command line do not pass through here: the administrator wrote them.
 */
import path from 'node:path';
import type { Answers } from '../../shared/answers.js';
import { WinJoinError } from '../../shared/errors.js';

export class GrantedFiles {
  private readonly files = new Set<string>();

  /** Records a file the user chose (dialog, upload) and returns it unchanged, as the handle the renderer gets. */
  grant(file: string): string {
    this.files.add(path.resolve(file));
    return file;
  }

  has(file: string): boolean {
    return this.files.has(path.resolve(file));
  }

  /** The file, if the user chose it in this session; otherwise a refusal naming the field and how to choose one. */
  require(file: string, field: string): string {
    if (this.has(file)) return file;
    throw new WinJoinError(
      'E_INVALID_REQUEST',
      `${field}: ${file} was not chosen in this session; choose the file with the file dialog or upload it`,
      { field },
    );
  }
}

/**
 * Answers from the renderer: the kubeconfig must be a chosen file; the
 * wizard offers no offline source or extra CA, so a renderer naming one is
 * refused (an answer file for `winjoin join` can name them); the install
 * directory must be a folder of its own on a local drive.
 */
export function checkRendererAnswers(answers: Answers, granted: GrantedFiles): void {
  granted.require(answers.cluster.kubeconfigPath, 'cluster.kubeconfigPath');
  for (const field of ['offlineSource', 'extraCaFile'] as const) {
    const value = answers.downloads[field];
    if (value !== null && !granted.has(value)) {
      throw new WinJoinError(
        'E_INVALID_REQUEST',
        `downloads.${field}: the wizard does not take ${value}; name it in an answer file and run winjoin join --answers FILE`,
        { field: `downloads.${field}` },
      );
    }
  }
  // The schema already allows only X:\... drive paths; a drive root would put SYSTEM's binaries beside everything else on the drive.
  if (/^[A-Za-z]:\\?$/.test(answers.installDir.replace(/\\+$/, '\\'))) {
    throw new WinJoinError(
      'E_INVALID_REQUEST',
      `installDir: ${answers.installDir} is a drive root; use a folder of its own such as C:\\k`,
      { field: 'installDir' },
    );
  }
}
