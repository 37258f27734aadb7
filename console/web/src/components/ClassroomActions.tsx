import { useState } from 'react';
import { Button, Toolbar } from 'react-aria-components';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import type { CommandResponse, TeacherCommand } from '@lookout/shared';
import { api } from '../api/ApiClient';
import { ModalDialog } from './ui/ModalDialog';
import { FormSelect, FormTextField } from './ui/Fields';
import { LessonLimit } from './LessonLimit';

interface Props {
  roomId: string;
  selected: string[];
  onDone: (response: CommandResponse) => void;
}

const LockOptions = z.object({
  message: z.string().max(500, 'at most 500 characters'),
  minutes: z.enum(['', '5', '10', '30', '60']),
});
const MessageForm = z.object({ text: z.string().trim().min(1, 'write the message first').max(2000) });
const UrlForm = z.object({
  url: z.url({ protocol: /^https?$/, error: 'a web address starting with https:// or http://' }),
});

type Open = 'lock' | 'message' | 'url' | 'limit' | undefined;

/**
 * Lock, unlock, message, open a page and limit the web, for the selected PCs or the whole room: one toolbar (arrow
 * keys move along it), each longer action in a dialog that keeps focus and closes on Escape.
 */
export function ClassroomActions({ roomId, selected, onDone }: Props) {
  const [open, setOpen] = useState<Open>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const lockForm = useForm({
    resolver: zodResolver(LockOptions),
    mode: 'onChange',
    defaultValues: { message: 'Eyes on me, please.', minutes: '' as const },
  });
  const messageForm = useForm({ resolver: zodResolver(MessageForm), mode: 'onChange', defaultValues: { text: '' } });
  const urlForm = useForm({ resolver: zodResolver(UrlForm), mode: 'onChange', defaultValues: { url: '' } });
  const none = selected.length === 0;
  const target = none ? 'the whole room' : `${selected.length} selected PC${selected.length === 1 ? '' : 's'}`;

  // While a command runs its button stays focusable (pending, not disabled), so a keyboard user keeps their place.
  const run = async (command: TeacherCommand, whole: boolean) => {
    if (busy) return false;
    setBusy(true);
    setError(undefined);
    try {
      onDone(await api.command(whole ? { roomId, command } : { deviceIds: selected, command }));
      return true;
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const lock = (): TeacherCommand => {
    const { message, minutes } = lockForm.getValues();
    return { name: 'lock', ...(message ? { message } : {}), ...(minutes ? { durationMinutes: Number(minutes) } : {}) };
  };

  return (
    <>
      <Toolbar className="class-actions" aria-label="Classroom actions">
        <Button className="ui-button ui-button--danger" isPending={busy} onPress={() => void run(lock(), true)}>
          Lock room
        </Button>
        <Button className="ui-button" isPending={busy} onPress={() => void run({ name: 'unlock' }, true)}>
          Unlock room
        </Button>
        <Button className="ui-button" isDisabled={none} isPending={busy} onPress={() => void run(lock(), false)}>
          Lock selected
        </Button>
        <Button
          className="ui-button"
          isDisabled={none}
          isPending={busy}
          onPress={() => void run({ name: 'unlock' }, false)}
        >
          Unlock selected
        </Button>
        <Button className="ui-button" onPress={() => setOpen('lock')}>
          Lock message…
        </Button>
        <Button className="ui-button" onPress={() => setOpen('message')}>
          Send a message…
        </Button>
        <Button className="ui-button" isDisabled={none} onPress={() => setOpen('url')}>
          Open a web page…
        </Button>
        <Button className="ui-button" onPress={() => setOpen('limit')}>
          Web limits…
        </Button>
      </Toolbar>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}

      <ModalDialog title="Lock message" isOpen={open === 'lock'} onOpenChange={(o) => !o && setOpen(undefined)}>
        <form className="ui-form" onSubmit={lockForm.handleSubmit(() => setOpen(undefined))}>
          <FormTextField control={lockForm.control} name="message" label="Message on the locked screens" autoFocus />
          <FormSelect
            control={lockForm.control}
            name="minutes"
            label="Unlock by itself after"
            options={[
              { value: '', label: 'never: until I unlock' },
              { value: '5', label: '5 minutes' },
              { value: '10', label: '10 minutes' },
              { value: '30', label: '30 minutes' },
              { value: '60', label: '1 hour' },
            ]}
          />
          <div className="ui-form__actions">
            <Button type="submit" className="ui-button ui-button--primary">
              Keep for the next lock
            </Button>
          </div>
        </form>
      </ModalDialog>

      <ModalDialog
        title={`Message to ${target}`}
        isOpen={open === 'message'}
        onOpenChange={(o) => !o && setOpen(undefined)}
      >
        <form
          className="ui-form"
          onSubmit={messageForm.handleSubmit(async ({ text }) => {
            if (await run({ name: 'message', text }, none)) {
              messageForm.reset();
              setOpen(undefined);
            }
          })}
        >
          <FormTextField control={messageForm.control} name="text" label="Message text" autoFocus />
          <div className="ui-form__actions">
            <Button type="submit" className="ui-button ui-button--primary" isDisabled={busy}>
              Send message
            </Button>
          </div>
        </form>
      </ModalDialog>

      <ModalDialog
        title={`Open a page on ${target}`}
        isOpen={open === 'url'}
        onOpenChange={(o) => !o && setOpen(undefined)}
      >
        <form
          className="ui-form"
          onSubmit={urlForm.handleSubmit(async ({ url }) => {
            if (await run({ name: 'open-url', url }, false)) setOpen(undefined);
          })}
        >
          <FormTextField
            control={urlForm.control}
            name="url"
            autoFocus
            label="Web address"
            description="For example https://www.bbc.co.uk/bitesize"
          />
          <div className="ui-form__actions">
            <Button type="submit" className="ui-button ui-button--primary" isDisabled={busy}>
              Open web page
            </Button>
          </div>
        </form>
      </ModalDialog>

      <ModalDialog title="Web for this lesson" isOpen={open === 'limit'} onOpenChange={(o) => !o && setOpen(undefined)}>
        <LessonLimit roomId={roomId} />
      </ModalDialog>
    </>
  );
}
