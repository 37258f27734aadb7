import { describe, expect, it } from 'vitest';
import type { CaseRow, StoredCaseEntry } from '../store/CaseStore.js';
import { caseState } from './caseState.js';

const row: CaseRow = {
  id: 'c1',
  pupil: 'pupil.a',
  title: 'Case',
  openedAt: '2026-11-23T09:00:00.000Z',
  openedBy: 'dsl',
};
let seq = 0;
const entry = (kind: StoredCaseEntry['kind'], details: Record<string, unknown> = {}, text = ''): StoredCaseEntry => ({
  seq: ++seq,
  at: `2026-11-23T09:${String(seq).padStart(2, '0')}:00.000Z`,
  author: 'dsl',
  kind,
  text,
  details,
});

describe('caseState', () => {
  it('reads status, assignee, actions, outcome and alerts from the entries in order', () => {
    seq = 0;
    const entries = [
      entry('opened', { alertIds: ['a1'] }),
      entry('note', {}, 'first note'),
      entry('action', { action: 'parents-informed' }),
      entry('action', { action: 'parents-informed' }),
      entry('status', { status: 'escalated' }),
      entry('assign', { assignee: 'deputy' }),
      entry('add-alerts', { alertIds: ['a2', 'a1'] }),
      entry('close', { outcome: 'referred-social-care' }),
    ];
    expect(caseState(row, entries)).toMatchObject({
      status: 'closed',
      outcome: 'referred-social-care',
      actions: ['parents-informed'],
      assignee: 'deputy',
      alertIds: ['a1', 'a2'],
      updatedAt: entries.at(-1)!.at,
    });
  });

  it('a reopened case loses its outcome; a correction marks what it corrects and changes nothing else', () => {
    seq = 0;
    const entries = [
      entry('opened', { alertIds: [] }),
      entry('note', {}, 'wrong'),
      entry('close', { outcome: 'no-further-action' }),
      entry('reopen', {}, 'new information'),
      entry('correction', { corrects: 2 }, 'right'),
    ];
    const state = caseState(row, entries);
    expect(state).toMatchObject({ status: 'in-review', outcome: null });
    expect(state.entries.map((e) => [e.seq, e.text, e.correctedBy])).toEqual([
      [1, '', null],
      [2, 'wrong', 5],
      [3, '', null],
      [4, 'new information', null],
      [5, 'right', null],
    ]);
  });

  it('a case just opened is in review, and its last update is its opening', () => {
    seq = 0;
    expect(caseState(row, [entry('opened', { alertIds: ['a1'] })])).toMatchObject({
      status: 'in-review',
      alertIds: ['a1'],
    });
    expect(caseState(row, []).updatedAt).toBe(row.openedAt);
  });
});
