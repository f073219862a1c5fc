// A format 1.1 pack for the engine's tests: several accepted answers, `logic: all`, unlimited tries,
// a solution shown when the tries run out, hints counted in stage points and opened in any order,
// and an assessment stage beside the training ones.
import type { PackFiles } from '../../support/pack-fixture.ts';

export const MISSION_CODE = 'FMT-11';

export function format11Files(overrides: { findSolutionPenalized?: boolean } = {}): PackFiles {
  return {
    'pack.yaml': 'format: "1.1"\nid: format-eleven\ntitle: Format 1.1\nversion: 1.0.0\n',
    'missions/FMT-11/mission.yaml': `code: ${MISSION_CODE}
title: Format one point one
tier: beginner
track: offensive
story: story.md
objectives: [Find the flags]
authors: [A. Author]
license: CC-BY-4.0
source: { name: A converted training, url: https://example.org/training }
reflection: { required: false }
success: { pass_score: 50 }
start: find
stages:
  - id: find
    kind: task
    title: Find the flag
    body: stages/find.md
    weight: 100
    tags: [T1110, crypto]
    estimated_minutes: 15
    hint_order: any
    hints:
      - { title: Where to look, text: "Look in \`/etc\`.", penalty_points: 20 }
      - { title: What to run, text: "Run \`ls -la\`.", penalty_points: 30 }
    solution: { body: solutions/find.md, penalized: ${overrides.findSolutionPenalized ?? true} }
    answer:
      accept:
        - { value: Ab-12, match: exact }
        - { pattern: "alt-[0-9]+", match: ignore-case }
      attempts: 2
      on_attempts_exhausted: show_solution
    next: both
  - id: both
    kind: task
    title: Find both flags
    body: stages/both.md
    weight: 50
    answer:
      accept: [{ value: first }, { value: second }]
      logic: all
      attempts: 0
    next: closing
  - id: closing
    kind: task
    title: One try
    body: stages/closing.md
    weight: 50
    hints:
      - { text: It is x1., penalty_points: 10 }
    answer: { value: x1, attempts: 1 }
    next: quiz
  - id: quiz
    kind: task
    title: Assessment
    body: stages/quiz.md
    weight: 20
    part: assessment
    questions:
      - { id: q1, kind: single, text: Pick one, points: 2, choices: [{ text: right, correct: true }, { text: wrong }] }
`,
    'missions/FMT-11/story.md': '# Story\n\nA test.\n',
    'missions/FMT-11/stages/find.md': 'Find it.\n',
    'missions/FMT-11/stages/both.md': 'Find both.\n',
    'missions/FMT-11/stages/closing.md': 'One try only.\n',
    'missions/FMT-11/stages/quiz.md': 'Answer.\n',
    'missions/FMT-11/solutions/find.md': 'The flag is `Ab-12`.\n',
  };
}
