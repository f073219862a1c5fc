import { afterEach, describe, expect, it } from 'vitest';
import type { Host } from '../../electron/engine/host.ts';
import { nodeHost } from '../../electron/engine/host.ts';
import { externalLinkOf } from '../../shared/links.ts';
import { engineWithSamplePack, learner, type TestEngine } from '../support/engine-fixture.ts';

let t: TestEngine;
afterEach(() => t?.engine.close());

describe('links from pack content', () => {
  it('opens only https addresses without credentials, through the desktop shell', async () => {
    const opened: string[] = [];
    const desktop: Host = { ...nodeHost, kind: 'electron', openExternal: async (url) => void opened.push(url) };
    t = await engineWithSamplePack({ host: desktop });
    const profileId = await learner(t);
    expect(profileId).toBeTruthy();
    await t.call('links.open', { url: 'https://attack.mitre.org/techniques/T1110/' });
    for (const url of ['http://example.org/', 'javascript:alert(1)', 'file:///etc/passwd', 'https://user:pw@example.org/', 'smb://server/share', 'data:text/html,x', 'not a url']) {
      await expect(t.call('links.open', { url }), url).rejects.toMatchObject({ code: 'invalid_input' });
    }
    expect(opened).toEqual(['https://attack.mitre.org/techniques/T1110/']);
  });

  it('leaves opening to the browser in browser mode, and to nobody signed out', async () => {
    t = await engineWithSamplePack();
    await expect(t.call('links.open', { url: 'https://example.org/' })).rejects.toMatchObject({ code: 'forbidden' });
    await learner(t);
    await expect(t.call('links.open', { url: 'https://example.org/' })).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('normalises what it lets through', () => {
    expect(externalLinkOf('HTTPS://Example.ORG/a b')).toBe('https://example.org/a%20b');
    expect(externalLinkOf('https://')).toBeNull();
    expect(externalLinkOf(' javascript:alert(1)')).toBeNull();
  });
});
