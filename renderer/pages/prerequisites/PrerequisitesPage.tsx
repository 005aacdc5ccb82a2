/**
 * Runs the prerequisite checks when the page opens (and again on demand) and shows them as a Fluent
 * DataGrid, failures first: status (icon and word), check, what was found, and the fix.
 */
import {
  Button,
  createTableColumn,
  DataGrid,
  DataGridBody,
  DataGridCell,
  DataGridHeader,
  DataGridHeaderCell,
  DataGridRow,
  type TableColumnDefinition,
} from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import { checkDetail, type Translate } from '../../../shared/i18n/messages.js';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../../components/ErrorText.js';
import { CheckStatus } from '../../components/StatusIcon.js';
import { getClient } from '../../bridge.js';
import { useFocusResult } from '../../components/use-focus-result.js';
import { errorCode } from '../../errors/error-code.js';
import { useDraftStore } from '../../state/answers-store.js';
import { toAnswers } from '../../state/draft.js';
import { checkFixKey, checkTitleKey, countChecks, detectedAdapters, sortChecks, type CheckResult } from './checks.js';

export function PrerequisitesPage() {
  const { t } = useTranslation();
  const draft = useDraftStore((s) => s.draft);
  const setAdapters = useDraftStore((s) => s.setAdapters);
  const [checks, setChecks] = useState<CheckResult[] | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { controlsRef, resultRef, finished } = useFocusResult<HTMLButtonElement, HTMLDivElement>();

  async function run() {
    setRunning(true);
    setError(null);
    try {
      const valid = toAnswers(draft);
      const result = await getClient().call('preflight:run', valid.ok ? { answers: valid.answers } : {});
      setChecks(sortChecks(result.checks));
      const adapters = detectedAdapters(result.checks);
      if (adapters.length) setAdapters(adapters);
      if (result.error) setError(result.error);
    } catch (e) {
      setError(errorCode(e));
    } finally {
      setRunning(false);
      finished();
    }
  }

  // The checks start as the page opens: nothing to press before the machine's state is known.
  useEffect(() => {
    // A timer the clean-up cancels: React's development double mount then starts the checks once.
    const timer = setTimeout(() => void run(), 0);
    return () => clearTimeout(timer);
    // Once per visit; Run again re-runs with the answers as they are then.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const counts = checks ? countChecks(checks) : null;
  return (
    <section className="page" aria-labelledby="prereq-title">
      <h1 id="prereq-title">{t('pages.prerequisites.title')}</h1>
      <p>{t('pages.prerequisites.intro')}</p>
      <p>
        <Button ref={controlsRef} type="button" onClick={() => void run()} disabled={running}>
          {running ? t('pages.prerequisites.running') : checks ? t('pages.prerequisites.rerun') : t('pages.prerequisites.run')}
        </Button>
      </p>
      {/* Where focus lands when [Run the checks again] ends, so the new counts are read out. */}
      <div ref={resultRef} tabIndex={-1} aria-live="polite" className="checks-outcome">
        {error && <ErrorText code={error} />}
        {counts && <p>{t('pages.prerequisites.summary', { ...counts })}</p>}
        {checks && checks.length === 0 && !error && <p>{t('pages.prerequisites.none')}</p>}
      </div>
      {checks && checks.length > 0 && <ChecksGrid checks={checks} />}
      <p className="hint">{t('pages.prerequisites.advisory')}</p>
    </section>
  );
}

/**
 * A grid rather than a list: on a support call "the Docker row, the Fix column" is how people point, and a
 * screen reader says each cell with its column's name. Read-only, so no selection or sorting (failures
 * come first already); the rows are few, so nothing is virtualised. Tab enters the grid once, the arrow
 * keys move between cells (Home, End, Ctrl+Home too), and Tab leaves it.
 */
function ChecksGrid({ checks }: { checks: CheckResult[] }) {
  const { t } = useTranslation();
  const columns = useMemo<TableColumnDefinition<CheckResult>[]>(
    () => [
      createTableColumn<CheckResult>({
        columnId: 'status',
        renderHeaderCell: () => t('pages.prerequisites.table.status'),
        renderCell: (check) => <CheckStatus status={check.status} label={t(`pages.prerequisites.status.${check.status}`)} />,
      }),
      createTableColumn<CheckResult>({
        columnId: 'check',
        renderHeaderCell: () => t('pages.prerequisites.table.check'),
        renderCell: (check) => <strong>{t([checkTitleKey(check.id), 'pages.prerequisites.unknownCheck'], { id: check.id })}</strong>,
      }),
      createTableColumn<CheckResult>({
        columnId: 'detail',
        renderHeaderCell: () => t('pages.prerequisites.table.detail'),
        renderCell: (check) =>
          check.detailKey || check.detail ? (
            <span className="detail">{checkDetail(t as unknown as Translate, { checkId: check.id, ...check })}</span>
          ) : null,
      }),
      createTableColumn<CheckResult>({
        columnId: 'fix',
        renderHeaderCell: () => t('pages.prerequisites.table.fix'),
        renderCell: (check) => {
          const fix = checkFixKey(check);
          return fix ? <span className="fix">{t([fix, 'pages.prerequisites.noFix'])}</span> : null;
        },
      }),
    ],
    [t],
  );
  return (
    <DataGrid
      className="checks-grid prerequisite-checks"
      items={checks}
      columns={columns}
      getRowId={(check: CheckResult) => check.id}
      focusMode="cell"
      aria-label={t('pages.prerequisites.table.label')}
    >
      <DataGridHeader>
        <DataGridRow>
          {({ renderHeaderCell, columnId }) => <DataGridHeaderCell className={`col-${columnId}`}>{renderHeaderCell()}</DataGridHeaderCell>}
        </DataGridRow>
      </DataGridHeader>
      <DataGridBody<CheckResult>>
        {({ item, rowId }) => (
          <DataGridRow<CheckResult> key={rowId} className={`status-${item.status}`} data-check={item.id}>
            {({ renderCell, columnId }) => <DataGridCell className={`col-${columnId}`}>{renderCell(item)}</DataGridCell>}
          </DataGridRow>
        )}
      </DataGridBody>
    </DataGrid>
  );
}
