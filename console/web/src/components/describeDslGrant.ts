import type { DslGrant } from '@lookout/shared';

/** One line for a DSL grant or a reset of a DSL account, as every DSL is told of it. */
export function describeDslGrant(g: DslGrant): string {
  const by = g.grantedBy ?? 'Someone';
  switch (g.kind) {
    case 'granted':
      return `${by} gave ${g.username} the DSL role${g.from ? ` (was ${g.from})` : ' (new account)'}.`;
    case 'password-reset':
      return `${by} reset the password of ${g.username}, a DSL.`;
    case 'second-factor-reset':
      return `${by} removed the second factor of ${g.username}, a DSL.`;
  }
}
