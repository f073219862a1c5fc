// The bar at the top of every screen: where you are, who you are, and whether the engine is reachable.
import { roleLabel } from '../screens/profiles/role-label.ts';
import { useRouter } from '../stores/router.ts';
import { isStaff, useSession } from '../stores/session-store.ts';

export function AppHeader() {
  const navigate = useRouter((s) => s.navigate);
  const route = useRouter((s) => s.route);
  const profile = useSession((s) => s.profiles.find((p) => p.id === s.profileId) ?? null);
  const connection = useSession((s) => s.connection);
  return (
    <header className="app-header">
      <a className="brand" href="#/library" onClick={(e) => { e.preventDefault(); navigate({ name: 'library' }); }}>
        <span className="brand-mark" aria-hidden="true">◆</span> Outpost
      </a>
      <nav aria-label="Main">
        <a href="#/library" aria-current={route.name === 'library' ? 'page' : undefined} onClick={(e) => { e.preventDefault(); navigate({ name: 'library' }); }}>Missions</a>
        <a href="#/runs" aria-current={route.name === 'runs' ? 'page' : undefined} onClick={(e) => { e.preventDefault(); navigate({ name: 'runs' }); }}>My runs</a>
        <a href="#/recipes" aria-current={route.name === 'recipes' ? 'page' : undefined} onClick={(e) => { e.preventDefault(); navigate({ name: 'recipes', recipeId: null }); }}>Recipes</a>
        <a href="#/portfolio" aria-current={route.name === 'portfolio' ? 'page' : undefined} onClick={(e) => { e.preventDefault(); navigate({ name: 'portfolio' }); }}>Portfolio</a>
        {isStaff(profile?.role ?? null) && (
          <a href="#/import" aria-current={route.name === 'import' ? 'page' : undefined} onClick={(e) => { e.preventDefault(); navigate({ name: 'import' }); }}>Import pack</a>
        )}
        <a href="#/sync" aria-current={route.name === 'sync' ? 'page' : undefined} onClick={(e) => { e.preventDefault(); navigate({ name: 'sync' }); }}>Sync</a>
        {isStaff(profile?.role ?? null) && (
          <a href="#/review" aria-current={route.name === 'reviews' || route.name === 'review' ? 'page' : undefined} onClick={(e) => { e.preventDefault(); navigate({ name: 'reviews' }); }}>Reviews</a>
        )}
        {isStaff(profile?.role ?? null) && (
          <a href="#/analytics" aria-current={route.name === 'analytics' ? 'page' : undefined} onClick={(e) => { e.preventDefault(); navigate({ name: 'analytics', tab: 'mission', query: '' }); }}>Analytics</a>
        )}
      </nav>
      <span className="spacer" />
      {connection === 'reconnecting' && <span className="badge badge-warn" role="status">Reconnecting…</span>}
      {profile && (
        <button type="button" className="btn btn-ghost profile-button" onClick={() => navigate({ name: 'profiles' })}>
          <span className="avatar" aria-hidden="true">{initials(profile.displayName)}</span>
          <span className="visually-hidden">Signed in as </span>
          {profile.displayName}
          {profile.role !== 'learner' && <span className="badge">{roleLabel(profile.role)}</span>}
          <span className="visually-hidden">; switch profile</span>
        </button>
      )}
    </header>
  );
}

export function initials(name: string): string {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((part) => part[0]?.toUpperCase()).join('');
}
