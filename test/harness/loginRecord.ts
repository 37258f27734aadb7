import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

// glibc's own utmp API (utmpxname, pututxline), called through Python's ctypes: the same call a display manager
// without logind (lightdm, xdm's sessreg) makes to record a graphical login, into a file of the test's.
const RECORD_LOGIN = String.raw`
import ctypes, sys, time
class Exit(ctypes.Structure): _fields_ = [('t', ctypes.c_short), ('e', ctypes.c_short)]
class Tv(ctypes.Structure): _fields_ = [('s', ctypes.c_int32), ('us', ctypes.c_int32)]
class Utmp(ctypes.Structure):
    _fields_ = [('type', ctypes.c_short), ('pid', ctypes.c_int), ('line', ctypes.c_char * 32),
                ('id', ctypes.c_char * 4), ('user', ctypes.c_char * 32), ('host', ctypes.c_char * 256),
                ('exit', Exit), ('session', ctypes.c_int32), ('tv', Tv), ('addr', ctypes.c_int32 * 4),
                ('unused', ctypes.c_char * 20)]
assert ctypes.sizeof(Utmp) == 384
path, user, display, pid, kind = sys.argv[1:6]
libc = ctypes.CDLL('libc.so.6', use_errno=True)
libc.pututxline.restype = ctypes.c_void_p
if libc.utmpxname(path.encode()) != 0: sys.exit('utmpxname failed')
libc.setutxent()
u = Utmp(type=7 if kind == 'login' else 8, pid=int(pid), line=display.encode(), id=display[-4:].encode(),
         user=user.encode() if kind == 'login' else b'', host=display.encode())
u.tv.s = int(time.time())
if not libc.pututxline(ctypes.byref(u)): sys.exit('pututxline failed: errno %d' % ctypes.get_errno())
libc.endutxent()
`;

/** Records (or ends) a graphical login in a utmp file the way a display manager does, with glibc's pututxline. */
export async function recordLogin(
  utmpFile: string,
  login: { user: string; display: string; leaderPid: number },
  kind: 'login' | 'logout' = 'login',
): Promise<void> {
  if (kind === 'login') writeFileSync(utmpFile, '', { flag: 'a', mode: 0o644 });
  await run('python3', ['-c', RECORD_LOGIN, utmpFile, login.user, login.display, String(login.leaderPid), kind]);
}
