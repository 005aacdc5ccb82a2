/**
 * The restart card's "at a time" choice: a day (today, tomorrow, then dates
 * within MAX_SCHEDULE_DAYS) and a 24-hour HH:MM time, as maintenance windows
 * are written. A wrong time is named by its field with the fix before
 * anything is sent; main checks the moment again.
 */
import { Button, Field, Input, Select } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkSchedule, scheduleDays, type Message } from './restart-card.js';

export function ScheduleRestartForm({ busy, simulated, onSchedule }: { busy: boolean; simulated: boolean; onSchedule(at: Date): void }) {
  const { t, i18n } = useTranslation();
  const [day, setDay] = useState(0);
  const [time, setTime] = useState('');
  const [error, setError] = useState<{ field: 'day' | 'time'; message: Message } | null>(null);
  const days = scheduleDays(new Date(), i18n.language);
  const dayLabel = t('pages.join.restart.schedule.day');
  const timeLabel = t('pages.join.restart.schedule.time');

  function submit() {
    const checked = checkSchedule(day, time, new Date());
    if ('error' in checked) return setError({ field: checked.field, message: checked.error });
    setError(null);
    onSchedule(checked.at);
  }

  /** Fluent's Field ties the message to its control (aria-describedby, aria-invalid). */
  const validation = (field: 'day' | 'time') =>
    error?.field === field
      ? {
          validationState: 'error' as const,
          validationMessage: t(error.message.key, { ...error.message.params, field: field === 'day' ? dayLabel : timeLabel }),
        }
      : {};
  return (
    <form
      className="schedule-restart"
      aria-label={t('pages.join.restart.schedule.title')}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <p>{t(simulated ? 'pages.join.restart.schedule.introSimulated' : 'pages.join.restart.schedule.intro')}</p>
      <Field className="field" label={dayLabel} {...validation('day')}>
        <Select value={String(day)} onChange={(_, data) => setDay(Number(data.value))}>
          {days.map((d) => (
            <option key={d.offset} value={d.offset}>
              {d.key ? t(d.key) : d.label}
            </option>
          ))}
        </Select>
      </Field>
      <Field className="field" label={timeLabel} hint={t('pages.join.restart.schedule.timeHint')} {...validation('time')}>
        <Input value={time} inputMode="numeric" placeholder="02:30" onChange={(_, data) => setTime(data.value)} />
      </Field>
      <p>
        <Button type="submit" disabled={busy}>
          {t('pages.join.restart.schedule.submit')}
        </Button>
      </p>
    </form>
  );
}
