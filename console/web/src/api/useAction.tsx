import { useState } from 'react';
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { ApiError } from './ApiClient';

/** An error as a sentence a person reads: the console's own message, capitalised, with a full stop. */
export function sentence(err: unknown): string {
  if (err instanceof ApiError) return `${err.message[0]?.toUpperCase() ?? ''}${err.message.slice(1)}.`;
  return err instanceof Error ? err.message : String(err);
}

/**
 * A change made on the console: says how it went in one status line, and refetches what it touched so every list
 * on the page shows the change.
 */
export function useAction(touches: QueryKey[]) {
  const client = useQueryClient();
  const [notice, setNotice] = useState<{ text: string; ok: boolean } | undefined>();
  const mutation = useMutation({
    mutationFn: ({ work }: { work: () => Promise<unknown>; done: string }) => work(),
    onSuccess: (_data, { done }) => setNotice({ text: `${done} (recorded in the audit log).`, ok: true }),
    onError: (err) => setNotice({ text: sentence(err), ok: false }),
    onSettled: () => Promise.all(touches.map((queryKey) => client.invalidateQueries({ queryKey }))),
  });
  /** Runs a change; true if it was made. */
  const act = async (work: () => Promise<unknown>, done: string): Promise<boolean> => {
    setNotice(undefined);
    try {
      await mutation.mutateAsync({ work, done });
      return true;
    } catch {
      return false;
    }
  };
  return { act, notice, busy: mutation.isPending };
}

export function Notice({ notice }: { notice: { text: string; ok: boolean } | undefined }) {
  return (
    <p role="status" className={notice ? `notice notice--${notice.ok ? 'ok' : 'bad'}` : 'notice notice--empty'}>
      {notice?.text}
    </p>
  );
}
