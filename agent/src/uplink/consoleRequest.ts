import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import {
  describeConnectionFailure,
  pinnedTlsOptions,
  type ConsoleTrust,
  type SecretCarried,
} from '../tls/ConsoleTrust.js';

export interface ConsoleResponse {
  status: number;
  /** The JSON body, or undefined when there was none or it was not JSON. */
  body: unknown;
}

const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/**
 * One HTTP request to the console. Over HTTPS only the pinned CA is trusted (Node's fetch takes no CA), so
 * the request, and the secret in it, leave only once the console has proved it holds a certificate from it.
 */
export function consoleRequest(
  trust: ConsoleTrust,
  path: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    json?: unknown;
    timeoutMs?: number;
    carries: SecretCarried;
  },
): Promise<ConsoleResponse> {
  const url = new URL(path, trust.serverUrl);
  const https = url.protocol === 'https:';
  if (https && !trust.ca) return Promise.reject(new Error('no pinned CA for an https:// console: enrol again'));
  const body = options.json === undefined ? undefined : Buffer.from(JSON.stringify(options.json));
  return new Promise((resolve, reject) => {
    const send = https ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: options.method ?? 'GET',
        headers: {
          ...options.headers,
          ...(body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}),
        },
        timeout: options.timeoutMs ?? 15_000,
        ...(https && trust.ca ? { ...pinnedTlsOptions(trust.ca), agent: false } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) req.destroy(new Error('the console sent too large a response'));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', (err) => reject(new Error(describeConnectionFailure(err, trust, options.carries))));
      },
    );
    req.on('timeout', () => req.destroy(new Error('the console did not answer in time')));
    req.on('error', (err) => reject(new Error(describeConnectionFailure(err, trust, options.carries))));
    req.end(body);
  });
}
