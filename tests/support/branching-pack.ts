// The scaffolded pack bent into branches of different lengths: isolating the host adds a stage
// before the report, watching goes straight to it. Its mission, DEMO-01, has 2 or 3 tasks on a path.
import { editFile, validPackFiles, type PackFiles } from './pack-fixture.ts';

export const BRANCHING_MISSION = 'DEMO-01';

export function branchingPackFiles(id = 'branching-pack'): PackFiles {
  const files = editFile(validPackFiles(id), 'missions/DEMO-01/mission.yaml', (yaml) => {
    const edited = yaml
      .replace('{ id: isolate, label: Isolate the host, next: report, set: { isolated: true } }', '{ id: isolate, label: Isolate the host, next: confirm-isolation, set: { isolated: true } }')
      .replace('  - id: report\n', '  - id: confirm-isolation\n    kind: task\n    title: Confirm the isolation\n    body: stages/confirm-isolation.md\n    weight: 0\n    next: report\n  - id: report\n');
    if (!edited.includes('next: confirm-isolation') || !edited.includes('id: confirm-isolation')) throw new Error('the scaffolded mission changed: update branching-pack.ts');
    return edited;
  });
  return { ...files, 'missions/DEMO-01/stages/confirm-isolation.md': 'Check that the host no longer reaches the proxy.\n' };
}
