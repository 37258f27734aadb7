import { useState } from 'react';
import { Button } from 'react-aria-components';

/** Copies text to the clipboard and says so (for a screen reader too). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | undefined>();
  return (
    <span className="copy">
      <Button
        className="ui-button"
        aria-label={label}
        onPress={() =>
          void navigator.clipboard.writeText(text).then(
            () => setCopied('yes'),
            () => setCopied('no'),
          )
        }
      >
        Copy
      </Button>
      <span role="status" className="muted">
        {copied === 'yes' ? 'Copied.' : copied === 'no' ? 'Select the text and copy it by hand.' : ''}
      </span>
    </span>
  );
}
