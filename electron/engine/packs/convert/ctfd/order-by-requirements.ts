// CTFd `requirements` as the order of a mission's stages: a challenge comes after every challenge it
// requires, otherwise in source order. A requirement in another category becomes a prerequisite of
// the mission; a cycle could never be played and is refused.
import { ConvertError, type ConversionReport } from '../pack-draft.ts';
import type { CtfdChallenge, CtfdRequirement } from './ctfd-challenge.ts';

export interface Ordered {
  /** The challenges of each group, in playing order. */
  groups: Map<string, CtfdChallenge[]>;
  /** For each group, the other groups whose challenges it requires. */
  requiresGroups: Map<string, Set<string>>;
}

export function orderByRequirements(challenges: readonly CtfdChallenge[], groupOf: (challenge: CtfdChallenge) => string, report: ConversionReport): Ordered {
  const requires = resolveRequirements(challenges, report);
  refuseCycles(challenges, requires);
  const groups = new Map<string, CtfdChallenge[]>();
  const requiresGroups = new Map<string, Set<string>>();
  for (const challenge of challenges) {
    const group = groupOf(challenge);
    const members = groups.get(group) ?? [];
    members.push(challenge);
    groups.set(group, members);
    if (!requiresGroups.has(group)) requiresGroups.set(group, new Set());
    for (const needed of requires.get(challenge) ?? []) {
      const other = groupOf(needed);
      if (other !== group) requiresGroups.get(group)?.add(other);
    }
  }
  for (const [group, members] of groups) groups.set(group, sortStable(members, requires));
  return { groups, requiresGroups };
}

function resolveRequirements(challenges: readonly CtfdChallenge[], report: ConversionReport): Map<CtfdChallenge, CtfdChallenge[]> {
  const byName = new Map<string, CtfdChallenge[]>();
  const byId = new Map<number, CtfdChallenge>();
  for (const challenge of challenges) {
    byName.set(challenge.name, [...(byName.get(challenge.name) ?? []), challenge]);
    if (challenge.id !== undefined) byId.set(challenge.id, challenge);
  }
  const find = (challenge: CtfdChallenge, requirement: CtfdRequirement): CtfdChallenge | undefined => {
    if ('id' in requirement) return byId.get(requirement.id);
    const named = byName.get(requirement.name) ?? [];
    if (named.length > 1) throw new ConvertError(challenge.where, `it requires "${requirement.name}", and ${named.length} challenges have that name: rename one`);
    return named[0];
  };
  const requires = new Map<CtfdChallenge, CtfdChallenge[]>();
  for (const challenge of challenges) {
    const needed: CtfdChallenge[] = [];
    for (const requirement of challenge.requirements) {
      const found = find(challenge, requirement);
      const label = 'id' in requirement ? `the challenge with id ${requirement.id}` : `"${requirement.name}"`;
      if (found === undefined) report.unsupported.push({ where: challenge.where, what: `it requires ${label}, which the source does not hold: the requirement is left out` });
      else if (found === challenge) throw new ConvertError(challenge.where, `challenge "${challenge.name}" requires itself`);
      else if (!needed.includes(found)) needed.push(found);
    }
    requires.set(challenge, needed);
  }
  return requires;
}

function refuseCycles(challenges: readonly CtfdChallenge[], requires: Map<CtfdChallenge, CtfdChallenge[]>): void {
  const state = new Map<CtfdChallenge, 'open' | 'done'>();
  const trail: CtfdChallenge[] = [];
  const visit = (challenge: CtfdChallenge): void => {
    if (state.get(challenge) === 'done') return;
    if (state.get(challenge) === 'open') {
      const loop = [...trail.slice(trail.indexOf(challenge)), challenge].map((c) => `"${c.name}"`);
      throw new ConvertError(challenge.where, `the requirements go round in a circle (${loop.join(' requires ')}), so no challenge of it could ever be opened`);
    }
    state.set(challenge, 'open');
    trail.push(challenge);
    for (const needed of requires.get(challenge) ?? []) visit(needed);
    trail.pop();
    state.set(challenge, 'done');
  };
  for (const challenge of challenges) visit(challenge);
}

/** Kahn's order, always taking the earliest challenge in the source whose requirements are placed. */
function sortStable(members: readonly CtfdChallenge[], requires: Map<CtfdChallenge, CtfdChallenge[]>): CtfdChallenge[] {
  const inGroup = new Set(members);
  const placed = new Set<CtfdChallenge>();
  const order: CtfdChallenge[] = [];
  while (order.length < members.length) {
    const next = members.find((c) => !placed.has(c) && (requires.get(c) ?? []).every((needed) => !inGroup.has(needed) || placed.has(needed)));
    // refuseCycles ran first, so some challenge is always free.
    if (next === undefined) throw new Error('requirements cycle missed');
    placed.add(next);
    order.push(next);
  }
  return order;
}
