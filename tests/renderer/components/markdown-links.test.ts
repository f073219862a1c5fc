import { describe, expect, it } from 'vitest';
import { markdownLinkOf } from '../../../renderer/components/markdown-links.ts';

const FROM = 'missions/DEMO-01/stages/find-host.md';

describe('links in pack Markdown', () => {
  it('lets https addresses out, normalised and as the engine will open them', () => {
    expect(markdownLinkOf('https://attack.mitre.org/techniques/T1566/', FROM)).toEqual({ kind: 'web', url: 'https://attack.mitre.org/techniques/T1566/' });
    expect(markdownLinkOf('HTTPS://Example.ORG', FROM)).toEqual({ kind: 'web', url: 'https://example.org/' });
  });

  it('shows javascript:, data: and file: links as text', () => {
    for (const href of ['javascript:window.__pwned=3', 'JavaScript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', 'vbscript:x']) {
      expect(markdownLinkOf(href, FROM)).toEqual({ kind: 'text', address: href });
    }
  });

  it('shows plain http, mailto and other schemes as text', () => {
    for (const href of ['http://intranet.example/portal', 'mailto:soc@example.org', 'ftp://files.example/x', 'smb://share/x', 'ms-settings:']) {
      expect(markdownLinkOf(href, FROM)).toEqual({ kind: 'text', address: href });
    }
  });

  it('shows https addresses carrying credentials, and protocol-relative or absolute paths, as text', () => {
    for (const href of ['https://user:secret@example.org/', 'https://attacker@example.org/', '//evil.example/x', '/etc/passwd']) {
      expect(markdownLinkOf(href, FROM)).toEqual({ kind: 'text', address: href });
    }
  });

  it('shows fragments as text, since the app routes by the fragment', () => {
    expect(markdownLinkOf('#/import', FROM)).toEqual({ kind: 'text', address: '#/import' });
    expect(markdownLinkOf('#section', FROM)).toEqual({ kind: 'text', address: '#section' });
  });

  it('keeps links to other files of the same pack, and refuses those that leave it', () => {
    expect(markdownLinkOf('../assets/auth.log', FROM)).toEqual({ kind: 'pack', path: 'missions/DEMO-01/assets/auth.log' });
    expect(markdownLinkOf('notes%20v2.md#top', FROM)).toEqual({ kind: 'pack', path: 'missions/DEMO-01/stages/notes v2.md' });
    expect(markdownLinkOf('../../../../outside.txt', FROM)).toEqual({ kind: 'text', address: '../../../../outside.txt' });
    expect(markdownLinkOf('', FROM)).toEqual({ kind: 'text', address: '' });
  });
});
