// The review screens belong to mentors and admins: anyone else who reaches them by address is told so,
// and the engine refuses their calls anyway.
import type { ReactNode } from 'react';
import { routeHash } from '../../stores/router.ts';
import { isStaff, useRole } from '../../stores/session-store.ts';

export function StaffOnly({ children }: { children: ReactNode }) {
  const role = useRole();
  if (isStaff(role)) return <>{children}</>;
  return (
    <section className="review-screen" aria-labelledby="review-denied-title">
      <h1 id="review-denied-title">Reviews</h1>
      <p className="alert alert-warn" role="note">Reviews are for mentors: a mentor or an admin scores submitted runs here. Your own reviews appear on your runs, under My runs.</p>
      <a className="btn" href={routeHash({ name: 'runs' })}>Go to My runs</a>
    </section>
  );
}
