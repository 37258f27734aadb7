import { useEffect, useRef } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { Button } from 'react-aria-components';
import { KeywordCategory, KeywordLibrary, LibraryReason } from '@lookout/shared';
import { api } from '../../api/ApiClient';
import { Notice, type useAction } from '../../api/useAction';
import { FormTextField } from '../ui/Fields';
import { ModalDialog } from '../ui/ModalDialog';

type Action = ReturnType<typeof useAction>;

/** "Year 8 – local slang" → "year-8-local-slang": the id a name suggests. */
export const slugOf = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);

// A new library needs a name, an id and one category to file its phrases under (the shared schema's rules).
const NewLibraryForm = z.object({
  name: z.string().trim().min(1, 'give the library a name').max(200),
  id: KeywordCategory.shape.id,
  category: z.string().trim().min(1, 'name the first category').max(100),
  reason: LibraryReason,
});
type Values = z.input<typeof NewLibraryForm>;

/** Creates an empty keyword library (version 1, audited); its phrases are then added in the editor. */
export function NewLibraryDialog({
  act,
  notice,
  onCreated,
  onClose,
}: {
  act: Action['act'];
  notice: Action['notice'];
  onCreated(id: string): void;
  onClose(): void;
}) {
  const form = useForm<Values, unknown, z.output<typeof NewLibraryForm>>({
    resolver: zodResolver(NewLibraryForm),
    mode: 'onTouched',
    defaultValues: { name: '', id: '', category: '', reason: '' },
  });
  // The id follows the name until it is edited by hand (then it no longer equals what the name last suggested).
  const name = useWatch({ control: form.control, name: 'name' });
  const suggested = useRef('');
  useEffect(() => {
    if (form.getValues('id') !== suggested.current) return;
    suggested.current = slugOf(name);
    form.setValue('id', suggested.current);
  }, [form, name]);
  const submit = form.handleSubmit(async (values) => {
    const library = KeywordLibrary.parse({
      id: values.id,
      name: values.name,
      categories: [{ id: slugOf(values.category) || 'general', name: values.category }],
      phrases: [],
    });
    if (await act(() => api.createKeywordLibrary({ library, reason: values.reason }), `Library ${values.name} created`))
      onCreated(values.id);
  });
  return (
    <ModalDialog title="New keyword library" isOpen onOpenChange={(open) => !open && onClose()}>
      <form className="ui-form" onSubmit={(e) => void submit(e)} noValidate>
        <FormTextField control={form.control} name="name" label="Library name" autoFocus />
        <FormTextField
          control={form.control}
          name="id"
          label="Library id"
          description="a to z in lower case, digits and dashes; it names the export files and cannot change."
        />
        <FormTextField
          control={form.control}
          name="category"
          label="First category"
          description="Phrases are filed under a category; more can be added by importing."
        />
        <FormTextField control={form.control} name="reason" label="Why (recorded)" />
        <Notice notice={notice?.ok ? undefined : notice} />
        <div className="ui-form__actions">
          <Button type="submit" className="ui-button ui-button--primary">
            Create library
          </Button>
        </div>
      </form>
    </ModalDialog>
  );
}
