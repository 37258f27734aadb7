/**
 * The full name in a passwd(5) entry's GECOS field ("Ada Lovelace,Room 4,,"): its first comma-separated part,
 * with `&` standing for the login capitalised (the BSD convention). Null for an account without one.
 */
export function passwdFullName(passwd: string, login: string): string | null {
  for (const line of passwd.split('\n')) {
    const fields = line.split(':');
    if (fields.length < 7 || fields[0] !== login) continue;
    const full = (fields[4] ?? '').split(',')[0]!.replaceAll('&', login.charAt(0).toUpperCase() + login.slice(1));
    return full.trim() === '' ? null : full.trim();
  }
  return null;
}
