import { useState } from 'react';
import { Button } from 'react-aria-components';
import type { Evidence } from '@lookout/shared';
import { ModalDialog } from './ui/ModalDialog';

/**
 * An alert's screenshots as blurred thumbnails the console made (the browser never holds a full image until it is
 * opened), each opened full size, one at a time, on a click: the console audits every time it serves one.
 */
export function EvidenceViewer({ evidence }: { evidence: readonly Evidence[] }) {
  const [open, setOpen] = useState<Evidence | undefined>();
  if (evidence.length === 0) return null;
  const time = (e: Evidence) => new Date(e.capturedAt).toLocaleTimeString('en-GB');
  return (
    <div className="evidence-grid" data-testid="evidence">
      {evidence.map((e) => (
        <Button
          key={e.id}
          className="ui-button evidence-thumb"
          onPress={() => setOpen(e)}
          aria-label={`Open the screenshot of ${time(e)} full size (recorded in the audit log)`}
        >
          <img src={`/api/evidence/${encodeURIComponent(e.id)}/preview`} alt="" data-testid="evidence-preview" />
          <span>{time(e)}: open full size (audited)</span>
        </Button>
      ))}
      <ModalDialog
        title={open ? `Screenshot at ${time(open)}` : 'Screenshot'}
        isOpen={open !== undefined}
        onOpenChange={(isOpen) => !isOpen && setOpen(undefined)}
      >
        {open && (
          <div className="evidence-full">
            <img
              src={`/api/evidence/${encodeURIComponent(open.id)}`}
              alt={`Screenshot at ${time(open)}, full size`}
              data-testid="evidence-full"
            />
            <p className="muted mono">SHA-256 {open.sha256}</p>
          </div>
        )}
      </ModalDialog>
    </div>
  );
}
