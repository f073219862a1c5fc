// Writes a pack's content as the reader hands it over, into the import's own staging database (see
// copy-pack-rows.ts); Outpost's database is only read here, to find a version installed already.
import type { Db } from '../../../db/connection.ts';
import type { PackManifest } from '../../../shared/pack/schema.ts';
import type { StoredBlob } from '../blobs/blob-store.ts';
import { mediaTypeOf } from './media-type.ts';
import type { LoadedRecipe, LoadedRubric } from './read/read-library.ts';
import type { LoadedMission } from './read/read-mission.ts';
import type { InstalledContent, PackContentSink, PackReadResult } from './read/read-pack.ts';

export interface ExistingVersion {
  id: number;
  contentSha256: string;
}

export class DatabasePackSink implements PackContentSink {
  /** Set when this pack id and version are installed already; nothing is written then. */
  existing: ExistingVersion | null = null;
  /** The version's id in the staging database. */
  packVersionId: number | null = null;
  private readonly assets: Array<{ path: string; blob: StoredBlob }> = [];
  private readonly db: Db;
  private readonly installed: Db;
  private readonly sourceName: string;
  private readonly now: number;

  /** `staging` receives the rows; `installed` is Outpost's database, read for the same version. */
  constructor(staging: Db, installed: Db, sourceName: string, now: number) {
    this.db = staging;
    this.installed = installed;
    this.sourceName = sourceName;
    this.now = now;
  }

  manifest(manifest: PackManifest): void {
    const { db, installed } = this;
    const found = installed.first(
      installed.q.selectFrom('pack_versions').select(['id', 'content_sha256']).where('pack_id', '=', manifest.id).where('version', '=', manifest.version),
    );
    if (found) {
      this.existing = { id: found.id, contentSha256: found.content_sha256 };
      return;
    }
    db.run(db.q.insertInto('packs').values({ id: manifest.id, title: manifest.title, first_imported_at: this.now }).onConflict((oc) => oc.column('id').doUpdateSet({ title: manifest.title })));
    const inserted = db.run(
      db.q.insertInto('pack_versions').values({
        pack_id: manifest.id,
        version: manifest.version,
        title: manifest.title,
        description: manifest.description ?? null,
        authors_json: JSON.stringify(manifest.authors ?? []),
        license: manifest.license ?? null,
        min_app_version: manifest.min_app_version ?? null,
        content_sha256: '',
        signature_status: 'unsigned',
        signer: null,
        signer_key_id: null,
        signer_trusted: 0,
        source_name: this.sourceName,
        imported_at: this.now,
      }),
    );
    this.packVersionId = inserted.lastInsertRowid;
  }

  rubric({ rubric, maxPoints }: LoadedRubric): void {
    const id = this.writableVersion();
    if (id === null) return;
    this.db.run(
      this.db.q.insertInto('rubrics').values({ pack_version_id: id, rubric_id: rubric.id, title: rubric.title, max_points: maxPoints, definition_json: JSON.stringify(rubric) }),
    );
  }

  recipe({ file, recipe, body }: LoadedRecipe): void {
    const id = this.writableVersion();
    if (id === null) return;
    this.db.run(
      this.db.q.insertInto('recipes').values({
        pack_version_id: id,
        recipe_id: recipe.id,
        title: recipe.title,
        type: recipe.type,
        level: recipe.level ?? null,
        minutes: recipe.minutes ?? null,
        skills_json: JSON.stringify([...recipe.skills, ...recipe.tags]),
        body_md: body,
        file_path: file,
      }),
    );
  }

  mission({ mission, folder, story, bodies, solutions }: LoadedMission): void {
    const id = this.writableVersion();
    if (id === null) return;
    const { db } = this;
    const inserted = db.run(
      db.q.insertInto('missions').values({
        pack_version_id: id,
        code: mission.code,
        title: mission.title,
        summary: mission.summary ?? null,
        tier: mission.tier,
        track: mission.track,
        folder,
        story_md: story,
        objectives_json: JSON.stringify(mission.objectives),
        estimated_minutes: mission.estimated_minutes ?? null,
        time_limit_minutes: mission.time_limit_minutes ?? null,
        on_deadline: mission.on_deadline,
        prerequisites_json: JSON.stringify(mission.prerequisites),
        pass_score: mission.success.pass_score,
        rubric_id: mission.rubric ?? null,
        start_stage_id: mission.start,
        definition_json: JSON.stringify(mission),
      }),
    );
    mission.stages.forEach((stage, position) => {
      db.run(
        db.q.insertInto('stages').values({
          mission_id: inserted.lastInsertRowid,
          stage_id: stage.id,
          position,
          kind: stage.kind,
          title: stage.kind === 'task' ? stage.title : (stage.title ?? stage.prompt),
          body_md: bodies.get(stage.id) ?? null,
          weight: stage.kind === 'task' ? stage.weight : null,
          solution_md: solutions.get(stage.id) ?? null,
        }),
      );
    });
  }

  asset(path: string, blob: StoredBlob): void {
    this.assets.push({ path, blob });
  }

  /** Records the assets and the pack's identity and signature, once the whole pack has been read. */
  finish(result: PackReadResult): void {
    const id = this.writableVersion();
    if (id === null) return;
    const { db } = this;
    for (const { path, blob } of this.assets) {
      db.run(db.q.insertInto('blobs').values({ sha256: blob.sha256, size: blob.size, created_at: this.now }).onConflict((oc) => oc.doNothing()));
      db.run(db.q.insertInto('pack_files').values({ pack_version_id: id, path, sha256: blob.sha256, size: blob.size, media_type: mediaTypeOf(path) }));
    }
    const signed = result.signature.status === 'signed' ? result.signature : null;
    db.run(
      db.q
        .updateTable('pack_versions')
        .set({
          content_sha256: result.contentSha256,
          signature_status: signed ? 'signed' : 'unsigned',
          signer: signed?.signer ?? null,
          signer_key_id: signed?.keyId ?? null,
          signer_trusted: signed?.trusted ? 1 : 0,
        })
        .where('id', '=', id),
    );
  }

  private writableVersion(): number | null {
    return this.existing ? null : this.packVersionId;
  }
}

/** What other packs already provide, for references that cross packs. */
export function installedContentOf(db: Db): InstalledContent {
  return {
    hasMission: (packId, code) =>
      db.first(db.q.selectFrom('missions').innerJoin('pack_versions', 'pack_versions.id', 'missions.pack_version_id').select('missions.id').where('pack_versions.pack_id', '=', packId).where('missions.code', '=', code).limit(1)) !== undefined,
    hasRecipe: (id) => db.first(db.q.selectFrom('recipes').select('id').where('recipe_id', '=', id).limit(1)) !== undefined,
    hasRubric: (id) => db.first(db.q.selectFrom('rubrics').select('id').where('rubric_id', '=', id).limit(1)) !== undefined,
  };
}
