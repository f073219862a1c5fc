// The installers' Electron binary has its dangerous switches blown: no one who can start Outpost (or
// set its environment) can turn it into a Node interpreter, attach a debugger, or make it load code
// from outside its checked app.asar. No Electron binary is needed: electron-builder.yml is read as it
// will be when the installers are built.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '../../..');

interface BuilderConfig {
  asar?: unknown;
  electronFuses?: Record<string, unknown> | null;
}

function builderConfig(): BuilderConfig {
  return parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
}

describe('packaged builds flip Electron\'s fuses', () => {
  it('refuses ELECTRON_RUN_AS_NODE, NODE_OPTIONS and --inspect in the installed app', () => {
    const fuses = builderConfig().electronFuses;
    expect(fuses?.runAsNode).toBe(false);
    expect(fuses?.enableNodeOptionsEnvironmentVariable).toBe(false);
    expect(fuses?.enableNodeCliInspectArguments).toBe(false);
  });

  it('loads code only from an app.asar whose integrity is checked, and encrypts cookies on disk', () => {
    const config = builderConfig();
    expect(config.electronFuses?.enableCookieEncryption).toBe(true);
    expect(config.electronFuses?.enableEmbeddedAsarIntegrityValidation).toBe(true);
    expect(config.electronFuses?.onlyLoadAppFromAsar).toBe(true);
    // Integrity validation needs the archive and the hash electron-builder embeds for it.
    expect(config.asar).toBe(true);
  });

  it('names only fuses that the installed electron-builder knows', () => {
    const scheme = JSON.parse(readFileSync(join(ROOT, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as { definitions: { FuseOptionsV1: { properties: Record<string, unknown> } } };
    const known = Object.keys(scheme.definitions.FuseOptionsV1.properties);
    expect(Object.keys(builderConfig().electronFuses ?? {}).filter((name) => !known.includes(name))).toEqual([]);
  });
});
