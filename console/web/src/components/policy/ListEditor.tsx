import { useState } from 'react';
import type { z } from 'zod';
import { Button, FieldError, Input, Label, Text, TextField } from 'react-aria-components';

interface Props {
  label: string;
  description: string;
  /** What one entry must be (its message is shown under the field when an entry is not). */
  entry: z.ZodType<string>;
  value: readonly string[];
  onChange(value: string[]): void;
  placeholder?: string;
  /** The list's problem from the form's schema, if any. */
  error?: string;
  /** Several entries at once, separated by spaces or commas (sites); false for entries with spaces (phrases). */
  split?: boolean;
}

/**
 * A list of entries (sites, devices) added one or several at a time: each is checked against the schema as it is
 * added and a bad one is refused with the reason, so the list never holds anything the policy would reject.
 */
export function ListEditor({ label, description, entry, value, onChange, placeholder, error, split = true }: Props) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const add = () => {
    const items = (split ? text.split(/[\s,]+/) : [text.trim()]).filter(Boolean);
    if (items.length === 0) return;
    const added: string[] = [];
    for (const item of items) {
      const parsed = entry.safeParse(item);
      if (!parsed.success) {
        setProblem(`“${item}”: ${parsed.error.issues[0]?.message ?? 'not valid'}`);
        return;
      }
      if (!value.includes(parsed.data) && !added.includes(parsed.data)) added.push(parsed.data);
    }
    onChange([...value, ...added]);
    setText('');
    setProblem(added.length === 0 ? `already in the list` : undefined);
  };
  const shown = problem ?? error;
  return (
    <div className="list-editor">
      <div className="list-editor__add">
        <TextField
          className="ui-field"
          value={text}
          onChange={(typed) => {
            setText(typed);
            setProblem(undefined);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
          isInvalid={shown !== undefined}
          validationBehavior="aria"
        >
          <Label>{label}</Label>
          <Input className="ui-input" placeholder={placeholder} />
          <Text slot="description">{description}</Text>
          <FieldError className="ui-field__error">{shown}</FieldError>
        </TextField>
        <Button className="ui-button" onPress={add} aria-label={`Add to ${label}`}>
          Add
        </Button>
      </div>
      {value.length > 0 && (
        <ul className="chips" aria-label={`In ${label}`}>
          {value.map((item) => (
            <li key={item} className="chip">
              <span className="mono">{item}</span>{' '}
              <Button
                className="ui-button ui-button--quiet chip__remove"
                aria-label={`Remove ${item} from ${label}`}
                onPress={() => onChange(value.filter((v) => v !== item))}
              >
                ✕
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
