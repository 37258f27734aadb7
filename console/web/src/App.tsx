import { useEffect, useState, type ReactNode } from 'react';
import { BrowserRouter, Navigate, NavLink, Route, Routes, useHref, useNavigate } from 'react-router';
import { RouterProvider } from 'react-aria-components';
import { useQuery } from '@tanstack/react-query';
import type { SessionInfo } from '@lookout/shared';
import { api } from './api/ApiClient';
import { LiveStore } from './live/LiveStore';
import { LiveSocket } from './live/LiveSocket';
import { LiveContext, useDslGrants, useLiveState } from './live/useLive';
import { SitesPage } from './pages/SitesPage';
import { EnrolmentPage } from './pages/EnrolmentPage';
import { DevicePage } from './pages/DevicePage';
import { DevicesPage } from './pages/DevicesPage';
import { SignInPage } from './pages/SignInPage';
import { ClassroomPage } from './pages/ClassroomPage';
import { RoomsPage } from './pages/RoomsPage';
import { AlertsPage } from './pages/AlertsPage';
import { KeywordLibrariesPage } from './pages/KeywordLibrariesPage';
import { AlertPage } from './pages/AlertPage';
import { AuditPage } from './pages/AuditPage';
import { CasePage } from './pages/CasePage';
import { CasesPage } from './pages/CasesPage';
import { SettingsPage } from './pages/SettingsPage';
import { describeDslGrant } from './components/describeDslGrant';
import { PoliciesPage } from './pages/PoliciesPage';
import { AccountPage } from './pages/AccountPage';
import { AccountSetupPage } from './pages/AccountSetupPage';
import { OverviewPage } from './pages/OverviewPage';
import { UsersPage } from './pages/UsersPage';
import { ReportsPage } from './pages/ReportsPage';
import { DashboardPage } from './pages/DashboardPage';
import { NotificationsPage } from './pages/NotificationsPage';

const HOME: Record<SessionInfo['role'], string> = {
  admin: '/devices',
  technician: '/devices',
  teacher: '/rooms',
  dsl: '/alerts',
  viewer: '/dashboard',
};

const TECH: readonly SessionInfo['role'][] = ['admin', 'technician'];

/** The live socket's state, re-rendered on its own when it changes. */
function LiveStateBadge() {
  const state = useLiveState();
  return (
    <span className={`live-state live-state--${state}`} data-testid="live-state">
      {state}
    </span>
  );
}

/** DSL roles granted while this page is open (sent to DSLs only). */
function DslGrantAnnouncements() {
  const grants = useDslGrants();
  return grants.map((g) => (
    <p key={`${g.username}-${g.at}`} role="status" className="announcement">
      {describeDslGrant(g)}
    </p>
  ));
}

