import { describe, expect, it } from 'vitest';
import type { Mark } from '../../src/marks.js';
import { cameBack, type LetterStatus } from '../../src/status.js';

describe('cameBack: the letters that came back, to check or made again', () => {
  const ref = (id: string) => ({ volunteer: 's', official: 'o', volunteer_key: '', official_key: '', packet_message_id: '', message_id: id });
  const base = { official: 'Jan Jansen', signer: 'Eva', how: 'email', stage: 'out', state: 'e-mailed', officialId: 'ledger|jan jansen', signerId: 's' } as const;
  const returned = { what: 'returned', on: '2026-11-21', note: '' } as unknown as Mark;
  const letter = (id: string, at: string, to: string, marks: Mark[] = []): LetterStatus => ({ ...base, on: at.slice(0, 10), marks, ref: ref(id), sentTo: `email:${to}`, sentAt: at });

  it('lists a bounced e-mail to check until one is sent to another address after it; an earlier one to another address does not count (a review\'s)', () => {
    const older = letter('<a>', '2026-11-01T10:00:00Z', 'old@x.nl');
    const bounced = letter('<b>', '2026-11-20T10:00:00Z', 'new@x.nl', [returned]);
    expect(cameBack([older, bounced]).check.map((c) => c.letter.ref.message_id)).toEqual(['<b>']);
    // Sent again, to the address corrected since: no longer to check, nor to send.
    const again = letter('<c>', '2026-11-22T10:00:00Z', 'newer@x.nl');
    expect(cameBack([older, bounced, again])).toEqual({ check: [], madeAgain: [] });
  });
});
