/**
 * The `clock` format of the catalogues ("valid until {{expires, clock}}"): a
 * moment as wall-clock time in this machine's time zone and the language's
 * own form ("14:32", "2:32 PM"), with the date when it is not today, so a
 * token's end reads at a glance. Registered on every translator (the
 * renderer's, the CLI's, englishT). A value that is no date is shown as it
 * came rather than as "Invalid Date".
 */
export const CLOCK_FORMAT = 'clock';

export function formatClock(value: unknown, language: string, now: Date = new Date()): string {
  const moment = value instanceof Date ? value : new Date(typeof value === 'number' ? value : String(value ?? ''));
  if (Number.isNaN(moment.getTime())) return String(value ?? '');
  const sameDay = moment.toDateString() === now.toDateString();
  return new Intl.DateTimeFormat(language, {
    ...(sameDay ? {} : { month: 'short', day: 'numeric' }),
    hour: 'numeric',
    minute: '2-digit',
  }).format(moment);
}
