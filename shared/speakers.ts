/**
 * Whether a meeting participant is one of the accepted speakers: the same
 * name and affiliation, ignoring case, accents and spacing. No e-mail is
 * involved, so a participant never has to reveal one to be recognised.
 */
export function isAcceptedSpeaker(
  participant: { name: string; affiliation: string },
  speakers: readonly { name: string; affiliation: string }[],
): boolean {
  const fold = (value: string) =>
    value.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim();
  const name = fold(participant.name);
  const affiliation = fold(participant.affiliation);
  return speakers.some((s) => fold(s.name) === name && (s.affiliation === '' || fold(s.affiliation) === affiliation));
}
