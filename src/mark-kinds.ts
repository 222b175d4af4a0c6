/**
 * What a coordinator records of a letter after it left `letters` (see marks.ts): its packet handed
 * to a volunteer, the letter posted, returned by the post (or bounced), or answered by the
 * official. A module of its own: the command line lists them without loading the records' code.
 */
export const MARKS = ['handed-over', 'posted', 'returned', 'replied'] as const;
export type MarkKind = (typeof MARKS)[number];

/** What a mark says of a letter sent by e-mail: posted is "sent" (by its volunteer), returned is "bounced". */
export const EMAIL_WORD: Partial<Record<MarkKind, string>> = { posted: 'sent', returned: 'bounced' };
