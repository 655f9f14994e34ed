import { useState, type KeyboardEvent } from 'react';
import type { StaffPick } from '@contract/privacy';
import { ActionButton } from '../../components/ActionButton';
import { Field } from '../../components/Field';
import { useAction } from '../../session/useAction';

/** The person to filter the trail by: found by part of a name, username or e-mail, and kept by id. */
export function PersonPicker({ chosen, onChoose }: { chosen: StaffPick | null; onChoose(person: StaffPick | null): void }) {
  const [text, setText] = useState('');
  const finding = useAction('audit.people');
  const found = finding.value?.people ?? null;

  const find = () => void finding.run({ query: text });
  function enter(e: KeyboardEvent<HTMLInputElement>) {
    // Enter finds people here; it does not apply the filters yet.
    if (e.key !== 'Enter') return;
    e.preventDefault();
    find();
  }

  return (
    <fieldset className="person-picker">
      <legend>Person</legend>
      {chosen ? (
        <p className="person-picker__chosen">
          <span>
            {chosen.name} ({chosen.username}), {chosen.department}
          </span>{' '}
          <button className="button button--secondary button--small" type="button" onClick={() => onChoose(null)}>
            Any person
          </button>
        </p>
      ) : (
        <>
          <div className="person-picker__find">
            <Field
              label="Find a person"
              hint="Part of a name, username or e-mail"
              value={text}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={enter}
              error={finding.error?.fields?.query ?? finding.error?.message}
              autoComplete="off"
              spellCheck={false}
            />
            <ActionButton className="button button--secondary button--small" pending={finding.pending} onClick={find}>
              Find
            </ActionButton>
          </div>
          {found &&
            (found.length === 0 ? (
              <p className="muted" role="status">
                No one matches “{text}”.
              </p>
            ) : (
              <ul className="plain-list person-picker__matches" aria-label="Matching people">
                {found.map((p) => (
                  <li key={p.id}>
                    <button className="link-button" type="button" onClick={() => onChoose(p)}>
                      {p.name} ({p.username}), {p.department}
                    </button>
                  </li>
                ))}
              </ul>
            ))}
        </>
      )}
    </fieldset>
  );
}
