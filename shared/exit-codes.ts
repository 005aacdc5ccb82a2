/**
 * Process exit codes of the CLI and of step scripts. 3010 is the Windows
 * convention for "done, restart required" that SCCM and Intune read. Exit
 * codes are 8 bits on Linux, so 3010 shows there as 194 (3010 mod 256);
 * step scripts therefore also report restart-needed in their structured
 * result, and the runner never depends on the raw code.
 */
export const EXIT = {
  ok: 0,
  stepFailed: 1,
  invalidInput: 2,
  restartRequired: 3010,
  /** A step needs a restart and WinJoin arranged it (answers.restart now or scheduled): Windows' ERROR_SUCCESS_REBOOT_INITIATED. */
  restartInitiated: 1641,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** 3010 as it arrives from a process on a POSIX system. */
export const RESTART_REQUIRED_POSIX = EXIT.restartRequired % 256;
