import { useFieldArray, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Button } from 'react-aria-components';
import { SafeguardingSettings } from '@lookout/shared';
import { FormTextField } from './ui/Fields';

const BLANK = { name: '', role: '', phone: '', email: '' };

/**
 * The school's name and the contacts every PC's report-a-concern page shows, checked by the shared schema as they
 * are typed (a contact needs a name), then saved and sent to every PC.
 */
export function SchoolContactsForm({
  initial,
  onSave,
}: {
  initial: SafeguardingSettings;
  onSave(settings: SafeguardingSettings): Promise<unknown>;
}) {
  const form = useForm({ resolver: zodResolver(SafeguardingSettings), mode: 'onTouched', defaultValues: initial });
  const contacts = useFieldArray({ control: form.control, name: 'contacts' });
  return (
    <form
      className="ui-form school-contacts"
      aria-label="Report a concern"
      onSubmit={(e) => void form.handleSubmit((values) => onSave(values))(e)}
    >
      <FormTextField control={form.control} name="schoolName" label="School name" />
      {contacts.fields.map((field, i) => (
        <fieldset key={field.id} className="card">
          <legend>Contact {i + 1}</legend>
          <div className="school-contacts__fields">
            <FormTextField control={form.control} name={`contacts.${i}.name`} label="Name" />
            <FormTextField control={form.control} name={`contacts.${i}.role`} label="Role" />
            <FormTextField control={form.control} name={`contacts.${i}.phone`} label="Phone" />
            <FormTextField control={form.control} name={`contacts.${i}.email`} label="Email" />
          </div>
          <Button className="ui-button" onPress={() => contacts.remove(i)} aria-label={`Remove contact ${i + 1}`}>
            Remove
          </Button>
        </fieldset>
      ))}
      <div className="ui-form__actions ui-form__actions--start">
        <Button className="ui-button" onPress={() => contacts.append(BLANK)}>
          Add a contact
        </Button>
        <Button type="submit" className="ui-button ui-button--primary">
          Save and send to every PC
        </Button>
      </div>
    </form>
  );
}
