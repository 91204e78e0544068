import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ATTENDANCE,
  type Attendance,
  type MeetingState,
  type Participant,
  REQUEST_TYPES,
  type RequestType,
  STAKEHOLDER_GROUPS,
  type StakeholderGroup,
} from '../../../../shared/model.js';
import { sendCommand } from '../../state/connection.js';

/** Everybody the chair can find by name: people who have been on the list, and named question authors. */
export function knownPeople(meeting: MeetingState): Participant[] {
  const byId = new Map(meeting.floor.people.map((person) => [person.id, person]));
  for (const question of meeting.questions.items) {
    const author = question.author;
    if (!author || question.anonymous || byId.has(author.participantId)) continue;
    const { participantId: id, name, affiliation, stakeholderGroup, attendance } = author;
    byId.set(id, { id, name, affiliation, stakeholderGroup, attendance });
  }
  return [...byId.values()];
}

const matches = (person: Participant, query: string) => {
  const q = query.trim().toLocaleLowerCase();
  return q.length > 0 && `${person.name} ${person.affiliation}`.toLocaleLowerCase().includes(q);
};

/**
 * Puts someone on the list for them: a participant found by part of a name or
 * affiliation, or a person without a device (a delegate raising a nameplate,
 * a remote speaker asking in the video platform's chat).
 */
export function InscribeForm({ meeting, onDone }: { meeting: MeetingState; onDone: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<Participant | null>(null);
  const [type, setType] = useState<RequestType>('new_topic');
  const [topic, setTopic] = useState('');
  const [affiliation, setAffiliation] = useState('');
  const [group, setGroup] = useState<StakeholderGroup>('government');
  const [attendance, setAttendance] = useState<Attendance>('in_room');
  const found = chosen
    ? []
    : knownPeople(meeting)
        .filter((person) => matches(person, query))
        .slice(0, 6);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const name = query.trim();
    if (!chosen && !name) return;
    const ack = chosen
      ? await sendCommand('floor.inscribe', { participantId: chosen.id, type, topic })
      : await sendCommand('floor.inscribe', {
          person: { name, affiliation, stakeholderGroup: group, attendance },
          type,
          topic,
        });
    if (ack.ok) onDone();
  };

  return (
    <form className="inscribe-form" onSubmit={(event) => void submit(event)} data-testid="inscribe-form">
      <h3 className="panel-subtitle">{t('chair.inscribeTitle')}</h3>
      {chosen ? (
        <p className="inscribe-chosen" data-testid="inscribe-chosen">
          {chosen.name}
          {chosen.affiliation && ` · ${chosen.affiliation}`}{' '}
          <button type="button" className="secondary small" onClick={() => setChosen(null)}>
            {t('chair.inscribeOther')}
          </button>
        </p>
      ) : (
        <>
          <label>
            {t('chair.inscribeWho')}
            <input
              value={query}
              onChange={(event) => setQuery(event.target.value)}
              maxLength={80}
              autoComplete="off"
              aria-describedby={`${id}-hint`}
              data-testid="inscribe-name"
            />
          </label>
          <p className="hint" id={`${id}-hint`}>
            {t('chair.inscribeHint')}
          </p>
          {found.length > 0 && (
            <ul className="inscribe-matches" aria-label={t('chair.inscribeMatches')}>
              {found.map((person) => (
                <li key={person.id}>
                  <button
                    type="button"
                    className="secondary small"
                    onClick={() => setChosen(person)}
                    data-testid="inscribe-match"
                  >
                    {person.name}
                    {person.affiliation && ` · ${person.affiliation}`} · {t(`attendance.${person.attendance}`)}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="row">
            <label>
              {t('join.affiliation')}
              <input value={affiliation} onChange={(event) => setAffiliation(event.target.value)} maxLength={120} />
            </label>
            <label>
              {t('join.group')}
              <select value={group} onChange={(event) => setGroup(event.target.value as StakeholderGroup)}>
                {STAKEHOLDER_GROUPS.map((value) => (
                  <option key={value} value={value}>
                    {t(`groups.${value}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('chair.inscribeWhere')}
              <select
                value={attendance}
                onChange={(event) => setAttendance(event.target.value as Attendance)}
                data-testid="inscribe-attendance"
              >
                {ATTENDANCE.map((value) => (
                  <option key={value} value={value}>
                    {t(`attendance.${value}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </>
      )}
      <div className="row">
        <label>
          {t('chair.inscribeType')}
          <select value={type} onChange={(event) => setType(event.target.value as RequestType)} data-testid="inscribe-type">
            {REQUEST_TYPES.map((value) => (
              <option key={value} value={value}>
                {t(`floor.types.${value}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('chair.inscribeTopic')}
          <input value={topic} onChange={(event) => setTopic(event.target.value)} maxLength={140} />
        </label>
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" data-testid="inscribe-submit">
          {t('chair.inscribeSubmit')}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
