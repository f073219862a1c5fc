// What a dashboard tab shows before its figures are there: the error with a way to try again, or
// that it is loading. Nothing once the figures have arrived and no error stands.
interface Props {
  /** What the tab loads, as the sentences name it: "the heatmap", "recipe usage". */
  what: string;
  error: string | null;
  loaded: boolean;
  onRetry: () => void;
}

export function TabLoadState({ what, error, loaded, onRetry }: Props) {
  if (error) {
    return (
      <p className="alert alert-error" role="alert">
        {what.charAt(0).toUpperCase() + what.slice(1)} could not load: {error}{' '}
        <button type="button" className="btn btn-small" onClick={onRetry}>Try again</button>
      </p>
    );
  }
  return loaded ? null : <p className="muted" role="status">Loading {what}…</p>;
}
