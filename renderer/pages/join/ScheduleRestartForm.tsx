/**
 * The restart card's "at a time" choice: a day (today, tomorrow, then dates
 * within MAX_SCHEDULE_DAYS) and a 24-hour HH:MM time, as maintenance windows
 * are written. A wrong time is named by its field with the fix before
 * anything is sent; main checks the moment again.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkSchedule, scheduleDays, type Message } from './restart-card.js';

export function ScheduleRestartForm({ busy, simulated, onSchedule }: { busy: boolean; simulated: boolean; onSchedule(at: Date): void }) {
  const { t, i18n } = useTranslation();
  const id = useId();
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

  const errorText = (field: 'day' | 'time') =>
    error?.field === field && (
      <p className="field-error" id={`${id}-${field}-error`}>
        {t(error.message.key, { ...error.message.params, field: field === 'day' ? dayLabel : timeLabel })}
      </p>
    );
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
      <div className="field">
        <label htmlFor={`${id}-day`}>{dayLabel}</label>
        <select
          id={`${id}-day`}
          value={day}
          aria-invalid={error?.field === 'day' ? true : undefined}
          aria-describedby={error?.field === 'day' ? `${id}-day-error` : undefined}
          onChange={(e) => setDay(Number(e.target.value))}
        >
          {days.map((d) => (
            <option key={d.offset} value={d.offset}>
              {d.key ? t(d.key) : d.label}
            </option>
          ))}
        </select>
        {errorText('day')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-time`}>{timeLabel}</label>
        <p className="hint" id={`${id}-time-hint`}>
          {t('pages.join.restart.schedule.timeHint')}
        </p>
        <input
          id={`${id}-time`}
          value={time}
          inputMode="numeric"
          placeholder="02:30"
          aria-invalid={error?.field === 'time' ? true : undefined}
          aria-describedby={[`${id}-time-hint`, error?.field === 'time' ? `${id}-time-error` : ''].filter(Boolean).join(' ')}
          onChange={(e) => setTime(e.target.value)}
        />
        {errorText('time')}
      </div>
      <p>
        <button type="submit" disabled={busy}>
          {t('pages.join.restart.schedule.submit')}
        </button>
      </p>
    </form>
  );
}
