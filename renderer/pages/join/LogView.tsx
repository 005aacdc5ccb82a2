/**
 * The live log: thousands of lines stay smooth because only the visible rows
 * are rendered (@tanstack/react-virtual). It follows new lines unless the
 * user pauses auto-scroll to read.
 */
import { Button, Checkbox, Field, Input, Select } from '@fluentui/react-components';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEngineStore } from '../../state/engine-store.js';
import { lineSource, linesToText, renderLine, type LogFilter, type LogLine } from './log-lines.js';

/** runId: only that run's lines (Welcome's reset log), else every line of the journal. */
export function LogView({ stepIds, runId }: { stepIds: string[]; runId?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const all = useEngineStore((s) => s.events);
  const events = useMemo(() => (runId ? all.filter((e) => e.runId === runId) : all), [all, runId]);
  const [filter, setFilter] = useState<LogFilter>({ stepId: 'all', level: 'all', search: '' });
  const [follow, setFollow] = useState(true);
  const [copied, setCopied] = useState<number | null>(null);
  const scroller = useRef<HTMLDivElement>(null);

  const render = useMemo(() => (line: LogLine) => renderLine((key, options) => t(key, options ?? {}), line), [t]);
  const lines = useMemo(() => lineSource(events, filter, render), [events, filter, render]);

  // The virtualizer hands back functions React Compiler must not memoize; this component re-renders on every batch anyway.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: lines.count,
    getScrollElement: () => scroller.current,
    estimateSize: () => 22,
    overscan: 20,
  });

  useEffect(() => {
    if (follow && lines.count > 0) virtualizer.scrollToIndex(lines.count - 1, { align: 'end' });
  }, [follow, lines.count, virtualizer]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(linesToText(lines.all(), render));
      setCopied(lines.count);
    } catch {
      setCopied(-1);
    }
  }

  return (
    <section aria-labelledby={`${id}-title`} className="log">
      <h2 id={`${id}-title`}>{t('pages.join.log')}</h2>
      <div className="log-tools">
        <Field label={t('pages.join.filterStep')}>
          <Select value={filter.stepId} onChange={(_, data) => setFilter({ ...filter, stepId: data.value })}>
            <option value="all">{t('pages.join.allSteps')}</option>
            {stepIds.map((s) => (
              <option key={s} value={s}>
                {t(`steps.${s}.title`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('pages.join.filterLevel')}>
          <Select value={filter.level} onChange={(_, data) => setFilter({ ...filter, level: data.value as LogFilter['level'] })}>
            {(['all', 'info', 'warn', 'error'] as const).map((level) => (
              <option key={level} value={level}>
                {t(`pages.join.levels.${level}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('pages.join.search')}>
          <Input type="search" value={filter.search} onChange={(_, data) => setFilter({ ...filter, search: data.value })} />
        </Field>
        <Checkbox checked={!follow} onChange={(_, data) => setFollow(data.checked !== true)} label={t('pages.join.pauseScroll')} />
        <Button onClick={() => void copy()} disabled={lines.count === 0}>
          {t('pages.join.copy')}
        </Button>
        <span aria-live="polite" className="hint">
          {copied === -1 ? t('pages.join.copyFailed') : copied !== null ? t('pages.join.copied', { count: copied }) : ''}
        </span>
      </div>
      <div ref={scroller} className="log-scroller" role="log" aria-label={t('pages.join.log')} tabIndex={0}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const line = lines.at(item.index);
            if (!line) return null;
            return (
              <div
                key={line.seq}
                className={`log-line level-${line.level}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
              >
                <span className="log-time">{line.ts.slice(11, 19)}</span> <span className="log-step">{line.stepId ?? '-'}</span>{' '}
                {render(line)}
              </div>
            );
          })}
        </div>
      </div>
      <p className="hint">{t('pages.join.lineCount', { count: lines.count })}</p>
    </section>
  );
}
