import { Button, Checkbox, CheckboxGroup, Label } from 'react-aria-components';
import { TimeWindow } from '@lookout/shared';
import type { z } from 'zod';

type Window = z.input<typeof TimeWindow>;
export const DAYS = [
  ['mon', 'Mon'],
  ['tue', 'Tue'],
  ['wed', 'Wed'],
  ['thu', 'Thu'],
  ['fri', 'Fri'],
  ['sat', 'Sat'],
  ['sun', 'Sun'],
] as const;
const SCHOOL_DAY: Window = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:30', end: '15:30' };

/** The first problem of a window, in words ("the window must end after it starts"), or undefined. */
export function windowProblem(w: Window): string | undefined {
  const parsed = TimeWindow.safeParse(w);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  return issue?.path[0] === 'days' ? 'choose at least one day' : issue?.message;
}

/** Days and times (in the school's time zone): one row a window, with day boxes and time pickers. */
export function TimeWindowsEditor({
  label,
  value,
  onChange,
  empty,
}: {
  label: string;
  value: readonly Window[];
  onChange(value: Window[]): void;
  /** What no window means ("always"). */
  empty: string;
}) {
  const set = (i: number, w: Window) => onChange(value.map((old, j) => (j === i ? w : old)));
  return (
    <div className="time-windows" role="group" aria-label={label}>
      {value.length === 0 && <p className="muted">{empty}</p>}
      {value.map((w, i) => {
        const name = value.length > 1 ? `${label} ${i + 1}` : label;
        const problem = windowProblem(w);
        return (
          <div key={i} className="time-window">
            <CheckboxGroup
              className="ui-field time-window__days"
              value={[...w.days]}
              onChange={(days) => set(i, { ...w, days: days as Window['days'] })}
            >
              <Label>
                Days<span className="visually-hidden"> ({name})</span>
              </Label>
              <div className="time-window__day-boxes">
                {DAYS.map(([id, short]) => (
                  <Checkbox key={id} value={id} className="ui-checkbox">
                    <span className="ui-checkbox__box" aria-hidden="true" />
                    {short}
                  </Checkbox>
                ))}
              </div>
            </CheckboxGroup>
            <label className="ui-field">
              <span className="ui-label">From</span>
              <input
                type="time"
                className="ui-input"
                aria-label={`From (${name})`}
                value={w.start}
                onChange={(e) => set(i, { ...w, start: e.target.value })}
              />
            </label>
            <label className="ui-field">
              <span className="ui-label">To</span>
              <input
                type="time"
                className="ui-input"
                aria-label={`To (${name})`}
                value={w.end}
                onChange={(e) => set(i, { ...w, end: e.target.value })}
                aria-invalid={problem !== undefined}
              />
            </label>
            <Button
              className="ui-button ui-button--quiet"
              aria-label={`Remove ${name}`}
              onPress={() => onChange(value.filter((_, j) => j !== i))}
            >
              Remove
            </Button>
            {problem && (
              <p className="ui-field__error time-window__error" role="alert">
                {problem}
              </p>
            )}
          </div>
        );
      })}
      <Button className="ui-button" onPress={() => onChange([...value, { ...SCHOOL_DAY, days: [...SCHOOL_DAY.days] }])}>
        Add days and times
      </Button>
    </div>
  );
}
