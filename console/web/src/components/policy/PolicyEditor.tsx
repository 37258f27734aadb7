import { useMemo, useState } from 'react';
import { Controller, useForm, type Control } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import {
  Button,
  Checkbox,
  CheckboxGroup,
  FieldError,
  Input,
  Label,
  SearchField,
  Text,
  TextArea,
  TextField,
} from 'react-aria-components';
import {
  PolicyDocument,
  SavePolicyRequest,
  UrlRule,
  type PolicyPreviewResponse,
  type PolicyVersionInfo,
} from '@lookout/shared';
import { api, type LibraryInfo } from '../../api/ApiClient';
import { sentence } from '../../api/useAction';
import { FormCheckbox, FormNumberField, FormSelect, FormTextField } from '../ui/Fields';
import { ListEditor } from './ListEditor';
import { PreviewList } from './PreviewList';
import { TimeWindowsEditor } from './TimeWindowsEditor';

const PolicyForm = z.object({
  name: SavePolicyRequest.shape.name,
  document: PolicyDocument,
  reason: SavePolicyRequest.shape.reason,
});
type Input = z.input<typeof PolicyForm>;
type Output = z.output<typeof PolicyForm>;
const DeviceKey = z.string().trim().min(1, 'a serial, or vendor:product ids').max(128);
const MEDIA_RULES = [
  { value: 'allow', label: 'Allow' },
  { value: 'read-only', label: 'Read only' },
  { value: 'scan', label: 'Allow, and scan what is copied' },
  { value: 'block', label: 'Block' },
];

interface Props {
  /** The policy edited (a new one when undefined). */
  policy: PolicyVersionInfo | undefined;
  /** The imported URL categories: the only names a policy may block. */
  categories: readonly string[];
  libraries: readonly LibraryInfo[];
  /** Saves the version; true when saved. */
  onSave(values: Output): Promise<boolean>;
  onCancel(): void;
}

/**
 * A policy as a form, section by section: categories are ticked from the imported lists (a misspelt one cannot be
 * entered), each allow/block entry is checked as it is added, and before saving the console says which PCs change.
 */
