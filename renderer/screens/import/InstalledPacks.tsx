// The packs installed on this machine, every version, newest import first.
import { useImport } from '../../stores/import-store.ts';
import { signatureText } from './signature-text.ts';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function InstalledPacks() {
  const packs = useImport((s) => s.packs);
  const loaded = useImport((s) => s.packsLoaded);
  return (
    <section className="installed-packs" aria-labelledby="installed-title">
      <h2 id="installed-title">Installed packs</h2>
      {!loaded ? (
        <p className="muted" role="status">Loading…</p>
      ) : packs.length === 0 ? (
        <p className="muted">No packs installed yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="pack-table">
            <thead>
              <tr>
                <th scope="col">Pack</th>
                <th scope="col">Version</th>
                <th scope="col" className="num">Missions</th>
                <th scope="col">Signature</th>
                <th scope="col">Imported</th>
              </tr>
            </thead>
            <tbody>
              {packs.map((pack) => (
                <tr key={pack.packVersionId}>
                  <th scope="row">
                    <span className="pack-title">{pack.title}</span>
                    <span className="mono muted pack-id">{pack.packId}</span>
                  </th>
                  <td className="mono">{pack.version}</td>
                  <td className="num">{pack.missions}</td>
                  <td>
                    <span className={`badge ${pack.signature.status === 'signed' ? (pack.signature.trusted ? 'badge-ok' : 'badge-warn') : ''}`}>{signatureText(pack.signature)}</span>
                  </td>
                  <td className="muted">{dateFormat.format(pack.importedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
