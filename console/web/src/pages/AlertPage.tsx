import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { CLOCK_SKEW_LIMIT_SECONDS, type AlertSummary, type Evidence } from '@lookout/shared';
import { api } from '../api/ApiClient';
import { MatchExplanation } from '../components/MatchExplanation';
import { AddToCase } from '../components/AddToCase';
import { EvidenceViewer } from '../components/EvidenceViewer';
import { severityLabel } from './AlertsPage';

/**
 * One alert or concern. Sensitive material (context, screenshots) stays hidden until the DSL records why; then
 * screenshots show as blurred thumbnails the server made, each opened full size on a click (audited each time).
 */
export function AlertPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const [alert, setAlert] = useState<AlertSummary | undefined>();
  const [evidence, setEvidence] = useState<Evidence[]>([]);
  const [reason, setReason] = useState('');
  const [exception, setException] = useState('');
  const [added, setAdded] = useState('');
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    api.alert(id).then(setAlert, (err: unknown) => setError(String(err)));
  }, [id]);
  useEffect(() => {
    if (alert && !alert.withheld && alert.evidenceCount > 0)
      api.alertEvidence(alert.id).then(setEvidence, () => undefined);
  }, [alert]);

  if (error) return <p className="error">{error}</p>;
  if (!alert) return null;

  const justify = async () => {
    try {
      setAlert(await api.justify(alert.id, reason));
    } catch (err) {
      setError(String(err));
    }
  };
  const openCase = async () => {
    const created = await api.openCase({
      pupil: alert.user ?? 'unknown (anonymous report)',
      title: `${alert.categoryName}${alert.hostname ? ` on ${alert.hostname}` : ''}`,
      alertIds: [alert.id],
    });
    await navigate(`/cases/${created.id}`);
  };
  const closeFalsePositive = async () => {
    await api.triage({
      alertIds: [alert.id],
      close: { outcome: 'false-positive', ...(exception ? { proposeException: exception } : {}) },
    });
    setAlert(await api.alert(alert.id));
  };

  return (
    <section className="alert-page">
      <p>
        <Link to="/alerts">← Queue</Link>
      </p>
      <h2>
        {alert.categoryName}
        {alert.kind === 'keyword' && alert.phrase && <>: “{alert.phrase}”</>} (severity {alert.severity}{' '}
        {severityLabel[alert.severity]})
      </h2>
      <p className="muted" data-testid="alert-meta">
        {alert.kind === 'concern' ? 'Reported by ' : ''}
        {alert.user ?? (alert.kind === 'concern' ? 'anonymous' : 'unknown user')}
        {alert.hostname ? ` on ${alert.hostname}` : ''}, {new Date(alert.receivedAt).toLocaleString('en-GB')}
        {Math.abs(Date.parse(alert.ts) - Date.parse(alert.receivedAt)) > CLOCK_SKEW_LIMIT_SECONDS * 1000
          ? ` (the PC's clock said ${new Date(alert.ts).toLocaleString('en-GB')})`
          : ''}
        {alert.kind === 'keyword' && alert.app ? `, in ${alert.app}${alert.title ? ` — ${alert.title}` : ''}` : ''}.
        Status: <strong data-testid="alert-status">{alert.status}</strong>
        {alert.outcome ? ` (${alert.outcome})` : ''}
      </p>
      {alert.withheld ? (
        <form
          className="justify"
          onSubmit={(e) => {
            e.preventDefault();
            void justify();
          }}
        >
          <p>
            This alert is of a sensitive category: its context and screenshots are shown only once you record why you
            need to see them (kept in the audit log).
          </p>
          <label>
            Why do you need to see this?
            <input value={reason} onChange={(e) => setReason(e.target.value)} minLength={5} required />
          </label>
          <button type="submit">Record reason and show</button>
        </form>
      ) : (
        <>
          {alert.context !== null && (
            <blockquote data-testid="alert-context" className="alert-detail__context">
              {alert.context}
            </blockquote>
          )}
          {alert.explanation && <MatchExplanation explanation={alert.explanation} />}
          <EvidenceViewer evidence={evidence} />
        </>
      )}
      <div className="actions">
        {alert.caseId ? (
          <>
            <Link to={`/cases/${alert.caseId}`}>Open its case</Link>
            {added && <p role="status">{added}</p>}
          </>
        ) : (
          <>
            <button type="button" onClick={() => void openCase().catch((err: unknown) => setError(String(err)))}>
              Open a case
            </button>
            <AddToCase
              alertId={alert.id}
              onAdded={(_caseId, said) => {
                setAdded(said);
                void api.alert(alert.id).then(setAlert);
              }}
            />
          </>
        )}
        {alert.status !== 'closed' && !alert.caseId && (
          <span>
            {alert.kind === 'keyword' && (
              <input
                value={exception}
                onChange={(e) => setException(e.target.value)}
                placeholder={`propose an exception, e.g. a phrase containing “${alert.phrase}”`}
                aria-label="Exception to propose"
              />
            )}
            <button
              type="button"
              onClick={() => void closeFalsePositive().catch((err: unknown) => setError(String(err)))}
            >
              Close as false positive
            </button>
          </span>
        )}
      </div>
    </section>
  );
}
