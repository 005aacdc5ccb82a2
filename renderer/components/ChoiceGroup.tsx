/**
 * One choice among a few, as Fluent radios under a label, each option with
 * its one-sentence explanation tied to it (aria-describedby), so a screen
 * reader reads why with the option, and a disabled option says why not.
 */
import { Field, Radio, RadioGroup } from '@fluentui/react-components';
import { useId, type ReactElement } from 'react';

export interface Choice<V extends string> {
  value: V;
  label: ReactElement | string;
  explain?: string | undefined;
  disabled?: boolean | undefined;
}

interface ChoiceGroupProps<V extends string> {
  label: string;
  hint?: string | undefined;
  value: V;
  choices: Choice<V>[];
  onChange(value: V): void;
  className?: string;
}

export function ChoiceGroup<V extends string>({ label, hint, value, choices, onChange, className }: ChoiceGroupProps<V>) {
  const id = useId();
  return (
    <Field label={label} hint={hint} className={['choice-group', className].filter(Boolean).join(' ')}>
      <RadioGroup value={value} onChange={(_, data) => onChange(data.value as V)}>
        {choices.map((choice) => (
          <div key={choice.value} className="choice-block">
            <Radio
              value={choice.value}
              label={choice.label}
              disabled={choice.disabled ?? false}
              aria-describedby={choice.explain ? `${id}-${choice.value}` : undefined}
            />
            {choice.explain && (
              <p className="hint" id={`${id}-${choice.value}`}>
                {choice.explain}
              </p>
            )}
          </div>
        ))}
      </RadioGroup>
    </Field>
  );
}
