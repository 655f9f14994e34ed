import type { RecordSubjectName } from '@contract/records';

export const SUBJECT_LABELS: Record<RecordSubjectName, { plural: string; singular: string }> = {
  LiveHelpTranscript: { plural: 'Live Help transcripts', singular: 'Live Help transcript' },
  PersonalRecord: { plural: 'Personal-information records', singular: 'personal-information record' },
  CardTransaction: { plural: 'Card transactions', singular: 'card transaction' },
};

export const SUBJECTS = Object.keys(SUBJECT_LABELS) as RecordSubjectName[];

export function isSubject(s: string | undefined): s is RecordSubjectName {
  return s !== undefined && (SUBJECTS as string[]).includes(s);
}
