// The review queue: submitted runs waiting for a mentor, oldest first, with filters, and the claim that
// keeps two mentors from scoring the same run (an admin may take one over).
import { useEffect } from 'react';
import type { ReviewQueueItem, ReviewQueueStatus } from '../../../shared/api/views.ts';
import { formatTimeSpent } from '../../../shared/text.ts';
import { MissionIcon } from '../../components/MissionIcon.tsx';
import { useReviewQueue } from '../../stores/review-queue-store.ts';
import { useRouter } from '../../stores/router.ts';
import { useRole, useSession } from '../../stores/session-store.ts';
import { formatDateTime } from '../run/run-format.ts';
import { QueueFilters } from './QueueFilters.tsx';
import { StaffOnly } from './StaffOnly.tsx';
import './review.css';

export const QUEUE_STATUS: Record<ReviewQueueStatus, { text: string; tone: string }> = {
  waiting: { text: 'Waiting', tone: 'badge badge-accent' },
  claimed: { text: 'Claimed', tone: 'badge badge-warn' },
  draft: { text: 'Draft saved', tone: 'badge badge-warn' },
  returned: { text: 'Returned for rework', tone: 'badge' },
  reviewed: { text: 'Reviewed', tone: 'badge badge-ok' },
};

export function ReviewQueueScreen() {
  return (
    <StaffOnly>
      <Queue />
    </StaffOnly>
  );
}

function Queue() {
  const epoch = useSession((s) => s.epoch);
  const items = useReviewQueue((s) => s.items);
  const loaded = useReviewQueue((s) => s.loaded);
  const error = useReviewQueue((s) => s.error);
  const filtered = useReviewQueue((s) => Object.values(s.filters).some((v) => v !== null));

  useEffect(() => {
    void useReviewQueue.getState().load();
  }, [epoch]);

  return (
    <section className="review-screen" aria-labelledby="queue-title">
      <header className="review-queue-head">
        <h1 id="queue-title">Review queue</h1>
        <p className="muted review-queue-count" role="status" aria-live="polite">{loaded ? `${items.length} ${items.length === 1 ? 'run' : 'runs'}, oldest submission first` : 'Loading the queue…'}</p>
      </header>
      <QueueFilters />
      {error && <p className="alert alert-error" role="alert">{error} <button type="button" className="btn btn-small" onClick={() => void useReviewQueue.getState().load()}>Try again</button></p>}
      {loaded && !error && (items.length === 0 ? <EmptyQueue filtered={filtered} /> : <QueueTable items={items} />)}
    </section>
  );
}

function QueueTable({ items }: { items: ReviewQueueItem[] }) {
  return (
    <div className="review-table-wrap card" role="region" aria-label="Runs to review" tabIndex={0}>
      <table className="review-table">
        <caption className="visually-hidden">Submitted runs, oldest submission first</caption>
        <thead>
          <tr>
            <th scope="col">Mission</th>
            <th scope="col">Learner</th>
            <th scope="col">Submitted</th>
            <th scope="col">Time spent</th>
            <th scope="col">Auto-scored</th>
            <th scope="col">Submission</th>
            <th scope="col">Claimed by</th>
            <th scope="col">Status</th>
            <th scope="col"><span className="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <QueueRow key={item.runId} item={item} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function QueueRow({ item }: { item: ReviewQueueItem }) {
  const status = QUEUE_STATUS[item.status];
  return (
    <tr>
      <th scope="row" className="review-mission">
        <span className="mono review-code">{item.missionCode}</span> <span className="review-mission-title">{item.missionTitle}</span>
        <span className="review-pack">{item.packTitle}</span>
      </th>
      <td>{item.learnerName}</td>
      <td className="review-nowrap">
        {formatDateTime(item.submittedAt)}
        {item.endedBy === 'deadline' && (
          <span className="review-deadline"><MissionIcon name="clock" /> at the deadline</span>
        )}
      </td>
      <td className="review-nowrap">{formatTimeSpent(item.elapsedMs)}</td>
      <td className="review-nowrap">{item.autoScore !== null ? `${item.autoScore} / 100` : <None text="No auto-checked stages" />}</td>
      <td>{item.submission === 1 ? 'First' : `${ordinal(item.submission)} (after rework)`}</td>
      <td>{item.claimedBy ? item.claimedBy.name : <None text="Nobody" />}</td>
      <td><span className={status.tone}>{status.text}</span></td>
      <td className="review-actions"><RowActions item={item} /></td>
    </tr>
  );
}

function RowActions({ item }: { item: ReviewQueueItem }) {
  const me = useSession((s) => s.profileId);
  const role = useRole();
  const acting = useReviewQueue((s) => s.acting === item.runId);
  const about = <span className="visually-hidden"> {item.missionCode} of {item.learnerName}</span>;
  const open = (): void => useRouter.getState().navigate({ name: 'review', runId: item.runId });
  if (item.status === 'returned') return <span className="muted review-action-note">With the learner</span>;
  if (item.status === 'reviewed') return <button type="button" className="btn btn-small" onClick={open}>View{about}</button>;
  const mine = item.claimedBy?.profileId === me;
  if (item.claimedBy && !mine) {
    if (role !== 'admin') return <span className="muted review-action-note">Claimed by {item.claimedBy.name}</span>;
    return (
      <span className="row review-action-buttons">
        <button type="button" className="btn btn-small" disabled={acting} onClick={() => void takeOver(item.runId)}>Take over{about}</button>
        <button type="button" className="btn btn-small btn-ghost" disabled={acting} onClick={() => void useReviewQueue.getState().release(item.runId)}>Release{about}</button>
      </span>
    );
  }
  return (
    <span className="row review-action-buttons">
      {mine ? (
        <>
          <button type="button" className="btn btn-small btn-primary" onClick={open}>Open{about}</button>
          <button type="button" className="btn btn-small btn-ghost" disabled={acting} onClick={() => void useReviewQueue.getState().release(item.runId)}>Release{about}</button>
        </>
      ) : (
        <>
          <button type="button" className="btn btn-small btn-primary" disabled={acting} onClick={() => void useReviewQueue.getState().claim(item.runId)}>Claim{about}</button>
          <button type="button" className="btn btn-small" onClick={open}>Open{about}</button>
        </>
      )}
    </span>
  );
}

async function takeOver(runId: string): Promise<void> {
  if (await useReviewQueue.getState().claim(runId, true)) useRouter.getState().navigate({ name: 'review', runId });
}

function None({ text }: { text: string }) {
  return (
    <span className="muted">
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">{text}</span>
    </span>
  );
}

function ordinal(n: number): string {
  const words = ['First', 'Second', 'Third', 'Fourth', 'Fifth'];
  return words[n - 1] ?? `No. ${n}`;
}

function EmptyQueue({ filtered }: { filtered: boolean }) {
  return (
    <div className="review-empty card">
      <div className="card-body">
        <h2>{filtered ? 'No runs match these filters' : 'Nothing to review'}</h2>
        <p className="muted">
          {filtered
            ? 'Clear a filter to see more of the queue.'
            : 'Runs appear here when learners submit them on this machine, or when submissions arrive from other machines. A mentor never reviews their own runs.'}
        </p>
      </div>
    </div>
  );
}
