// Where Outpost keeps its database and files when no folder is given: the same per-user folder that
// Electron's app.getPath('userData') gives the desktop app, so the CLI and the app share one library.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_FOLDER_NAME = 'Outpost';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.OUTPOST_DATA_DIR) return env.OUTPOST_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_FOLDER_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_FOLDER_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_FOLDER_NAME);
}

export function databaseFile(dataDir: string): string {
  return join(dataDir, 'outpost.db');
}
