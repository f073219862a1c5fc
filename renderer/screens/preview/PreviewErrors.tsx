// What a save that does not validate shows instead of the mission: each error with its file, line and
// field, until the next save fixes them.
import type { PreviewStatusView } from '../../../shared/api/contract.ts';

export function PreviewErrors({ status }: { status: PreviewStatusView }) {
  const count = status.issues.length;
  return (
    <section className="preview-errors card" aria-labelledby="preview-errors-title">
      <div className="card-body">
        <h1 id="preview-errors-title">The pack has {count === 1 ? 'an error' : `${count} errors`}</h1>
        <p className="preview-muted">Fix {count === 1 ? 'it' : 'them'} and save: the mission comes back by itself.</p>
        <ol className="preview-issue-list" aria-label="Validation errors">
          {status.issues.map((issue, i) => (
            <li key={i} className="preview-issue">
              <code className="preview-issue-where">
                {issue.file || status.packDir}
                {issue.line !== undefined ? `:${issue.line}` : ''}
              </code>
              {issue.path && <code className="preview-issue-path">{issue.path}</code>}
              <span className="preview-issue-message">{issue.message}</span>
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}
