// JSON Schema for each YAML file of a pack, generated from the zod schemas (never kept by hand), so
// pack authors get completion and checking from their editor's YAML support.
import { z } from 'zod';
import { missionSchema, packManifestSchema, recipeFrontMatterSchema, rubricSchema } from './schema.ts';

export const PACK_SCHEMA_KINDS = ['pack', 'mission', 'rubric', 'recipe'] as const;
export type PackSchemaKind = (typeof PACK_SCHEMA_KINDS)[number];

const SCHEMAS = { pack: packManifestSchema, mission: missionSchema, rubric: rubricSchema, recipe: recipeFrontMatterSchema };
const TITLES: Record<PackSchemaKind, string> = {
  pack: 'Outpost pack.yaml',
  mission: 'Outpost missions/<code>/mission.yaml',
  rubric: 'Outpost rubrics/<id>.yaml',
  recipe: 'Outpost recipes/<id>.md front matter',
};

export function packJsonSchema(kind: PackSchemaKind): Record<string, unknown> {
  // `io: 'input'`: authors may leave out fields that have defaults.
  const schema = z.toJSONSchema(SCHEMAS[kind], { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, title: TITLES[kind] };
}
