import { fileURLToPath } from 'node:url';

// The pages every shell shows (src/ui: lock, message, report a concern), resolved the same from src/ and dist/.
const page = (name: string) => fileURLToPath(new URL(`../../src/ui/${name}`, import.meta.url));

export const LOCK_PAGE = page('lock.html');
export const MESSAGE_PAGE = page('message.html');
