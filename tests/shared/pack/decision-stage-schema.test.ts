import { describe, expect, it } from 'vitest';
import { decisionStageSchema, missionSchema } from '../../../shared/pack/schema.ts';

const decision = (extra: Record<string, unknown>) => ({ id: 'contain', kind: 'decision', prompt: 'What now?', options: [{ id: 'block', label: 'Block' }], ...extra });

describe('a decision stage\'s title', () => {
  it('is optional, and kept (trimmed) when given', () => {
    expect(decisionStageSchema.parse(decision({})).title).toBeUndefined();
    expect(decisionStageSchema.parse(decision({ title: '  Containment ' })).title).toBe('Containment');
  });

  it('is accepted inside a whole mission', () => {
    const mission = missionSchema.parse({
      code: 'SIEM-03', title: 'Brute force', tier: 'beginner', track: 'defender', story: 'story.md', objectives: ['Find it'], start: 'contain',
      stages: [decision({ title: 'Containment' })],
    });
    expect(mission.stages[0]).toMatchObject({ kind: 'decision', title: 'Containment' });
  });

  it('refuses a title that is not text, or is blank', () => {
    for (const title of [42, true, ['Containment'], { text: 'Containment' }, null, '', '   ']) {
      const parsed = decisionStageSchema.safeParse(decision({ title }));
      expect(parsed.success, JSON.stringify(title)).toBe(false);
      expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['title']);
    }
  });

  it('keeps refusing fields a decision does not have, such as a misspelt title', () => {
    const parsed = decisionStageSchema.safeParse(decision({ titel: 'Containment' }));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/titel/);
  });
});
