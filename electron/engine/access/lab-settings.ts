// Settings of this lab PC that an admin chooses: how long an idle PC keeps someone signed in.
import { ApiError } from '../../../shared/api/errors.ts';
import type { LabSettings } from '../../../shared/api/views.ts';
import type { EngineContext } from '../context.ts';
import { readSetting, writeSetting } from '../settings.ts';

const IDLE_MINUTES = 'idle_sign_out_minutes';
/** A shared PC left alone returns to the profile picker after this long, unless an admin says otherwise. */
export const DEFAULT_IDLE_MINUTES = 15;

export function labSettings(ctx: EngineContext): LabSettings {
  const stored = readSetting(ctx, IDLE_MINUTES);
  const minutes = stored === null ? DEFAULT_IDLE_MINUTES : Number(stored);
  return { idleMinutes: Number.isInteger(minutes) && minutes >= 0 ? minutes : DEFAULT_IDLE_MINUTES };
}

export function updateLabSettings(ctx: EngineContext, settings: LabSettings): LabSettings {
  if (!Number.isInteger(settings.idleMinutes) || settings.idleMinutes < 0) throw new ApiError('invalid_input', 'The idle time is a whole number of minutes (0: never).');
  writeSetting(ctx, IDLE_MINUTES, String(settings.idleMinutes));
  return labSettings(ctx);
}
