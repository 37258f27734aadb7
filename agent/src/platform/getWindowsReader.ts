import type { WindowChangedPayload } from '@lookout/shared';

/** Reads the active window with get-windows (the maintained successor of active-win) on any OS. */
export async function readActiveWindowWithGetWindows(): Promise<WindowChangedPayload | undefined> {
  const { activeWindow } = await import('get-windows');
  const win = await activeWindow();
  if (!win) return undefined;
  return {
    app: win.owner.name,
    title: win.title,
    pid: win.owner.processId ?? null,
    ...(win.owner.path ? { path: win.owner.path } : {}),
  };
}
