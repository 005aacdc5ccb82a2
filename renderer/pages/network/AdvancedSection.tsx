/**
 * The settings known-problem fixes point at: install directory, base image
 * tag, offline source, node name, Kubernetes version. Closed unless one of
 * them differs from its default or has an error.
 */
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/Field.js';
import { errorFor } from '../../components/field-errors.js';
import { useDraftStore } from '../../state/answers-store.js';
import { advancedErrors, ADVANCED_FIELDS, initialDraft, type AdvancedDraft } from '../../state/draft.js';

const FIELDS: { key: keyof AdvancedDraft; field: (typeof ADVANCED_FIELDS)[number] }[] = [
  { key: 'installDir', field: 'installDir' },
  { key: 'baseImageTag', field: 'baseImageTag' },
  { key: 'offlineSource', field: 'downloads.offlineSource' },
  { key: 'nodeName', field: 'nodeName' },
  { key: 'kubernetesVersion', field: 'kubernetesVersion' },
];

export function AdvancedSection() {
  const { t } = useTranslation();
  const { draft, setAdvanced, touched, touch } = useDraftStore();
  const errors = advancedErrors(draft);
  const defaults = initialDraft().advanced;
  const open = errors.length > 0 || FIELDS.some(({ key }) => draft.advanced[key] !== defaults[key]);
  return (
    <details className="advanced" open={open}>
      <summary>{t('pages.network.advanced.title')}</summary>
      <p className="hint">{t('pages.network.advanced.intro')}</p>
      <div className="form">
        {FIELDS.map(({ key, field }) => (
          <Field
            key={key}
            label={t(`pages.network.advanced.${key}.label`)}
            hint={t(`pages.network.advanced.${key}.hint`)}
            value={draft.advanced[key]}
            error={errorFor(errors, field, { ...touched, [field]: true })}
            onChange={(value) => setAdvanced({ [key]: value })}
            onBlur={() => touch(field)}
            spellCheck={false}
          />
        ))}
      </div>
    </details>
  );
}