function SignedIn({
  user,
  onSignOut,
  onUpdated,
}: {
  user: SessionInfo;
  onSignOut: () => void;
  onUpdated: (user: SessionInfo) => void;
}) {
  // One store and socket for the signed-in pages; live messages change the store, not this component.
  const [live] = useState(() => {
    const store = new LiveStore();
    const socket = new LiveSocket(store);
    return { store, socket, value: { store, watch: socket.watch } };
  });
  useEffect(() => {
    live.socket.open();
    return () => {
      live.socket.close();
      live.store.close();
    };
  }, [live]);
  const school = useQuery({ queryKey: ['school'], queryFn: api.school });
  const role = user.role;
  const viewer = role === 'viewer';
  return (
    <LiveContext value={live.value}>
      <div className="shell">
        <header className="topbar">
          <div className="topbar__brand">
            <span className="topbar__school" data-testid="school-name">
              {school.data?.name || 'Lookout'}
            </span>
            {school.data?.name && <span className="topbar__product">Lookout</span>}
          </div>
          <nav className="nav" aria-label="Main">
            {['admin', 'dsl', 'viewer'].includes(role) && <NavLink to="/dashboard">Dashboard</NavLink>}
            {viewer && <NavLink to="/overview">Overview</NavLink>}
            {!viewer && <NavLink to="/rooms">Classrooms</NavLink>}
            {!viewer && role !== 'teacher' && <NavLink to="/devices">Devices</NavLink>}
            {role === 'dsl' && <NavLink to="/alerts">Alerts</NavLink>}
            {role === 'dsl' && <NavLink to="/cases">Cases</NavLink>}
            {TECH.includes(role) && <NavLink to="/sites">Sites and rooms</NavLink>}
            {TECH.includes(role) && <NavLink to="/enrolment">Enrolment</NavLink>}
            {['admin', 'technician', 'dsl'].includes(role) && <NavLink to="/keywords">Keywords</NavLink>}
            {['admin', 'technician', 'dsl'].includes(role) && <NavLink to="/policies">Policies</NavLink>}
            {role === 'admin' && <NavLink to="/users">Users</NavLink>}
            {role !== 'teacher' && <NavLink to="/reports">Reports</NavLink>}
            {['admin', 'dsl'].includes(role) && <NavLink to="/audit">Audit</NavLink>}
            {['admin', 'dsl'].includes(role) && <NavLink to="/settings">Settings</NavLink>}
            {['admin', 'dsl'].includes(role) && <NavLink to="/notifications">Notifications</NavLink>}
            <NavLink to="/account">Account</NavLink>
          </nav>
          <div className="topbar__me">
            <LiveStateBadge />
            <span className="muted">
              {user.username} ({role})
            </span>
            <button type="button" onClick={onSignOut}>
              Sign out
            </button>
          </div>
        </header>
        <main className="content">
          <DslGrantAnnouncements />
          <Routes>
            <Route path="/overview" element={<OverviewPage />} />
            <Route path="/dashboard" element={<DashboardPage role={role} />} />
            <Route path="/notifications" element={<NotificationsPage canEdit={role === 'dsl'} />} />
            <Route path="/users" element={<UsersPage />} />
            <Route path="/sites" element={<SitesPage />} />
            <Route path="/enrolment" element={<EnrolmentPage />} />
            <Route path="/account" element={<AccountPage user={user} onUpdated={onUpdated} />} />
            <Route path="/devices" element={<DevicesPage />} />
            <Route path="/devices/:id" element={<DevicePage canUninstall={TECH.includes(role)} />} />
            <Route path="/rooms" element={<RoomsPage canManage={TECH.includes(role)} />} />
            <Route path="/alerts" element={<AlertsPage />} />
            <Route path="/alerts/:id" element={<AlertPage />} />
            <Route path="/cases" element={<CasesPage />} />
            <Route path="/cases/:id" element={<CasePage />} />
            <Route path="/audit" element={<AuditPage />} />
            <Route path="/settings" element={<SettingsPage isDsl={role === 'dsl'} />} />
            <Route path="/policies" element={<PoliciesPage />} />
            <Route path="/keywords" element={<KeywordLibrariesPage />} />
            <Route path="/rooms/:id" element={<ClassroomPage />} />
            <Route path="/reports" element={<ReportsPage role={role} />} />
            <Route path="*" element={<Navigate to={HOME[role]} replace />} />
          </Routes>
        </main>
      </div>
    </LiveContext>
  );
}

/** react-aria's links and buttons navigate through the app's router, not by reloading the page. */
function AriaRouter({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  return (
    <RouterProvider navigate={(to) => void navigate(to)} useHref={useHref}>
      {children}
    </RouterProvider>
  );
}

export function App() {
  const [user, setUser] = useState<SessionInfo | null | undefined>(undefined);
  useEffect(() => {
    api.currentUser().then(setUser, () => setUser(null));
  }, []);
  if (user === undefined) return null;
  // The signed-in pages (and their live socket) go first: the console closes an ended session's socket, and the
  // page would otherwise take that for a session ended elsewhere and reload over whatever comes next.
  const signOut = () => {
    setUser(null);
    api.signOut().catch(() => undefined);
  };
  return (
    <BrowserRouter>
      <AriaRouter>
        {user && (user.mustChangePassword || user.mustEnrolSecondFactor) ? (
          <AccountSetupPage user={user} onUpdated={setUser} onSignOut={signOut} />
        ) : user ? (
          <SignedIn user={user} onSignOut={signOut} onUpdated={setUser} />
        ) : (
          <SignInPage onSignedIn={setUser} />
        )}
      </AriaRouter>
    </BrowserRouter>
  );
}
