import { useDeferredValue, useMemo, useState } from 'react';
import { Label, Text, TextArea, TextField } from 'react-aria-components';
import type { KeywordMatcher } from '@lookout/shared';
import { MatchExplanation } from '../MatchExplanation';
import { highlight } from './libraryEdits';

/**
 * Text tried against a matcher as it is typed, in the browser (the same shared matcher the PCs run): the text with
 * its matches marked, and for each which rule matched and why.
 */
export function PhraseTester({
  matcher,
  label,
  description,
  testId,
}: {
  /** Undefined while the phrase being written is not valid yet. */
  matcher: KeywordMatcher | undefined;
  label: string;
  description: string;
  testId: string;
}) {
  const [text, setText] = useState('');
  const typed = useDeferredValue(text);
  const matches = useMemo(() => (matcher && typed ? matcher.match(typed, { explain: true }) : []), [matcher, typed]);
  return (
    <div className="phrase-test">
      <TextField className="ui-field" value={text} onChange={setText}>
        <Label>{label}</Label>
        <TextArea className="ui-input" rows={2} />
        <Text slot="description">{description}</Text>
      </TextField>
      {typed && (
        <div data-testid={testId} aria-live="polite">
          {!matcher ? (
            <p className="muted">Finish the phrase to try it.</p>
          ) : matches.length === 0 ? (
            <p>Nothing would be flagged.</p>
          ) : (
            <>
              <p className="phrase-test__text">
                {highlight(typed, matches).map((run, i) => (run.hit ? <mark key={i}>{run.text}</mark> : run.text))}
              </p>
              <ul className="phrase-test__hits">
                {matches.map((m) => (
                  <li key={`${m.phrase}-${m.start}`}>
                    “{m.matched}” matches <strong>{m.phrase}</strong> ({m.category}, severity {m.severity})
                    {m.explanation && <MatchExplanation explanation={m.explanation} />}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </div>
  );
}
