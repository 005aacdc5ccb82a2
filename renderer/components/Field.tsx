/**
 * A labelled Fluent input with its hint and its validation message; Fluent's
 * Field ties both to the input (aria-describedby, aria-invalid), so screen
 * readers read the fix with the field.
 */
import { Field as FluentField, Input, type InputProps } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { FieldError } from '../../shared/validation/issues.js';

interface FieldProps extends Omit<InputProps, 'onChange' | 'value' | 'size'> {
  label: string;
  hint?: string;
  value: string;
  error?: FieldError | undefined;
  onChange(value: string): void;
}

export function Field({ label, hint, value, error, onChange, ...input }: FieldProps) {
  const { t } = useTranslation();
  return (
    <FluentField
      className="field"
      label={label}
      hint={hint}
      validationState={error ? 'error' : 'none'}
      validationMessage={error ? t(error.key, { ...error.params, field: label }) : undefined}
    >
      <Input {...input} value={value} onChange={(_, data) => onChange(data.value)} />
    </FluentField>
  );
}