export function PolicyEditor({ policy, categories, libraries, onSave, onCancel }: Props) {
  const form = useForm<Input, unknown, Output>({
    resolver: zodResolver(PolicyForm),
    mode: 'onTouched',
    defaultValues: { name: policy?.name ?? '', document: policy?.document ?? PolicyDocument.parse({}), reason: '' },
  });
  const [preview, setPreview] = useState<{ values: Output; result: PolicyPreviewResponse | null } | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const control = form.control;

  const review = form.handleSubmit(async (values) => {
    setProblem(undefined);
    if (!policy) return setPreview({ values, result: null });
    try {
      const result = await api.previewPolicy({
        kind: 'document',
        policyId: policy.id,
        name: values.name,
        document: values.document,
      });
      setPreview({ values, result });
    } catch (err) {
      setProblem(sentence(err));
    }
  });

  if (preview) {
    return (
      <section className="card policy-editor" aria-labelledby="policy-review">
        <h2 id="policy-review">Before saving {preview.values.name}</h2>
        {preview.result ? (
          <PreviewList preview={preview.result} />
        ) : (
          <p data-testid="policy-preview">A new policy applies to no PC until it is assigned (Assign… in the list).</p>
        )}
        <div className="ui-form__actions ui-form__actions--start">
          <Button className="ui-button" onPress={() => setPreview(undefined)}>
            Back to editing
          </Button>
          <Button className="ui-button ui-button--primary" onPress={() => void onSave(preview.values)}>
            Save version
          </Button>
        </div>
      </section>
    );
  }

  return (
    <form
      className="card ui-form policy-editor"
      aria-label={policy ? `Edit ${policy.name}` : 'New policy'}
      onSubmit={(e) => void review(e)}
      noValidate
    >
      <h2>{policy ? `Edit ${policy.name} (version ${policy.version})` : 'New policy'}</h2>
      <FormTextField control={control} name="name" label="Policy name" autoFocus />

      <fieldset className="policy-section">
        <legend>Web filter</legend>
        <Controller
          control={control}
          name="document.webFilter.blockedCategories"
          render={({ field, fieldState }) => (
            <CategoryPicker
              categories={categories}
              value={field.value ?? []}
              onChange={field.onChange}
              error={fieldState.error?.message}
            />
          )}
        />
        <Controller
          control={control}
          name="document.webFilter.blockList"
          render={({ field, fieldState }) => (
            <ListEditor
              label="Blocked sites"
              description="Blocked whatever their category: a host name, optionally with a path (example.org/games)."
              entry={UrlRule}
              placeholder="games.example"
              value={field.value ?? []}
              onChange={field.onChange}
              error={fieldState.error?.message}
            />
          )}
        />
        <Controller
          control={control}
          name="document.webFilter.allowList"
          render={({ field, fieldState }) => (
            <ListEditor
              label="Allowed sites"
              description="Always allowed, even inside a blocked category."
              entry={UrlRule}
              placeholder="bbc.co.uk/bitesize"
              value={field.value ?? []}
              onChange={field.onChange}
              error={fieldState.error?.message}
            />
          )}
        />
        <FormCheckbox
          control={control}
          name="document.webFilter.scanPageText"
          label="Scan the text of web pages for keywords"
        />
      </fieldset>

      <fieldset className="policy-section">
        <legend>Keywords</legend>
        <Controller
          control={control}
          name="document.keywords.libraryIds"
          render={({ field }) => (
            <CheckboxGroup className="ui-field" value={field.value ?? []} onChange={field.onChange}>
              <Label>Keyword libraries in force</Label>
              <Text slot="description">None ticked: every library.</Text>
              {libraries.map((l) => (
                <Checkbox key={l.id} value={l.id} className="ui-checkbox">
                  <span className="ui-checkbox__box" aria-hidden="true" />
                  {l.name}
                </Checkbox>
              ))}
            </CheckboxGroup>
          )}
        />
        <SeveritySelect control={control} />
      </fieldset>

      <fieldset className="policy-section">
        <legend>Idle lock</legend>
        <FormNumberField
          control={control}
          name="document.idleLockMinutes"
          label="Lock after this many minutes without input"
          description="0: never."
        />
      </fieldset>

      <fieldset className="policy-section">
        <legend>Portable media</legend>
        <FormSelect
          control={control}
          name="document.media.rule"
          label="USB drives and other removable media"
          options={MEDIA_RULES}
        />
        <Controller
          control={control}
          name="document.media.allowedDevices"
          render={({ field, fieldState }) => (
            <ListEditor
              label="Devices allowed whatever the rule"
              description="A serial number, or vendor:product ids (0781:5567)."
              entry={DeviceKey}
              value={field.value ?? []}
              onChange={field.onChange}
              error={fieldState.error?.message}
            />
          )}
        />
      </fieldset>

      <fieldset className="policy-section">
        <legend>Thumbnails</legend>
        <FormCheckbox
          control={control}
          name="document.thumbnails.enabled"
          label="Send screen thumbnails to the console"
        />
        <FormNumberField
          control={control}
          name="document.thumbnails.intervalMs"
          label="Milliseconds between thumbnails"
          description="250 to 60000; 1000 is one a second."
        />
      </fieldset>

      <fieldset className="policy-section">
        <legend>On-screen text</legend>
        <FormCheckbox
          control={control}
          name="document.screenText.enabled"
          label="Read the text on screen (OCR) and match it against the keywords"
        />
        <FormNumberField
          control={control}
          name="document.screenText.intervalSeconds"
          label="Seconds between reads"
          description="1 to 3600; fewer than 60 cost more of the PC's processor."
        />
      </fieldset>

      <fieldset className="policy-section">
        <legend>Monitoring hours</legend>
        <Controller
          control={control}
          name="document.monitoringHours"
          render={({ field }) => (
            <TimeWindowsEditor
              label="Monitoring hours"
              value={field.value ?? []}
              onChange={field.onChange}
              empty="Always: nothing limits monitoring to set hours."
            />
          )}
        />
      </fieldset>

      <fieldset className="policy-section">
        <legend>Acceptable use</legend>
        <Controller
          control={control}
          name="document.acceptableUse.text"
          render={({ field, fieldState }) => (
            <TextField
              className="ui-field"
              value={field.value ?? ''}
              onChange={field.onChange}
              onBlur={field.onBlur}
              isInvalid={fieldState.invalid}
              validationBehavior="aria"
            >
              <Label>Notice shown at sign-in</Label>
              <TextArea className="ui-input" rows={4} />
              <Text slot="description">The pupil's acceptance is recorded. Empty: no notice.</Text>
              <FieldError className="ui-field__error">{fieldState.error?.message}</FieldError>
            </TextField>
          )}
        />
      </fieldset>

      <FormTextField control={control} name="reason" label="Why (recorded with the version)" />
      {problem && (
        <p className="notice notice--bad" role="alert">
          {problem}
        </p>
      )}
      <div className="ui-form__actions ui-form__actions--start">
        <Button className="ui-button" onPress={onCancel}>
          Cancel
        </Button>
        <Button type="submit" className="ui-button ui-button--primary">
          Review changes…
        </Button>
      </div>
    </form>
  );
}

