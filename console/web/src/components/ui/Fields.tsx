import { useState, type ReactNode, type Ref } from 'react';
import { Controller, type Control, type FieldPath, type FieldValues } from 'react-hook-form';
import { Checkbox, FieldError, Input, Label, Text, TextField } from 'react-aria-components';

interface FieldProps<T extends FieldValues> {
  control: Control<T>;
  name: FieldPath<T>;
  label: string;
  description?: ReactNode;
}

/**
 * A text field bound to a react-hook-form field: the form's zod schema decides what is valid, and the reason shows
 * under the field as it is typed (announced, and tied to the input by aria-describedby), before anything is saved.
 */
export function FormTextField<T extends FieldValues>({
  control,
  name,
  label,
  description,
  type = 'text',
  autoComplete,
  autoFocus,
}: FieldProps<T> & { type?: 'text' | 'password' | 'search'; autoComplete?: string; autoFocus?: boolean }) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <TextField
          className="ui-field"
          name={field.name}
          value={(field.value as string | undefined) ?? ''}
          onChange={field.onChange}
          onBlur={field.onBlur}
          isInvalid={fieldState.invalid}
          validationBehavior="aria"
          type={type}
          autoComplete={autoComplete}
          autoFocus={autoFocus}
        >
          <Label>{label}</Label>
          <Input ref={field.ref} className="ui-input" />
          {description && <Text slot="description">{description}</Text>}
          <FieldError className="ui-field__error">{fieldState.error?.message}</FieldError>
        </TextField>
      )}
    />
  );
}

/**
 * A whole number, checked against the schema's bounds as it is typed (not only when the field loses focus, which
 * would move the form under a pointer on its way to the save button).
 */
export function FormNumberField<T extends FieldValues>({ control, name, label, description }: FieldProps<T>) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <NumberText
          label={label}
          description={description}
          value={field.value as number}
          onChange={field.onChange}
          onBlur={field.onBlur}
          inputRef={field.ref}
          name={field.name}
          error={fieldState.error?.message}
        />
      )}
    />
  );
}

function NumberText({
  label,
  description,
  value,
  onChange,
  onBlur,
  inputRef,
  name,
  error,
}: {
  label: string;
  description?: ReactNode;
  value: number;
  onChange(value: number): void;
  onBlur(): void;
  inputRef: Ref<HTMLInputElement>;
  name: string;
  error: string | undefined;
}) {
  // What was typed, kept as typed ("" or "1e" too): the form holds the number it means (NaN when none).
  const [text, setText] = useState(Number.isFinite(value) ? String(value) : '');
  return (
    <TextField
      className="ui-field"
      name={name}
      value={text}
      inputMode="numeric"
      onChange={(typed) => {
        setText(typed);
        onChange(/^\s*-?\d+\s*$/.test(typed) ? Number(typed) : Number.NaN);
      }}
      onBlur={onBlur}
      isInvalid={error !== undefined}
      validationBehavior="aria"
    >
      <Label>{label}</Label>
      <Input ref={inputRef} className="ui-input ui-input--number" />
      {description && <Text slot="description">{description}</Text>}
      <FieldError className="ui-field__error">{error}</FieldError>
    </TextField>
  );
}

/** A yes/no choice bound to a form field. */
export function FormCheckbox<T extends FieldValues>({ control, name, label }: FieldProps<T>) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <Checkbox className="ui-checkbox" isSelected={Boolean(field.value)} onChange={field.onChange} name={field.name}>
          <span className="ui-checkbox__box" aria-hidden="true" />
          {label}
        </Checkbox>
      )}
    />
  );
}

/** A choice among a few options (a native select: every browser and screen reader knows it). */
export function FormSelect<T extends FieldValues>({
  control,
  name,
  label,
  options,
}: FieldProps<T> & { options: readonly { value: string; label: string }[] }) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <label className="ui-field">
          <span className="ui-label">{label}</span>
          <select
            className="ui-input"
            name={field.name}
            value={field.value as string}
            onChange={field.onChange}
            onBlur={field.onBlur}
            ref={field.ref}
          >
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      )}
    />
  );
}
