// What an import gave back: the pack installed (id, version, counts, signature) or every problem
// found, each with its file, line and field, so an author can go straight to it.
import type { PackIssue } from '../../../shared/pack/issues.ts';
import type { ImportReport } from '../../../shared/api/views.ts';
import { MissionIcon } from '../../components/MissionIcon.tsx';
import { signatureText } from './signature-text.ts';

function issueLocation(issue: PackIssue): string {
  const where = issue.file + (issue.line !== undefined ? `:${issue.line}` : '');
  return issue.path ? `${where} ${issue.path}` : where;
}

function IssueList({ issues }: { issues: PackIssue[] }) {
  return (
    <ul className="issue-list">
      {issues.map((issue, i) => (
        <li key={i} className={`issue issue-${issue.severity}`}>
          <span className={`badge ${issue.severity === 'error' ? 'badge-danger' : 'badge-warn'}`}>
            <MissionIcon name={issue.severity === 'error' ? 'cross' : 'alert'} /> {issue.severity === 'error' ? 'Error' : 'Warning'}
          </span>{' '}
          <span className="issue-text"><span className="mono issue-where">{issueLocation(issue)}</span> — {issue.message}</span>
        </li>
      ))}
    </ul>
  );
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function ImportReportView({ report }: { report: ImportReport }) {
  const errors = report.issues.filter((i) => i.severity === 'error');
  const warnings = report.issues.filter((i) => i.severity === 'warning');
  if (report.status === 'failed') {
    return (
      <section className="import-report import-failed" aria-labelledby="import-report-title">
        <h2 id="import-report-title"><MissionIcon name="cross" size={18} /> The pack was not imported</h2>
        <p>
          Nothing was installed or changed. Outpost found {plural(errors.length, 'error', 'errors')}
          {warnings.length > 0 ? ` and ${plural(warnings.length, 'warning', 'warnings')}` : ''}; fix them in the pack and import it again.
        </p>
        <IssueList issues={report.issues} />
      </section>
    );
  }
  const counts = report.counts;
  return (
    <section className="import-report import-ok" aria-labelledby="import-report-title">
      <h2 id="import-report-title"><MissionIcon name="check" size={18} /> {report.status === 'unchanged' ? 'Pack already installed' : 'Pack imported'}</h2>
      <p className="import-identity"><span className="mono">{report.packId} {report.version}</span></p>
      {report.replaces && (
        <p className="alert alert-warn" role="note">
          This version replaces <span className="mono">{report.packId} {report.replaces.version}</span> ({plural(report.replaces.missions, 'mission', 'missions')},{' '}
          {report.replaces.signature === 'signed' ? `signed by ${report.replaces.signer ?? 'an unnamed signer'}` : 'unsigned'}) in every learner's library. Runs already started keep the version they began on.
        </p>
      )}
      {report.status === 'unchanged' && (
        <p>
          {report.signatureRecorded
            ? 'This exact version is already installed; its signature is now recorded with it.'
            : 'This exact version is already installed; nothing changed.'}
        </p>
      )}
      <dl className="import-facts">
        {counts && (
          <div>
            <dt>Contents</dt>
            <dd>{plural(counts.missions, 'mission', 'missions')} · {plural(counts.recipes, 'recipe', 'recipes')} · {plural(counts.rubrics, 'rubric', 'rubrics')} · {plural(counts.assets, 'asset', 'assets')}</dd>
          </div>
        )}
        <div>
          <dt>Signature</dt>
          <dd>{signatureText(report.signature)}</dd>
        </div>
      </dl>
      {warnings.length > 0 && (
        <>
          <h3>{plural(warnings.length, 'warning', 'warnings')}</h3>
          <IssueList issues={warnings} />
        </>
      )}
      <a className="btn" href="#/library">Go to the missions</a>
    </section>
  );
}