/** Categories ticked from the imported lists, with a filter; a name not imported can only be taken off. */
function CategoryPicker({
  categories,
  value,
  onChange,
  error,
}: {
  categories: readonly string[];
  value: readonly string[];
  onChange(value: string[]): void;
  error: string | undefined;
}) {
  const [filter, setFilter] = useState('');
  const unknown = value.filter((c) => !categories.includes(c));
  const shown = useMemo(
    () => categories.filter((c) => c.includes(filter.trim().toLowerCase()) || value.includes(c)),
    [categories, filter, value],
  );
  return (
    <div className="category-picker">
      {categories.length > 0 && (
        <SearchField className="ui-field" value={filter} onChange={setFilter}>
          <Label>Find a category</Label>
          <Input className="ui-input" />
        </SearchField>
      )}
      <CheckboxGroup className="ui-field" value={[...value]} onChange={onChange} isInvalid={error !== undefined}>
        <Label>Blocked categories</Label>
        <Text slot="description">
          {categories.length === 0
            ? 'No category lists are imported yet: import them under URL categories below.'
            : 'From the imported category lists.'}
        </Text>
        <div className="category-picker__grid" data-testid="category-picker">
          {shown.map((c) => (
            <Checkbox key={c} value={c} className="ui-checkbox">
              <span className="ui-checkbox__box" aria-hidden="true" />
              {c}
            </Checkbox>
          ))}
          {unknown.map((c) => (
            <Checkbox key={c} value={c} className="ui-checkbox category-picker__unknown">
              <span className="ui-checkbox__box" aria-hidden="true" />
              {c} (not an imported category: untick it to save)
            </Checkbox>
          ))}
        </div>
        {error && <p className="ui-field__error">{error}</p>}
      </CheckboxGroup>
    </div>
  );
}

function SeveritySelect({ control }: { control: Control<Input, unknown, Output> }) {
  return (
    <Controller
      control={control}
      name="document.keywords.alertMinSeverity"
      render={({ field }) => (
        <label className="ui-field">
          <span className="ui-label">Raise alerts from severity</span>
          <select
            className="ui-input"
            value={field.value ?? 1}
            onChange={(e) => field.onChange(Number(e.target.value))}
            onBlur={field.onBlur}
          >
            {[1, 2, 3, 4, 5].map((n) => (
              <option key={n} value={n}>
                {n === 1 ? '1 (every match)' : n === 5 ? '5 (only the most serious)' : n}
              </option>
            ))}
          </select>
        </label>
      )}
    />
  );
}
