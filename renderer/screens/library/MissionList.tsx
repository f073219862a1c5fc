// The library's missions as a virtualised grid grouped by tier: only the rows in view are in the page,
// so a thousand missions scroll as smoothly as ten. Tab still walks every card in order: when the next
// card is not rendered yet, the list scrolls to it and moves the focus there.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { MissionCard as MissionCardView } from '../../../shared/api/views.ts';
import type { Tier } from '../../../shared/pack/vocabulary.ts';
import { TIER_LABELS } from '../../components/mission-labels.ts';
import { MissionCard } from './MissionCard.tsx';

type Row =
  | { kind: 'group'; key: string; tier: Tier; count: number }
  | { kind: 'cards'; key: string; first: number; missions: MissionCardView[] };

const CARD_MIN_WIDTH = 330;
const GAP = 12;
const GROUP_HEIGHT = 44;
const CARD_ROW_HEIGHT = 176;

/** Tier headings, then the tier's cards cut into rows of `columns`; missions arrive sorted by tier. */
function buildRows(missions: readonly MissionCardView[], columns: number): { rows: Row[]; rowOfCard: number[] } {
  const rows: Row[] = [];
  const rowOfCard: number[] = [];
  let i = 0;
  while (i < missions.length) {
    const tier = (missions[i] as MissionCardView).tier;
    let end = i;
    while (end < missions.length && (missions[end] as MissionCardView).tier === tier) end++;
    rows.push({ kind: 'group', key: `g-${tier}-${i}`, tier, count: end - i });
    for (let start = i; start < end; start += columns) {
      const slice = missions.slice(start, Math.min(start + columns, end));
      slice.forEach(() => rowOfCard.push(rows.length));
      rows.push({ kind: 'cards', key: `c-${start}`, first: start, missions: slice });
    }
    i = end;
  }
  return { rows, rowOfCard };
}

function useColumns(element: HTMLElement | null): number {
  const [columns, setColumns] = useState(3);
  useLayoutEffect(() => {
    if (!element) return;
    const measure = (): void => setColumns(Math.max(1, Math.floor((element.clientWidth + GAP) / (CARD_MIN_WIDTH + GAP))));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return columns;
}

export function MissionList({ missions }: { missions: MissionCardView[] }) {
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  const columns = useColumns(scroller);
  const { rows, rowOfCard } = useMemo(() => buildRows(missions, columns), [missions, columns]);
  const pendingFocus = useRef<number | null>(null);

  // The virtualiser returns fresh functions each render by design; nothing here is memoised on them.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller,
    estimateSize: (index) => (rows[index]?.kind === 'group' ? GROUP_HEIGHT : CARD_ROW_HEIGHT + GAP),
    getItemKey: (index) => rows[index]?.key ?? index,
    overscan: 4,
  });

  useEffect(() => {
    const target = pendingFocus.current;
    if (target === null || !scroller) return;
    const card = scroller.querySelector<HTMLElement>(`[data-card-index="${target}"]`);
    if (card) {
      pendingFocus.current = null;
      card.focus();
    }
  });

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key !== 'Tab' || e.altKey || e.ctrlKey || e.metaKey || !scroller) return;
    const from = (e.target as HTMLElement).closest<HTMLElement>('[data-card-index]');
    if (!from) return;
    const target = Number(from.dataset.cardIndex) + (e.shiftKey ? -1 : 1);
    if (target < 0 || target >= missions.length) return;
    if (scroller.querySelector(`[data-card-index="${target}"]`)) return;
    e.preventDefault();
    pendingFocus.current = target;
    virtualizer.scrollToIndex(rowOfCard[target] ?? 0, { align: 'auto' });
  };

  const items = virtualizer.getVirtualItems();
  return (
    <div ref={setScroller} className="mission-list" data-testid="mission-list" onKeyDown={onKeyDown}>
      <div className="mission-list-inner" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          return (
            <div key={item.key} ref={virtualizer.measureElement} data-index={item.index} className="mission-row" style={{ transform: `translateY(${item.start}px)` }}>
              {row.kind === 'group' ? (
                <h2 className="mission-group">
                  {TIER_LABELS[row.tier]} <span className="mission-group-count">({row.count})</span>
                </h2>
              ) : (
                <div className="mission-grid" style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}>
                  {row.missions.map((mission, offset) => (
                    <MissionCard key={mission.missionId} mission={mission} index={row.first + offset} />
                  ))}
                </div>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
