// The way into the dashboards. The screens (and the chart library with them) load on first use, so the
// app's first screen does not carry them; anyone but a mentor or an admin is refused before they load.
import { lazy, Suspense } from 'react';
import { routeHash, type AnalyticsTab } from '../../stores/router.ts';
import { isStaff, useRole } from '../../stores/session-store.ts';

const AnalyticsScreen = lazy(() => import('./AnalyticsScreen.tsx'));

export function AnalyticsRoute({ tab, query }: { tab: AnalyticsTab; query: string }) {
  const role = useRole();
  if (!isStaff(role)) {
    return (
      <section aria-labelledby="analytics-denied-title">
        <h1 id="analytics-denied-title">Analytics</h1>
        <p className="alert alert-warn" role="note">Analytics are for mentors: a mentor or an admin sees here how the team&apos;s runs went. Your own results are on your runs, under My runs.</p>
        <a className="btn" href={routeHash({ name: 'runs' })}>Go to My runs</a>
      </section>
    );
  }
  return (
    <Suspense fallback={<p className="muted" role="status">Loading the dashboards…</p>}>
      <AnalyticsScreen tab={tab} query={query} />
    </Suspense>
  );
}
