import { useEffect, useState } from 'react';
import { Button, Input, Label, SearchField } from 'react-aria-components';
import type { CaseSummary } from '@lookout/shared';
import { api } from '../api/ApiClient';

/** A case's short reference, as the picker and the case page show it. */
export const caseReference = (id: string) => id.slice(0, 8);

/**
 * Adds an alert to a case already open: the DSL finds it by title, pupil or reference (searched by the console);
 * the addition is a case entry, audited by the console.
 */
export function AddToCase({ alertId, onAdded }: { alertId: string; onAdded(caseId: string, said: string): void }) {
  const [text, setText] = useState('');
  const [found, setFound] = useState<CaseSummary[]>([]);
  const [message, setMessage] = useState('');

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api
        .cases({ status: 'open', limit: '8', ...(text.trim() ? { q: text.trim() } : {}) }, controller.signal)
        .then(setFound, () => undefined);
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text]);

  const add = async (c: CaseSummary) => {
    try {
      await api.addCaseEntry(c.id, { kind: 'add-alerts', alertIds: [alertId] });
      // The alert now belongs to the case, so the page replaces this picker: it says so itself.
      onAdded(c.id, `Added to “${c.title}” (recorded in the case and the audit log).`);
    } catch (err) {
      setMessage(String(err));
    }
  };

  return (
    <div className="case-picker" data-testid="add-to-case">
      <SearchField className="ui-field" value={text} onChange={setText}>
        <Label>Add to an open case</Label>
        <Input className="ui-input" placeholder="Title, pupil or reference" />
      </SearchField>
      <ul className="case-picker__results" aria-label="Open cases">
        {found.map((c) => (
          <li key={c.id}>
            <Button className="ui-button" onPress={() => void add(c)}>
              Add to “{c.title}” — {c.pupil} (ref {caseReference(c.id)})
            </Button>
          </li>
        ))}
      </ul>
      <p role="status">{message}</p>
    </div>
  );
}
