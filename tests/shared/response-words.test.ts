import { describe, expect, it } from 'vitest';
import { countResponseWords, responseBlocker, wordsNeeded } from '../../shared/response-words.ts';

const TEMPLATE = '## Summary\nHost:\n\n## Timeline (UTC)\n-\n-\n';

describe('counting the words of a written response', () => {
  it('counts every word when the stage has no template', () => {
    expect(countResponseWords('Escalated NWH-BIL-WS023 to Tier 2 at 06:40.', null)).toBe(8);
    expect(countResponseWords('', undefined)).toBe(0);
  });

  it('does not count a template left as it is, nor its lines kept unchanged', () => {
    expect(countResponseWords(TEMPLATE, TEMPLATE)).toBe(0);
    expect(countResponseWords(TEMPLATE.replace('Host:', 'Host: NWH-BIL-WS023 billing clerk'), TEMPLATE)).toBe(4);
    // Kept lines are matched one for one: a heading written twice counts the second time.
    expect(countResponseWords(`${TEMPLATE}## Summary\n`, TEMPLATE)).toBe(1);
    expect(countResponseWords('  ## Summary  \nbeacon every 60 seconds', TEMPLATE)).toBe(4);
  });

  it('counts a response written from scratch in full, template or not', () => {
    expect(countResponseWords('Summary: the host beacons.', TEMPLATE)).toBe(4);
  });
});

describe('when a response keeps its stage open', () => {
  it('blocks a required response below its minimum, saying how far it is', () => {
    expect(responseBlocker({ required: true, minWords: 120 }, 0)).toBe('Write your response: at least 120 words.');
    expect(responseBlocker({ required: true, minWords: 120 }, 37)).toBe('Write at least 120 words in your response (37 so far).');
    expect(responseBlocker({ required: true, minWords: 120 }, 120)).toBeNull();
  });

  it('asks for at least one word when a required response has no minimum', () => {
    expect(wordsNeeded(0)).toBe(1);
    expect(responseBlocker({ required: true, minWords: 0 }, 0)).toBe('Write your response.');
    expect(responseBlocker({ required: true, minWords: 0 }, 1)).toBeNull();
  });

  it('never blocks an optional response', () => {
    expect(responseBlocker({ required: false, minWords: 40 }, 0)).toBeNull();
    expect(responseBlocker({ required: false, minWords: 40 }, 3)).toBeNull();
  });
});
