// Links in pack content are untrusted (DESIGN.md "Pack content is untrusted"): only an https address
// leaves Outpost, in the system browser, and only after the person at the screen has seen the whole
// address and agreed. The desktop shell asks in its own dialog, which the page cannot answer for them.
import { ApiError } from '../../../shared/api/errors.ts';
import { externalLinkOf } from '../../../shared/links.ts';
import type { EngineContext } from '../context.ts';

export async function openPackLink(ctx: EngineContext, address: string): Promise<null> {
  const url = externalLinkOf(address);
  if (url === null) throw new ApiError('invalid_input', 'Only https:// addresses from a pack can be opened, and only without a user name or password in them.');
  if (ctx.host.kind !== 'electron') throw new ApiError('unavailable', 'In browser mode, a link opens in a new tab of the browser itself.');
  await ctx.host.openExternal(url);
  return null;
}
