/**
 * The live log: thousands of lines stay smooth because only the visible rows
 * are rendered. Every row is one line high (.log-line: 22 px, no wrapping),
 * so the rows in view are arithmetic on the scroll position: a general
 * virtualizer measured all 200,000 rows again each time lines arrived, the
 * page's largest cost after the flood's own decoding. It follows new lines
 * unless the user pauses auto-scroll to read.
 */
import { Button, Checkbox, Field, Input, Select } from '@fluentui/react-components';
import { useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEngineStore } from '../../state/engine-store.js';
import { lineSource, linesToText, renderLine, rowWindow, type LogFilter, type LogLine } from './log-lines.js';

/** The height of .log-line in styles.css. */
const ROW_PX = 22;
/** Rows rendered beyond each edge of the view, so a scroll shows no gap before React catches up. */
const OVERSCAN = 20;

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

  const [view, setView] = useState({ top: 0, height: 0 });
  const measure = () => {
    const element = scroller.current;
    if (!element) return;
    const { scrollTop: top, clientHeight: height } = element;
    setView((seen) => (seen.top === top && seen.height === height ? seen : { top, height }));
  };
  // A view that grows (a larger window) shows more rows at once, scrolled or not.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
    // measure reads only the element and sets state through an updater: the first one serves for good.
  }, []);
  // Follows the newest line: to the bottom when lines arrive or following is turned back on (before the paint, so
  // no frame shows the old place). Only then: a reader's own scroll, even while following, stays where they put it.
  const followed = useRef({ count: -1, follow });
  useLayoutEffect(() => {
    const element = scroller.current;
    const changed = followed.current.count !== lines.count || followed.current.follow !== follow;
    followed.current = { count: lines.count, follow };
    if (element && changed && follow && lines.count > 0) element.scrollTop = element.scrollHeight;
    measure();
  });
  const rows = rowWindow(lines.count, view.top, view.height, ROW_PX, OVERSCAN);

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
      <div ref={scroller} className="log-scroller" role="log" aria-label={t('pages.join.log')} tabIndex={0} onScroll={measure}>
        <div style={{ height: lines.count * ROW_PX, position: 'relative' }}>
          {rows.map((index) => {
            const line = lines.at(index);
            if (!line) return null;
            return (
              <div
                key={line.seq}
                className={`log-line level-${line.level}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${index * ROW_PX}px)` }}
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
