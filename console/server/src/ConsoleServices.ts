import type { PasswordHasher } from './auth/PasswordHasher.js';
import type { SessionService } from './auth/SessionService.js';
import type { StaffAccess } from './auth/StaffAccess.js';
import type { AgentGateway } from './gateway/AgentGateway.js';
import type { LiveHub } from './live/LiveHub.js';
import type { CommandService } from './services/CommandService.js';
import type { AlertService } from './services/AlertService.js';
import type { KeywordLibraryService } from './services/KeywordLibraryService.js';
import type { DeviceService } from './services/DeviceService.js';
import type { RoomDirectory } from './services/RoomDirectory.js';
import type { RoomService } from './services/RoomService.js';
import type { AuditLog } from './store/AuditLog.js';
import type { CaseService } from './services/CaseService.js';
import type { ExceptionProposalService } from './services/ExceptionProposalService.js';
import type { RetentionService } from './services/RetentionService.js';
import type { SettingsService } from './services/SettingsService.js';
import type { PolicyService } from './services/PolicyService.js';
import type { SafeguardingReports } from './reports/SafeguardingReports.js';
import type { EventStore } from './store/EventStore.js';
import type { StaffStore } from './store/StaffStore.js';
import type { StaffAccountService } from './services/StaffAccountService.js';

/** What the HTTP routes may use. Built once in ConsoleServer. */
export interface ConsoleServices {
  sessions: SessionService;
  passwords: PasswordHasher;
  access: StaffAccess;
  staff: StaffStore;
  accounts: StaffAccountService;
  devices: DeviceService;
  events: EventStore;
  audit: AuditLog;
  gateway: AgentGateway;
  rooms: RoomService;
  directory: RoomDirectory;
  commands: CommandService;
  hub: LiveHub;
  keywords: KeywordLibraryService;
  alerts: AlertService;
  cases: CaseService;
  proposals: ExceptionProposalService;
  settings: SettingsService;
  retention: RetentionService;
  reports: SafeguardingReports;
  policies: PolicyService;
}
