import { useMemo } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { Button } from 'react-aria-components';
import { KeywordLibrary, KeywordMatcher, KeywordPhrase } from '@lookout/shared';
import { Notice } from '../../api/useAction';
import { FormCheckbox, FormSelect, FormTextField } from '../ui/Fields';
import { ModalDialog } from '../ui/ModalDialog';
import { ListEditor } from '../policy/ListEditor';
import { PhraseTester } from './PhraseTester';
import { hasPhrase } from './libraryEdits';

const Reason = z.string().trim().min(3, 'say why (for the audit log)').max(1000);
type Input = z.input<typeof KeywordPhrase> & { reason: string };
type Output = z.output<typeof KeywordPhrase> & { reason: string };
const SEVERITIES = [
  { value: '1', label: '1 (note it)' },
  { value: '2', label: '2' },
  { value: '3', label: '3' },
  { value: '4', label: '4' },
  { value: '5', label: '5 (act at once)' },
];

/**
 * Adds or edits one phrase: written in the phrase language and checked by the shared parser as it is typed (the
 * column of the first mistake shown under the field), with its category, severity, exceptions and language, and a
 * box to try text against it (with its exceptions) before it is saved.
 */
export function PhraseDialog({
  library,
  editing,
  onSave,
  onClose,
  notice,
}: {
  notice: Parameters<typeof Notice>[0]['notice'];
  library: KeywordLibrary;
  /** The phrase edited; a new one when undefined. */
  editing: KeywordPhrase | undefined;
  onSave(phrase: KeywordPhrase, reason: string): Promise<boolean>;
  onClose(): void;
}) {
  const schema = useMemo(
    () =>
      KeywordPhrase.extend({ reason: Reason }).superRefine((p, ctx) => {
        if (hasPhrase(library, p.phrase, editing?.phrase)) {
          ctx.addIssue({ code: 'custom', path: ['phrase'], message: 'the library already has this phrase' });
        }
      }),
    [library, editing],
  );
  const form = useForm<Input, unknown, Output>({
    resolver: zodResolver(schema),
    mode: 'onChange',
    defaultValues: editing
      ? { ...editing, reason: '' }
      : {
          phrase: '',
          category: library.categories[0]?.id ?? '',
          severity: 3,
          exceptions: [],
          wholeWord: true,
          language: 'en',
          description: '',
          reason: '',
        },
  });
  const draft = useWatch({ control: form.control });
  // The phrase as written so far, alone in a library, when it is valid: what the tester runs.
  const matcher = useMemo(() => {
    const phrase = KeywordPhrase.safeParse(draft);
    if (!phrase.success) return undefined;
    const alone = KeywordLibrary.safeParse({ ...library, phrases: [phrase.data] });
    return alone.success ? new KeywordMatcher([alone.data]) : undefined;
  }, [draft, library]);
  const save = form.handleSubmit(async ({ reason, ...phrase }) => {
    if (await onSave(KeywordPhrase.parse(phrase), reason)) onClose();
  });
  return (
    <ModalDialog
      title={editing ? `Edit “${editing.phrase}”` : `Add a phrase to ${library.name}`}
      isOpen
      onOpenChange={(open) => !open && onClose()}
    >
      <form
        className="ui-form"
        aria-label={editing ? 'Edit phrase' : 'New phrase'}
        onSubmit={(e) => void save(e)}
        noValidate
      >
        <FormTextField
          control={form.control}
          name="phrase"
          label="Phrase"
          autoFocus
          description="(a|b) alternatives, [a] optional, word~ its inflections, A NEAR/5 B within five words."
        />
        <FormSelect
          control={form.control}
          name="category"
          label="Category"
          options={library.categories.map((c) => ({ value: c.id, label: c.name }))}
        />
        <Controller
          control={form.control}
          name="severity"
          render={({ field }) => (
            <label className="ui-field">
              <span className="ui-label">Severity</span>
              <select className="ui-input" value={field.value} onChange={(e) => field.onChange(Number(e.target.value))}>
                {SEVERITIES.map((s) => (
                  <option key={s.value} value={s.value}>
                    {s.label}
                  </option>
                ))}
              </select>
            </label>
          )}
        />
        <Controller
          control={form.control}
          name="exceptions"
          render={({ field, fieldState }) => (
            <ListEditor
              label="Exceptions"
              description="Text around the phrase that is not a concern (kill time), in the same language; one at a time."
              entry={KeywordPhrase.shape.phrase}
              value={field.value ?? []}
              onChange={field.onChange}
              split={false}
              error={fieldState.error?.message ?? firstIssue(fieldState.error)}
            />
          )}
        />
        <FormTextField
          control={form.control}
          name="language"
          label="Language"
          description="A language tag: en, cy (Welsh), pl (Polish)…"
        />
        <FormCheckbox control={form.control} name="wholeWord" label="Whole words only (kill does not match skillet)" />
        <FormTextField control={form.control} name="description" label="Note for staff (optional)" />
        <PhraseTester
          matcher={matcher}
          label="Try it"
          description="Type text as a pupil might: what this phrase (with its exceptions) would flag, and why."
          testId="phrase-try"
        />
        <FormTextField control={form.control} name="reason" label="Why (recorded with the new version)" />
        <Notice notice={notice?.ok ? undefined : notice} />
        <div className="ui-form__actions">
          <Button type="submit" className="ui-button ui-button--primary">
            {editing ? 'Save phrase' : 'Add phrase'}
          </Button>
        </div>
      </form>
    </ModalDialog>
  );
}

/** An array field's first item error ("exceptions.2: column 4: …"), when the array itself has none. */
function firstIssue(error: unknown): string | undefined {
  if (!Array.isArray(error)) return undefined;
  const first = error.find(Boolean) as { message?: string } | undefined;
  return first?.message;
}
