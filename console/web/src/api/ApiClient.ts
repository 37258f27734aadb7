import { z } from 'zod';
import {
  AlertSummary,
  Evidence,
  type KeywordMatch,
  ApiErrorBody,
  CommandResponse,
  DeviceSummary,
  Room,
  StaffUser,
  StoredEvent,
  type CommandRequest,
  type SessionRequest,
} from '@lookout/shared';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function request<T>(schema: z.ZodType<T>, path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, {
    credentials: 'same-origin',
    ...init,
    headers: init?.body ? { 'content-type': 'application/json', ...init.headers } : init?.headers,
  });
  const body: unknown = response.status === 204 ? undefined : await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = ApiErrorBody.safeParse(body);
    throw error.success
      ? new ApiError(response.status, error.data.error.code, error.data.error.message)
      : new ApiError(response.status, 'http-error', `${response.status} ${response.statusText}`);
  }
  return schema.parse(body);
}

export const LibraryInfo = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number(),
  changedBy: z.string().nullable(),
  changedAt: z.string(),
  reason: z.string(),
  phrases: z.number(),
});
export type LibraryInfo = z.infer<typeof LibraryInfo>;

/** The staff API, typed by the same schemas the server validates with. */
export const api = {
  currentUser: () => request(StaffUser, '/api/session'),
  signIn: (body: SessionRequest) => request(StaffUser, '/api/session', { method: 'POST', body: JSON.stringify(body) }),
  signOut: () => request(z.undefined(), '/api/session', { method: 'DELETE' }),
  devices: () => request(z.array(DeviceSummary), '/api/devices'),
  device: (id: string) => request(DeviceSummary, `/api/devices/${encodeURIComponent(id)}`),
  rooms: () => request(z.array(Room), '/api/rooms'),
  alerts: () => request(z.array(AlertSummary), '/api/alerts'),
  alertEvidence: (id: string) => request(z.array(Evidence), `/api/alerts/${encodeURIComponent(id)}/evidence`),
  keywordLibraries: () => request(z.array(LibraryInfo), '/api/keyword-libraries'),
  testKeywords: (text: string) =>
    request(z.array(z.custom<KeywordMatch>()), '/api/keyword-libraries/test', {
      method: 'POST',
      body: JSON.stringify({ text }),
    }),
  command: (body: CommandRequest) =>
    request(CommandResponse, '/api/commands', { method: 'POST', body: JSON.stringify(body) }),
  deviceEvents: (id: string, limit = 100) =>
    request(z.array(StoredEvent), `/api/devices/${encodeURIComponent(id)}/events?limit=${limit}`),
};
