import { useFieldArray, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Button } from 'react-aria-components';
import { TermSettings } from '@lookout/shared';
import { FormTextField } from '../components/ui/Fields';

/** The school's term dates (none: the usual UK pattern), checked by the shared schema as they are typed. */
export function TermDatesForm({
  initial,
  onSave,
}: {
  initial: TermSettings;
  onSave(t: TermSettings): Promise<unknown>;
}) {
  const form = useForm({ resolver: zodResolver(TermSettings), mode: 'onTouched', defaultValues: initial });
  const terms = useFieldArray({ control: form.control, name: 'terms' });
  return (
    <form
      className="ui-form"
      aria-label="Term dates"
      onSubmit={(e) => void form.handleSubmit((values) => onSave(values))(e)}
    >
      {terms.fields.map((field, i) => (
        <fieldset key={field.id} className="term-dates__term">
          <legend>Term {i + 1}</legend>
          <FormTextField control={form.control} name={`terms.${i}.name`} label="Name" />
          <FormTextField control={form.control} name={`terms.${i}.start`} label="First day" description="YYYY-MM-DD" />
          <FormTextField control={form.control} name={`terms.${i}.end`} label="Last day" description="YYYY-MM-DD" />
          <Button className="ui-button" onPress={() => terms.remove(i)} aria-label={`Remove term ${i + 1}`}>
            Remove
          </Button>
        </fieldset>
      ))}
      <div className="ui-form__actions ui-form__actions--start">
        <Button className="ui-button" onPress={() => terms.append({ name: '', start: '', end: '' })}>
          Add a term
        </Button>
        <Button type="submit" className="ui-button ui-button--primary">
          Save term dates
        </Button>
      </div>
    </form>
  );
}
