// Where the learner is, kept in the URL fragment so a reload (or a restarted bridge) returns to the
// same screen.
import { create } from 'zustand';

export type Route =
  | { name: 'profiles' }
  | { name: 'library' }
  | { name: 'briefing'; missionId: number }
  | { name: 'run'; runId: string }
  | { name: 'runs' }
  | { name: 'import' }
  | { name: 'portfolio' }
  | { name: 'sync' }
  | { name: 'reviews' }
  | { name: 'review'; runId: string }
  | { name: 'recipes'; recipeId: string | null }
  | { name: 'analytics'; tab: AnalyticsTab; query: string };

/** The dashboards' tabs; `query` holds their filters (URLSearchParams), so a reload keeps them. */
export type AnalyticsTab = 'mission' | 'heatmap' | 'recipes';
const ANALYTICS_ROUTE = /^#?\/?analytics(?:\/(mission|heatmap|recipes))?\/?(?:\?(.*))?$/;

export function parseRoute(hash: string): Route {
  const analytics = ANALYTICS_ROUTE.exec(hash);
  if (analytics) return { name: 'analytics', tab: (analytics[1] ?? 'mission') as AnalyticsTab, query: analytics[2] ?? '' };
  const parts = hash.replace(/^#\/?/, '').split('/');
  if (parts[0] === 'mission' && Number(parts[1]) > 0) return { name: 'briefing', missionId: Number(parts[1]) };
  if (parts[0] === 'run' && parts[1]) return { name: 'run', runId: decodeURIComponent(parts[1]) };
  if (parts[0] === 'runs') return { name: 'runs' };
  if (parts[0] === 'import') return { name: 'import' };
  if (parts[0] === 'portfolio') return { name: 'portfolio' };
  if (parts[0] === 'sync') return { name: 'sync' };
  if (parts[0] === 'review' && parts[1]) return { name: 'review', runId: decodeURIComponent(parts[1]) };
  if (parts[0] === 'review') return { name: 'reviews' };
  if (parts[0] === 'profiles') return { name: 'profiles' };
  if (parts[0] === 'recipes') return { name: 'recipes', recipeId: parts[1] ? safeDecode(parts[1]) : null };
  return { name: 'library' };
}

/** A hand-typed fragment may hold a stray "%": it names no recipe then, rather than breaking the app. */
function safeDecode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

export function routeHash(route: Route): string {
  switch (route.name) {
    case 'briefing':
      return `#/mission/${route.missionId}`;
    case 'run':
      return `#/run/${encodeURIComponent(route.runId)}`;
    case 'reviews':
      return '#/review';
    case 'review':
      return `#/review/${encodeURIComponent(route.runId)}`;
    case 'recipes':
      return route.recipeId ? `#/recipes/${encodeURIComponent(route.recipeId)}` : '#/recipes';
    case 'analytics':
      return `#/analytics/${route.tab}${route.query ? `?${route.query}` : ''}`;
    default:
      return `#/${route.name}`;
  }
}

interface RouterState {
  route: Route;
  navigate(route: Route): void;
}

export const useRouter = create<RouterState>((set) => ({
  route: parseRoute(window.location.hash),
  navigate(route) {
    if (window.location.hash !== routeHash(route)) window.location.hash = routeHash(route);
    set({ route });
  },
}));

window.addEventListener('hashchange', () => useRouter.setState({ route: parseRoute(window.location.hash) }));
