import { useEffect, useState } from 'react';
import { BrowserRouter, Navigate, NavLink, Route, Routes } from 'react-router';
import type { StaffUser } from '@lookout/shared';
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
import { PoliciesPage } from './pages/PoliciesPage';

function SignedIn({ user, onSignOut }: { user: StaffUser; onSignOut: () => void }) {
  const live = useLiveDevices();
  return (
    <div className="shell">
      <nav className="nav">
        <span className="nav__brand">Lookout</span>
        <NavLink to="/rooms">Classrooms</NavLink>
        {user.role !== 'teacher' && <NavLink to="/devices">Devices</NavLink>}
        {user.role === 'dsl' && <NavLink to="/alerts">Alerts</NavLink>}
        {user.role === 'dsl' && <NavLink to="/cases">Cases</NavLink>}
        {['admin', 'dsl'].includes(user.role) && <NavLink to="/audit">Audit</NavLink>}
        {['admin', 'dsl'].includes(user.role) && <NavLink to="/settings">Settings</NavLink>}
        {['admin', 'technician', 'dsl'].includes(user.role) && <NavLink to="/keywords">Keywords</NavLink>}
        {['admin', 'technician', 'dsl'].includes(user.role) && <NavLink to="/policies">Policies</NavLink>}
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
        <Routes>
          <Route path="/devices" element={<DevicesPage live={live} />} />
          <Route path="/devices/:id" element={<DevicePage live={live} />} />
          <Route path="/rooms" element={<RoomsPage />} />
          <Route path="/alerts" element={<AlertsPage live={live} />} />
          <Route path="/alerts/:id" element={<AlertPage />} />
          <Route path="/cases" element={<CasesPage />} />
          <Route path="/cases/:id" element={<CasePage />} />
          <Route path="/audit" element={<AuditPage />} />
          <Route path="/settings" element={<SettingsPage />} />
          <Route path="/policies" element={<PoliciesPage />} />
          <Route path="/keywords" element={<KeywordLibrariesPage />} />
          <Route path="/rooms/:id" element={<ClassroomPage live={live} />} />
          <Route
            path="*"
            element={
              <Navigate
                to={user.role === 'teacher' ? '/rooms' : user.role === 'dsl' ? '/alerts' : '/devices'}
                replace
              />
            }
          />
        </Routes>
      </main>
    </div>
  );
}

export function App() {
  const [user, setUser] = useState<StaffUser | null | undefined>(undefined);
  useEffect(() => {
    api.currentUser().then(setUser, () => setUser(null));
  }, []);
  if (user === undefined) return null;
  return (
    <BrowserRouter>
      {user ? (
        <SignedIn user={user} onSignOut={() => void api.signOut().finally(() => setUser(null))} />
      ) : (
        <SignInPage onSignedIn={setUser} />
      )}
    </BrowserRouter>
  );
}
