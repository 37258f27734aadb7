import { ApiErrorBody, EnrolResponse, type EnrolRequest } from '@lookout/shared';
import type { AgentCredential } from './AgentCredentialFile.js';

/** Exchanges an enrolment token for this device's id and credential. Throws with the console's own reason. */
export async function enrolDevice(serverUrl: string, request: EnrolRequest): Promise<AgentCredential> {
  const url = new URL('/api/enrol', serverUrl);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (err) {
    throw new Error(`cannot reach the console at ${serverUrl}: ${(err as Error).message}`);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = ApiErrorBody.safeParse(body);
    throw new Error(
      `enrolment refused (${response.status}): ${error.success ? error.data.error.message : 'no reason given'}`,
    );
  }
  const enrolled = EnrolResponse.parse(body);
  return { serverUrl: new URL(serverUrl).origin, deviceId: enrolled.deviceId, credential: enrolled.credential };
}
