import { useEffect, useState } from 'react';
import { BrowserRouter, Navigate, NavLink, Route, Routes } from 'react-router';
import type { SessionInfo } from '@lookout/shared';
import { api } from './api/ApiClient';
import { useLiveDevices } from './api/useLiveDevices';
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

const HOME: Record<SessionInfo['role'], string> = {
  admin: '/devices',
  technician: '/devices',
  teacher: '/rooms',
  dsl: '/alerts',
  viewer: '/overview',
};

function SignedIn({
  user,
  onSignOut,
  onUpdated,
}: {
  user: SessionInfo;
  onSignOut: () => void;
  onUpdated: (user: SessionInfo) => void;
}) {
  const live = useLiveDevices();
  const viewer = user.role === 'viewer';
  return (
    <div className="shell">
      <nav className="nav">
        <span className="nav__brand">Lookout</span>
        {viewer && <NavLink to="/overview">Overview</NavLink>}
        {!viewer && <NavLink to="/rooms">Classrooms</NavLink>}
        {!viewer && user.role !== 'teacher' && <NavLink to="/devices">Devices</NavLink>}
        {user.role === 'dsl' && <NavLink to="/alerts">Alerts</NavLink>}
        {user.role === 'dsl' && <NavLink to="/cases">Cases</NavLink>}
        {['admin', 'dsl'].includes(user.role) && <NavLink to="/audit">Audit</NavLink>}
        {['admin', 'dsl'].includes(user.role) && <NavLink to="/settings">Settings</NavLink>}
        {['admin', 'technician', 'dsl'].includes(user.role) && <NavLink to="/keywords">Keywords</NavLink>}
        {['admin', 'technician', 'dsl'].includes(user.role) && <NavLink to="/policies">Policies</NavLink>}
        {user.role === 'admin' && <NavLink to="/users">Users</NavLink>}
        <NavLink to="/account">Account</NavLink>
        <span className="nav__spacer" />
        <span className={`live-state live-state--${live.state}`} data-testid="live-state">
          {live.state}
        </span>
        <span className="muted">
          {user.username} ({user.role})
        </span>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </nav>
      <main className="content">
        {live.dslGrants.map((g) => (
          <p key={`${g.username}-${g.at}`} role="status" className="announcement">
            {describeDslGrant(g)}
          </p>
        ))}
        <Routes>
          <Route path="/overview" element={<OverviewPage />} />
          <Route path="/users" element={<UsersPage />} />
          <Route path="/account" element={<AccountPage user={user} onUpdated={onUpdated} />} />
          <Route path="/devices" element={<DevicesPage live={live} />} />
          <Route path="/devices/:id" element={<DevicePage live={live} />} />
          <Route path="/rooms" element={<RoomsPage />} />
          <Route path="/alerts" element={<AlertsPage live={live} />} />
          <Route path="/alerts/:id" element={<AlertPage />} />
          <Route path="/cases" element={<CasesPage />} />
          <Route path="/cases/:id" element={<CasePage />} />
          <Route path="/audit" element={<AuditPage />} />
          <Route path="/settings" element={<SettingsPage isDsl={user.role === 'dsl'} />} />
          <Route path="/policies" element={<PoliciesPage />} />
          <Route path="/keywords" element={<KeywordLibrariesPage />} />
          <Route path="/rooms/:id" element={<ClassroomPage live={live} />} />
          <Route path="*" element={<Navigate to={HOME[user.role]} replace />} />
        </Routes>
      </main>
    </div>
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
      {user && (user.mustChangePassword || user.mustEnrolSecondFactor) ? (
        <AccountSetupPage user={user} onUpdated={setUser} onSignOut={signOut} />
      ) : user ? (
        <SignedIn user={user} onSignOut={signOut} onUpdated={setUser} />
      ) : (
        <SignInPage onSignedIn={setUser} />
      )}
    </BrowserRouter>
  );
}
