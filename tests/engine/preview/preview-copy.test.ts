import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyForPreview, previewVersionLine } from '../../../electron/engine/preview/preview-copy.ts';
import { tempDir } from '../../support/temp.ts';
import { authorFolder } from './preview-fixture.ts';

describe('the preview version', () => {
  it('replaces the version on its own line, keeping quotes, comments and every other line', () => {
    expect(previewVersionLine('id: a\nversion: 1.2.0\ntitle: T\n', 3)).toBe('id: a\nversion: 1.2.0-preview.3\ntitle: T\n');
    expect(previewVersionLine("version: '2.0.1' # bump me\n", 1)).toBe("version: '2.0.1-preview.1' # bump me\n");
    expect(previewVersionLine('version: "0.1.0-beta.2+build.7"\n', 12)).toBe('version: "0.1.0-preview.12"\n');
  });

  it('leaves a version that is not semver alone, so the validator reports it as written', () => {
    expect(previewVersionLine('version: latest\n', 1)).toBeNull();
    expect(previewVersionLine('version: 1.2\n', 1)).toBeNull();
    expect(previewVersionLine("version: '1.2.0\n", 1)).toBeNull();
    expect(previewVersionLine('title: no version here\n', 1)).toBeNull();
    // A nested `version:` is not the pack's.
    expect(previewVersionLine('meta:\n  version: 1.0.0\n', 1)).toBeNull();
  });
});

describe('the copy the preview imports', () => {
  it('leaves the signature and version control behind and rewrites only its own pack.yaml', async () => {
    const dir = authorFolder();
    writeFileSync(join(dir, 'signature'), 'not a real signature');
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main');
    const target = join(tempDir(), 'copy');
    await copyForPreview(dir, target, 4);
    expect(existsSync(join(target, 'signature'))).toBe(false);
    expect(existsSync(join(target, '.git'))).toBe(false);
    expect(readFileSync(join(target, 'pack.yaml'), 'utf8')).toContain('version: 1.2.0-preview.4');
    expect(readFileSync(join(dir, 'pack.yaml'), 'utf8')).toContain('version: 1.2.0\n');
    expect(readFileSync(join(target, 'missions/DEMO-01/assets/proxy.log'), 'utf8')).toBe(readFileSync(join(dir, 'missions/DEMO-01/assets/proxy.log'), 'utf8'));
  });

  it('copies a folder with no pack.yaml as it is, for the import to report', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'readme.md'), 'not a pack');
    const target = join(tempDir(), 'copy');
    await copyForPreview(dir, target, 1);
    expect(existsSync(join(target, 'readme.md'))).toBe(true);
    expect(existsSync(join(target, 'pack.yaml'))).toBe(false);
  });
});
