import type { CaseDetail, CaseStatus, SafeguardingOutcome } from '@lookout/shared';
import type { CaseRow, StoredCaseEntry } from '../store/CaseStore.js';

/**
 * A case's current state, read from its entries in order (the entries are the record; this is only a view of
 * them). A correction marks the entry it corrects; it never changes what that entry said.
 */
export function caseState(row: CaseRow, entries: readonly StoredCaseEntry[]): CaseDetail {
  let status: CaseStatus = 'new';
  let assignee: string | null = null;
  let outcome: SafeguardingOutcome | null = null;
  const actions: SafeguardingOutcome[] = [];
  const alertIds: string[] = [];
  const correctedBy = new Map<number, number>();
  for (const e of entries) {
    const d = e.details;
    switch (e.kind) {
      case 'opened':
        // Opening a case is the DSL starting work on it.
        status = 'in-review';
        for (const id of (d.alertIds as string[] | undefined) ?? []) if (!alertIds.includes(id)) alertIds.push(id);
        break;
      case 'add-alerts':
        for (const id of (d.alertIds as string[] | undefined) ?? []) if (!alertIds.includes(id)) alertIds.push(id);
        break;
      case 'note':
        if (status === 'new') status = 'in-review';
        break;
      case 'action':
        if (!actions.includes(d.action as SafeguardingOutcome)) actions.push(d.action as SafeguardingOutcome);
        if (status === 'new') status = 'in-review';
        break;
      case 'status':
        status = d.status as CaseStatus;
        break;
      case 'assign':
        assignee = (d.assignee as string | null) ?? null;
        break;
      case 'close':
        status = 'closed';
        outcome = d.outcome as SafeguardingOutcome;
        break;
      case 'reopen':
        status = 'in-review';
        outcome = null;
        break;
      case 'correction':
        correctedBy.set(d.corrects as number, e.seq);
        break;
    }
  }
  return {
    id: row.id,
    pupil: row.pupil,
    title: row.title,
    status,
    assignee,
    outcome,
    actions,
    openedAt: row.openedAt,
    openedBy: row.openedBy,
    updatedAt: entries.at(-1)?.at ?? row.openedAt,
    alertIds,
    entries: entries.map((e) => ({ ...e, correctedBy: correctedBy.get(e.seq) ?? null })),
  };
}
