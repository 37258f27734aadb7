import { z } from 'zod';
import {
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

/** The staff API, typed by the same schemas the server validates with. */
export const api = {
  currentUser: () => request(StaffUser, '/api/session'),
  signIn: (body: SessionRequest) => request(StaffUser, '/api/session', { method: 'POST', body: JSON.stringify(body) }),
  signOut: () => request(z.undefined(), '/api/session', { method: 'DELETE' }),
  devices: () => request(z.array(DeviceSummary), '/api/devices'),
  device: (id: string) => request(DeviceSummary, `/api/devices/${encodeURIComponent(id)}`),
  rooms: () => request(z.array(Room), '/api/rooms'),
  command: (body: CommandRequest) =>
    request(CommandResponse, '/api/commands', { method: 'POST', body: JSON.stringify(body) }),
  deviceEvents: (id: string, limit = 100) =>
    request(z.array(StoredEvent), `/api/devices/${encodeURIComponent(id)}/events?limit=${limit}`),
};
