import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import {
  CreateEnrolmentTokenRequest,
  type BrowserExtensionPackage,
  type EnrolmentToken,
  type EnrolmentTokenInfo,
} from '@lookout/shared';
import { api } from '../api/ApiClient';
import { Notice, useAction } from '../api/useAction';
import { DataTable, type Columns } from '../components/ui/DataTable';
import { FormNumberField, FormTextField } from '../components/ui/Fields';
import { CopyButton } from '../components/CopyButton';
import { installCommands } from '../enrolment/installCommands';

const TOKENS = ['enrolment-tokens'];
const when = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

function tokenState(t: EnrolmentTokenInfo, now: number): string {
  if (t.revokedAt) return 'revoked';
  if (Date.parse(t.expiresAt) <= now) return 'expired';
  if (t.uses >= t.maxUses) return 'used up';
  return 'active';
}

/** Technicians: tokens that let PCs enrol (expiry and uses), the command to run on each PC, and revoking. */
export function EnrolmentPage() {
  const tokens = useQuery({ queryKey: TOKENS, queryFn: api.enrolmentTokens });
  const extension = useQuery({ queryKey: ['browser-extension-package'], queryFn: api.browserExtension });
  const { act, notice, busy } = useAction([TOKENS]);
  const [issued, setIssued] = useState<EnrolmentToken | undefined>();
  const form = useForm({
    resolver: zodResolver(CreateEnrolmentTokenRequest),
    mode: 'onChange',
    defaultValues: { label: '', expiresInHours: 24, maxUses: 30 },
  });
  const create = form.handleSubmit(async (body) => {
    await act(async () => setIssued(await api.createEnrolmentToken(body)), 'Enrolment token created');
  });
  // Judged as of when the list was read (rendering stays pure); the list is read again after every change.
  const now = tokens.dataUpdatedAt;
  const columns = useMemo<Columns<EnrolmentTokenInfo>>(
    () => [
      { id: 'label', header: 'Label', cell: ({ row }) => row.original.label || '—' },
      { id: 'created', header: 'Created', cell: ({ row }) => when(row.original.createdAt) },
      { id: 'expires', header: 'Expires', cell: ({ row }) => when(row.original.expiresAt) },
      { id: 'uses', header: 'PCs enrolled', cell: ({ row }) => `${row.original.uses} of ${row.original.maxUses}` },
      { id: 'state', header: 'State', cell: ({ row }) => tokenState(row.original, now) },
      {
        id: 'actions',
        header: () => <span className="visually-hidden">Actions</span>,
        cell: ({ row: { original: t } }) =>
          tokenState(t, now) === 'active' && (
            <Button
              className="ui-button"
              aria-label={`Revoke ${t.label || 'token'}`}
              onPress={() => void act(() => api.revokeEnrolmentToken(t.id), 'Token revoked')}
            >
              Revoke
            </Button>
          ),
      },
    ],
    [act, now],
  );
  return (
    <section className="page">
      <header className="page-head">
        <h1>Enrolment</h1>
      </header>
      <Notice notice={notice} />
      <div className="cards">
        <form className="card ui-form" aria-label="New enrolment token" onSubmit={(e) => void create(e)}>
          <h2>New enrolment token</h2>
          <FormTextField control={form.control} name="label" label="Label" description="For example: Computing 1 lab" />
          <FormNumberField
            control={form.control}
            name="expiresInHours"
            label="Valid for (hours)"
            description="From 1 hour to 720 (30 days)."
          />
          <FormNumberField
            control={form.control}
            name="maxUses"
            label="PCs that may enrol with it"
            description="1 for a single PC; the number of PCs for a lab."
          />
          <div className="ui-form__actions">
            <Button type="submit" className="ui-button ui-button--primary" isDisabled={busy}>
              Create token
            </Button>
          </div>
        </form>
        {issued && <IssuedToken token={issued} extension={extension.data} />}
        {extension.data && <BrowserExtension extension={extension.data} />}
      </div>
      <h2>Tokens</h2>
      <DataTable
        label="Enrolment tokens"
        columns={columns}
        data={tokens.data ?? []}
        rowId={(t) => t.id}
        testId="enrolment-tokens"
        empty={tokens.isLoading ? 'Loading…' : 'No tokens yet.'}
      />
    </section>
  );
}

/** A new token's install command per OS: shown once, copyable. */
function IssuedToken({ token, extension }: { token: EnrolmentToken; extension?: BrowserExtensionPackage }) {
  const commands = installCommands(token);
  // The agent package's /etc/lookout/agent.env: the console, its pin and the extension the browsers get from it.
  const agentEnv = [
    `LOOKOUT_SERVER=${token.serverUrl}`,
    ...(token.caPin ? [`LOOKOUT_CA_PIN=${token.caPin}`] : []),
    ...(extension ? [`LOOKOUT_EXTENSION_ID=${extension.id}`] : []),
  ].join('\n');
  return (
    <div className="card" data-testid="issued-token">
      <h2>Run this on each PC</h2>
      <p className="muted">
        Shown once: the token is not stored in readable form. It enrols up to {token.maxUses}{' '}
        {token.maxUses === 1 ? 'PC' : 'PCs'} until {when(token.expiresAt)}, with {token.serverUrl}
        {token.caPin ? ' and checks the console’s certificate pin.' : '.'}
      </p>
      <Tabs className="ui-tabs">
        <TabList aria-label="Operating system" className="ui-tabs__list">
          {commands.map((c) => (
            <Tab key={c.os} id={c.os} className="ui-tabs__tab">
              {c.label}
            </Tab>
          ))}
        </TabList>
        {commands.map((c) => (
          <TabPanel key={c.os} id={c.os} className="ui-tabs__panel">
            <p className="muted">In {c.shell}:</p>
            <pre className="command" data-testid={`install-command-${c.os}`}>
              {c.command}
            </pre>
            <CopyButton text={c.command} label={`Copy the ${c.label} command`} />
          </TabPanel>
        ))}
      </Tabs>
      <p className="muted">
        Or, for the Linux package (<code>lookout-agent_*.deb</code>), put these lines in{' '}
        <code>/etc/lookout/agent.env</code> and the token in <code>/etc/lookout/enrol-token</code> before installing:
      </p>
      <pre className="command" data-testid="agent-env">
        {agentEnv}
      </pre>
      <CopyButton text={agentEnv} label="Copy the agent.env lines" />
    </div>
  );
}

/** The browser extension this console serves: what the PCs' browser policy needs to force-install it. */
function BrowserExtension({ extension }: { extension: BrowserExtensionPackage }) {
  return (
    <div className="card" data-testid="browser-extension">
      <h2>Browser extension</h2>
      <p className="muted">
        This console serves the Lookout extension {extension.version} for Chrome, Edge and Chromium. The Linux agent
        package force-installs it when agent.env names its id; in Group Policy or Intune, add this line to{' '}
        <em>Configure the list of force-installed apps and extensions</em>:
      </p>
      <pre className="command" data-testid="extension-forcelist">
        {extension.forcelistEntry}
      </pre>
      <CopyButton text={extension.forcelistEntry} label="Copy the force-install line" />
      <dl>
        <dt>Extension id</dt>
        <dd data-testid="extension-id">{extension.id}</dd>
        <dt>Update URL</dt>
        <dd data-testid="extension-update-url">{extension.updateUrl}</dd>
      </dl>
    </div>
  );
}
