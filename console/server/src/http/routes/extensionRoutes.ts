import { BrowserExtensionPackage } from '@lookout/shared';
import type { ConsoleAddress } from '../../services/EnrolmentInstructions.js';
import { extensionUrls, updateManifest, type ExtensionPackage } from '../../extension/ExtensionPackage.js';
import { defineRoute } from '../ApiRoute.js';
import { HttpError } from '../HttpError.js';

/** What staff copy into agent.env, Group Policy or Intune: the id, the update URL and the forcelist line. */
export function extensionInfo(pack: ExtensionPackage, serverUrl: string): BrowserExtensionPackage {
  const { updateUrl, crxUrl } = extensionUrls(serverUrl);
  return {
    id: pack.id,
    version: pack.version,
    updateUrl,
    crxUrl,
    forcelistEntry: `${pack.id};${updateUrl}`,
    sha256: pack.sha256,
  };
}

/**
 * The extension for the school's browsers, without sign-in (a browser fetching an update has no staff session):
 * the update manifest and the CRX, both public (they hold nothing secret; the key that signs the CRX never
 * leaves the data dir). `pack` is undefined when the console found no extension to pack (its log says why).
 */
export const extensionRoutes = (pack: ExtensionPackage | undefined, address: ConsoleAddress) => {
  const packed = (): ExtensionPackage => {
    if (!pack) throw new HttpError(404, 'not-found', 'this console has no browser extension to serve (see its log)');
    return pack;
  };
  return [
    defineRoute({
      method: 'GET',
      path: '/extension/updates.xml',
      summary:
        "The Lookout extension's update manifest (gupdate XML) for browsers' managed policy " +
        '(`ExtensionInstallForcelist`): its id, version and where the CRX is',
      tag: 'enrolment',
      access: 'public',
      async handle({ reply }) {
        const p = packed();
        reply.header('cache-control', 'public, max-age=300').type('application/xml; charset=utf-8');
        return updateManifest(p, extensionUrls(address.serverUrl).crxUrl);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/extension/lookout.crx',
      summary: 'The Lookout browser extension, packed (CRX3) and signed with this console’s key',
      tag: 'enrolment',
      access: 'public',
      async handle({ request, reply }) {
        const p = packed();
        const etag = `"${p.sha256}"`;
        reply
          .header('cache-control', 'public, max-age=300')
          .header('etag', etag)
          .header('content-disposition', 'attachment; filename="lookout.crx"');
        if (request.headers['if-none-match'] === etag) return reply.code(304).send();
        return reply.type('application/x-chrome-extension').send(p.crx);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/extension',
      summary:
        "The browser extension this console serves: id, version, update URL and the forcelist line for the PCs' " +
        'managed policy (agent.env, Group Policy, Intune)',
      tag: 'enrolment',
      access: ['admin', 'technician'],
      response: BrowserExtensionPackage,
      handle: async () => extensionInfo(packed(), address.serverUrl),
    }),
  ];
};
