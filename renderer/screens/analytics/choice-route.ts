// Moving the dashboards to other filters: the fragment changes in place (no history entry per click),
// and the router follows.
import { routeHash, useRouter, type AnalyticsTab } from '../../stores/router.ts';
import { choiceQuery, type FilterChoice } from './analytics-filter.ts';

export function setChoice(tab: AnalyticsTab, choice: FilterChoice): void {
  const route = { name: 'analytics', tab, query: choiceQuery(choice) } as const;
  history.replaceState(null, '', routeHash(route));
  useRouter.setState({ route });
}
