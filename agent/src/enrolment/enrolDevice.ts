import { ApiErrorBody, EnrolResponse, type EnrolRequest } from '@lookout/shared';
import { checkConsoleUrl, fetchPinnedCa, type ConsoleTrust } from '../tls/ConsoleTrust.js';
import { consoleRequest } from '../uplink/consoleRequest.js';
import type { AgentCredential } from './AgentCredentialFile.js';

/**
 * Exchanges an enrolment token for this device's id and credential. Over HTTPS the console must first present
 * a chain holding the pinned CA, and the token is sent only on a connection verified against that CA alone.
 * Throws with the console's own reason, or why the console was not trusted.
 */
export async function enrolDevice(
  serverUrl: string,
  caPin: string | undefined,
  request: EnrolRequest,
): Promise<AgentCredential> {
  const url = checkConsoleUrl(serverUrl, caPin);
  const trust: ConsoleTrust = { serverUrl: url.origin, ca: caPin ? await fetchPinnedCa(url, caPin) : undefined };
  const response = await consoleRequest(trust, '/api/enrol', {
    method: 'POST',
    json: request,
    carries: 'the enrolment token',
  });
  if (response.status !== 201) {
    const error = ApiErrorBody.safeParse(response.body);
    throw new Error(
      `enrolment refused (${response.status}): ${error.success ? error.data.error.message : 'no reason given'}`,
    );
  }
  const enrolled = EnrolResponse.parse(response.body);
  return {
    serverUrl: trust.serverUrl,
    deviceId: enrolled.deviceId,
    credential: enrolled.credential,
    ...(trust.ca ? { caCertificate: trust.ca.certificate, caPin: trust.ca.pin } : {}),
    ...(enrolled.uninstallVerifier ? { uninstallVerifier: enrolled.uninstallVerifier } : {}),
  };
}
