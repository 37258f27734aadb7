import type { KeywordMatchExplanation } from '@lookout/shared';

/** Why a keyword alert matched: the rule, how the text was read, the pupil's words in each slot, the exceptions. */
export function MatchExplanation({ explanation }: { explanation: KeywordMatchExplanation }) {
  return (
    <dl data-testid="alert-explanation" className="alert-detail__explanation">
      <dt>Rule</dt>
      <dd>
        <code>{explanation.rule}</code>
      </dd>
      <dt>Read as</dt>
      <dd>
        “{explanation.form}”{explanation.wordsApart !== undefined && ` (${explanation.wordsApart} words apart)`}
      </dd>
      {explanation.slots.length > 0 && (
        <>
          <dt>Words in its slots</dt>
          {explanation.slots.map((s, i) => (
            <dd key={i}>
              <code>{s.slot}</code> ← “{s.filled}”
            </dd>
          ))}
        </>
      )}
      <dt>Exceptions that did not apply</dt>
      {explanation.exceptionsNotApplied.length === 0 ? (
        <dd>none (the rule has no exceptions)</dd>
      ) : (
        explanation.exceptionsNotApplied.map((e, i) => (
          <dd key={i}>
            <code>{e}</code>
          </dd>
        ))
      )}
    </dl>
  );
}
