import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Switch } from 'react-aria-components';
import { CreateUserRequest, ResetPasswordRequest, StaffRole, type StaffAccount } from '@lookout/shared';
import { api } from '../api/ApiClient';
import { Notice, useAction } from '../api/useAction';
import { DataTable, type Columns } from '../components/ui/DataTable';
import { FormCheckbox, FormSelect, FormTextField } from '../components/ui/Fields';
import { ModalDialog } from '../components/ui/ModalDialog';

const ROLE_LABEL: Record<StaffRole, string> = {
  admin: 'admin',
  technician: 'technician',
  teacher: 'teacher',
  dsl: 'dsl',
  viewer: 'viewer',
};
const ROLE_OPTIONS = StaffRole.options.map((r) => ({ value: r, label: ROLE_LABEL[r] }));
const USERS = ['users'];
const SECURITY = ['staff-security'];

/** Admins: staff accounts (create, role, disable, reset password or second factor) and the second-factor rule. */
export function UsersPage() {
  const users = useQuery({ queryKey: USERS, queryFn: api.users });
  const security = useQuery({ queryKey: SECURITY, queryFn: api.staffSecurity });
  const { act, notice, busy } = useAction([USERS, SECURITY]);
  const [resetting, setResetting] = useState<StaffAccount | undefined>();

  const columns = useMemo<Columns<StaffAccount>>(
    () => [
      { id: 'user', header: 'User', cell: ({ row }) => row.original.username },
      {
        id: 'role',
        header: 'Role',
        cell: ({ row: { original: a } }) => (
          <select
            className="ui-input ui-input--compact"
            aria-label={`Role of ${a.username}`}
            value={a.role}
            onChange={(e) =>
              void act(() => api.setRole(a.id, e.target.value as StaffRole), `${a.username} is now ${e.target.value}`)
            }
          >
            {ROLE_OPTIONS.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        ),
      },
      {
        id: 'status',
        header: 'Status',
        cell: ({ row: { original: a } }) => (
          <span className={`tag tag--${a.disabled ? 'bad' : 'ok'}`}>
            {a.disabled ? 'disabled' : a.mustChangePassword ? 'must change password' : 'active'}
          </span>
        ),
      },
      { id: 'secondFactor', header: 'Second factor', cell: ({ row }) => (row.original.secondFactor ? 'on' : 'off') },
      {
        id: 'actions',
        header: () => <span className="visually-hidden">Actions</span>,
        cell: ({ row: { original: a } }) => (
          <div className="row-actions">
            <Button
              className="ui-button"
              onPress={() =>
                void act(
                  () => api.setDisabled(a.id, !a.disabled),
                  `${a.username} ${a.disabled ? 'enabled' : 'disabled'}`,
                )
              }
            >
              {a.disabled ? 'Enable' : 'Disable'}
            </Button>
            <Button className="ui-button" onPress={() => setResetting(a)}>
              Reset password…
            </Button>
            {a.secondFactor && (
              <Button
                className="ui-button"
                onPress={() => void act(() => api.resetSecondFactor(a.id), `Second factor of ${a.username} removed`)}
              >
                Remove second factor
              </Button>
            )}
          </div>
        ),
      },
    ],
    [act],
  );

  return (
    <section className="page">
      <header className="page-head">
        <h1>Users</h1>
      </header>
      <Notice notice={notice} />
      <DataTable
        label="Staff accounts"
        columns={columns}
        data={users.data ?? []}
        rowId={(a) => a.id}
        rowTestId={(a) => `user-${a.username}`}
        empty={users.isLoading ? 'Loading…' : 'No accounts.'}
      />
      <div className="cards">
        <NewUserForm act={act} busy={busy} />
        {security.data && (
          <div className="card">
            <h2>Second factor</h2>
            <Switch
              className="ui-switch"
              isSelected={security.data.requireSecondFactor}
              onChange={(on) =>
                void act(() => api.saveStaffSecurity({ requireSecondFactor: on }), 'Second-factor rule saved')
              }
            >
              <span className="ui-switch__track" aria-hidden="true" />
              Require a second factor (authenticator app) for admins and DSLs
            </Switch>
            <p className="muted">Set up your own first, on the Account page.</p>
          </div>
        )}
      </div>
      {resetting && <ResetPasswordDialog account={resetting} act={act} onClose={() => setResetting(undefined)} />}
    </section>
  );
}

type Act = ReturnType<typeof useAction>['act'];

function NewUserForm({ act, busy }: { act: Act; busy: boolean }) {
  const form = useForm({
    resolver: zodResolver(CreateUserRequest),
    mode: 'onTouched',
    defaultValues: { username: '', password: '', role: 'teacher' as StaffRole, mustChangePassword: true },
  });
  const create = form.handleSubmit(async (body) => {
    if (await act(() => api.createUser(body), `Created ${body.username}`))
      form.reset({ ...body, username: '', password: '' });
  });
  return (
    <form className="card ui-form" aria-label="New user" onSubmit={(e) => void create(e)}>
      <h2>New user</h2>
      <FormTextField control={form.control} name="username" label="User name" autoComplete="off" />
      <FormSelect control={form.control} name="role" label="Role" options={ROLE_OPTIONS} />
      <FormTextField
        control={form.control}
        name="password"
        label="Initial password"
        type="password"
        autoComplete="new-password"
        description="12 characters or more; a few unrelated words are easiest to pass on."
      />
      <FormCheckbox
        control={form.control}
        name="mustChangePassword"
        label="They choose their own password at first sign-in"
      />
      <div className="ui-form__actions">
        <Button type="submit" className="ui-button ui-button--primary" isDisabled={busy}>
          Create user
        </Button>
      </div>
    </form>
  );
}

function ResetPasswordDialog({ account, act, onClose }: { account: StaffAccount; act: Act; onClose(): void }) {
  const form = useForm({
    resolver: zodResolver(ResetPasswordRequest),
    mode: 'onTouched',
    defaultValues: { temporaryPassword: '' },
  });
  return (
    <ModalDialog title={`Reset the password of ${account.username}`} isOpen onOpenChange={(open) => !open && onClose()}>
      <form
        className="ui-form"
        onSubmit={(e) =>
          void form.handleSubmit(async ({ temporaryPassword }) => {
            if (
              await act(() => api.resetPassword(account.id, temporaryPassword), `Password of ${account.username} reset`)
            )
              onClose();
          })(e)
        }
      >
        <p className="muted">They must choose a new one at their next sign-in; their open sessions end now.</p>
        <FormTextField
          control={form.control}
          name="temporaryPassword"
          label="Temporary password"
          autoFocus
          type="password"
          autoComplete="new-password"
        />
        <div className="ui-form__actions">
          <Button type="submit" className="ui-button ui-button--primary">
            Reset password
          </Button>
        </div>
      </form>
    </ModalDialog>
  );
}
