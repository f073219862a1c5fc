// The app shell: header, the screen for the current route, and messages. Screens are thin; their
// data comes from the stores.
import { useEffect } from 'react';
import { AppHeader } from './components/AppHeader.tsx';
import { Notices } from './components/Notices.tsx';
import { useScreenFocus } from './components/use-screen-focus.ts';
import { AnalyticsRoute } from './screens/analytics/AnalyticsRoute.tsx';
import { BriefingScreen } from './screens/briefing/BriefingScreen.tsx';
import { HistoryScreen } from './screens/history/HistoryScreen.tsx';
import { ImportScreen } from './screens/import/ImportScreen.tsx';
import { LibraryScreen } from './screens/library/LibraryScreen.tsx';
import { PortfolioScreen } from './screens/portfolio/PortfolioScreen.tsx';
import { PreviewFrame } from './screens/preview/PreviewFrame.tsx';
import { ProfilesScreen } from './screens/profiles/ProfilesScreen.tsx';
import { RecipesScreen } from './screens/recipes/RecipesScreen.tsx';
import { ReviewQueueScreen } from './screens/review/ReviewQueueScreen.tsx';
import { ScoringScreen } from './screens/review/ScoringScreen.tsx';
import { RunScreen } from './screens/run/RunScreen.tsx';
import { SyncScreen } from './screens/sync/SyncScreen.tsx';
import { watchActivity } from './stores/activity.ts';
import { routeHash, useRouter } from './stores/router.ts';
import { listenToRunEvents } from './stores/run-store.ts';
import { useSession } from './stores/session-store.ts';
import { watchNetwork } from './stores/sync-store.ts';

export function App() {
  const ready = useSession((s) => s.ready);
  const api = useSession((s) => s.api);
  const profileId = useSession((s) => s.profileId);
  const route = useRouter((s) => s.route);
  const connection = useSession((s) => s.connection);

  useEffect(() => {
    void useSession.getState().start();
  }, []);
  useEffect(() => (api ? listenToRunEvents() : undefined), [api]);
  useScreenFocus(!ready || !api ? null : !profileId || route.name === 'profiles' ? 'profiles' : routeHash(route));
  useEffect(() => (api ? watchActivity() : undefined), [api]);
  useEffect(() => (api ? watchNetwork() : undefined), [api]);

  if (!ready) return <div className="splash" role="status">Starting Outpost…</div>;
  if (connection === 'ended') {
    return (
      <main className="splash">
        <h1>Outpost was restarted</h1>
        <p>This address belongs to an earlier start of Outpost. Open the address it printed when it started again; your work is saved.</p>
      </main>
    );
  }
  if (!api) {
    return (
      <main className="splash">
        <h1>Outpost</h1>
        <p>Open Outpost with the address it printed when it started; that address carries the key to this session.</p>
      </main>
    );
  }
  const screen = !profileId || route.name === 'profiles' ? <ProfilesScreen /> : routeScreen(route);
  return (
    <div className="app">
      <AppHeader />
      <main className="app-main" id="main"><PreviewFrame>{screen}</PreviewFrame></main>
      <Notices />
    </div>
  );
}

function routeScreen(route: ReturnType<typeof useRouter.getState>['route']) {
  switch (route.name) {
    case 'briefing':
      return <BriefingScreen missionId={route.missionId} />;
    case 'run':
      return <RunScreen runId={route.runId} />;
    case 'runs':
      return <HistoryScreen />;
    case 'import':
      return <ImportScreen />;
    case 'portfolio':
      return <PortfolioScreen />;
    case 'sync':
      return <SyncScreen />;
    case 'reviews':
      return <ReviewQueueScreen />;
    case 'review':
      return <ScoringScreen runId={route.runId} />;
    case 'analytics':
      return <AnalyticsRoute tab={route.tab} query={route.query} />;
    case 'recipes':
      return <RecipesScreen recipeId={route.recipeId} />;
    default:
      return <LibraryScreen />;
  }
}
