import { z } from 'zod';
import {
  ImportLibraryRequest,
  KeywordTestMatch,
  KeywordTestRequest,
  LibraryDetail,
  LibraryInfo,
  SaveLibraryRequest,
  type KeywordLibrary,
  type StaffUser,
} from '@lookout/shared';
import {
  LibraryFormatError,
  libraryToCsv,
  libraryToJson,
  parseLibraryCsv,
  parseLibraryJson,
} from '@lookout/shared/library-files';
import type { ConsoleServices } from '../../ConsoleServices.js';
import { HttpError } from '../HttpError.js';
import { defineRoute } from '../ApiRoute.js';

const EDITORS = ['admin', 'technician', 'dsl'] as const;

/*
 * A whole library travels in one request body: the starter library alone is about 235 KB as JSON (250 KB as an
 * import, JSON inside JSON), close to the console's default 256 KB. Room for a school's own phrases on top, and
 * still within the 1 MiB frame a policy push to an agent may use.
 */
const LIBRARY_BODY_LIMIT = 1024 * 1024;

export const keywordRoutes = (s: ConsoleServices) => {
  const info = (id: string) => {
    const v = s.keywords.get(id);
    return {
      id,
      name: v.library.name,
      version: v.version,
      changedBy: v.changedBy,
      changedAt: v.changedAt,
      reason: v.reason,
      phrases: v.library.phrases.length,
    };
  };
  return [
    defineRoute({
      method: 'GET',
      path: '/api/keyword-libraries',
      summary: 'Keyword libraries in use, with their current version',
      tag: 'keywords',
      access: EDITORS,
      response: z.array(LibraryInfo),
      handle: async () => s.keywords.libraries().map((v) => info(v.library.id)),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/keyword-libraries',
      summary: 'Create a library (version 1, audited with its phrases); an id already in use is refused',
      tag: 'keywords',
      access: EDITORS,
      bodyLimit: LIBRARY_BODY_LIMIT,
      body: SaveLibraryRequest,
      response: LibraryInfo,
      successStatus: 201,
      async handle({ user, body }) {
        await s.keywords.create(user as StaffUser, body.library, body.reason);
        return info(body.library.id);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/keyword-libraries/:id',
      summary: 'One library (current version)',
      tag: 'keywords',
      access: EDITORS,
      response: LibraryDetail,
      handle: async ({ params }) => ({ ...info(params.id ?? ''), library: s.keywords.get(params.id ?? '').library }),
    }),
    defineRoute({
      method: 'PUT',
      path: '/api/keyword-libraries/:id',
      summary: 'Save a new version of a library (audited with its diff) and push it to every agent',
      tag: 'keywords',
      access: EDITORS,
      bodyLimit: LIBRARY_BODY_LIMIT,
      body: SaveLibraryRequest,
      response: LibraryInfo,
      async handle({ user, params, body }) {
        if (body.library.id !== params.id)
          throw new HttpError(400, 'invalid-request', 'the library id does not match the address');
        await s.keywords.save(user as StaffUser, body.library, body.reason);
        return info(body.library.id);
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/keyword-libraries/:id/import',
      summary: 'Replace a library from CSV or JSON text; a malformed file is refused naming its line',
      tag: 'keywords',
      access: EDITORS,
      bodyLimit: LIBRARY_BODY_LIMIT,
      body: ImportLibraryRequest,
      response: LibraryInfo,
      async handle({ user, params, body }) {
        const id = params.id ?? '';
        const existing = s.keywords.libraries().find((v) => v.library.id === id)?.library;
        let library: KeywordLibrary;
        try {
          library =
            body.format === 'csv'
              ? parseLibraryCsv(
                  body.content,
                  {
                    id,
                    name: existing?.name ?? id,
                    description: existing?.description ?? '',
                    categories: existing?.categories ?? [],
                  },
                  `${id}.csv`,
                )
              : parseLibraryJson(body.content, `${id}.json`);
        } catch (err) {
          if (err instanceof LibraryFormatError) throw new HttpError(400, 'invalid-library', err.message);
          throw err;
        }
        if (library.id !== id)
          throw new HttpError(400, 'invalid-library', `the file is library ${library.id}, not ${id}`);
        await s.keywords.save(user as StaffUser, library, body.reason);
        return info(id);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/keyword-libraries/:id/export',
      summary: 'A library as CSV or JSON',
      tag: 'keywords',
      access: EDITORS,
      query: z.object({ format: z.enum(['csv', 'json']).default('json') }),
      async handle({ params, query, reply }) {
        const { library } = s.keywords.get(params.id ?? '');
        reply.type(query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
        return query.format === 'csv' ? libraryToCsv(library) : libraryToJson(library);
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/keyword-libraries/test',
      summary: 'Test a phrase against the libraries in use: what would match, in which category, how severe',
      tag: 'keywords',
      access: EDITORS,
      body: KeywordTestRequest,
      response: z.array(KeywordTestMatch),
      handle: async ({ body }) => s.keywords.test(body.text),
    }),
  ];
};
