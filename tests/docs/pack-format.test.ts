import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { splitFrontMatter } from '../../electron/engine/packs/parse/yaml-file.ts';
import { checkMission } from '../../shared/pack/mission-rules.ts';
import { missionSchema, packManifestSchema, recipeFrontMatterSchema, rubricSchema } from '../../shared/pack/schema.ts';

const GUIDE = readFileSync(join(import.meta.dirname, '../../docs/pack-format.md'), 'utf8');
const BLOCK = /^```(yaml|markdown) pack-example=(pack|mission|rubric|recipe)\n([\s\S]*?)^```$/gm;
const examples = [...GUIDE.matchAll(BLOCK)].map((match, index) => ({ kind: match[2] as string, text: match[3] as string, index }));

describe('the pack author guide (docs/pack-format.md)', () => {
  it('holds a complete example of each kind of pack file', () => {
    expect(new Set(examples.map((e) => e.kind))).toEqual(new Set(['pack', 'mission', 'rubric', 'recipe']));
  });

  it.each(examples.map((e) => [`${e.kind} example #${e.index + 1}`, e] as const))('keeps the %s valid', (_name, example) => {
    if (example.kind === 'recipe') {
      const parts = splitFrontMatter(example.text);
      expect(parts).not.toBeNull();
      expect(recipeFrontMatterSchema.safeParse(load(parts?.yaml ?? '')).error?.issues ?? []).toEqual([]);
      return;
    }
    const schema = { pack: packManifestSchema, mission: missionSchema, rubric: rubricSchema }[example.kind as 'pack' | 'mission' | 'rubric'];
    const result = schema.safeParse(load(example.text));
    expect(result.error?.issues ?? []).toEqual([]);
    if (example.kind === 'mission' && result.success) {
      expect(checkMission(missionSchema.parse(load(example.text))).filter((issue) => issue.severity === 'error')).toEqual([]);
    }
  });
});
