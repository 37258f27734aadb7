import { z } from 'zod';
import { AccessReason } from './safeguarding.js';
import { Uuid } from './primitives.js';
import { HostnamePattern } from './staffApi.js';

// The staff API's smaller request and response shapes, which have no domain module of their own: here so the
// server's routes and the web client's contract (apiContract.ts) use the same schema objects.

export const HealthResponse = z.object({ ok: z.boolean() });
export const VersionResponse = z.object({ version: z.string() });
/** Sessions a change ended. */
export const EndedSessions = z.object({ ended: z.number().int() });
/** How many PCs lack the browser extension, of all. */
export const BrowserExtensionCount = z.object({ without: z.number().int(), total: z.number().int() });
/** A teacher a technician may assign to a room: id and user name, nothing more. */
export const TeacherInfo = z.object({ id: Uuid, username: z.string() });
export const PatternPreviewQuery = z.object({ pattern: HostnamePattern });
export const BreachesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  user: z.string().max(256).optional(),
  since: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
});
export const PolicyDiffQuery = z.object({
  from: z.coerce.number().int().positive(),
  to: z.coerce.number().int().positive(),
});
export const ProposalsQuery = z.object({ status: z.enum(['open', 'accepted', 'declined']).optional() });
export const DeleteEvidenceRequest = z.object({ reason: AccessReason });
export const MailTestRequest = z.object({ to: z.email().max(320).optional() });
export const MailTestResult = z.object({ sentTo: z.array(z.string()), server: z.string() });
