import type { Recipient } from './campaign/recipients.js';
import type { PaperName } from './campaign/template.js';
import type { EnvelopeName } from './layout/envelopes.js';
import type { DinForm } from './layout/geometry.js';
import type { Block } from './render/markdown.js';

/**
 * One letter, rendered once from the template: the model every output (PDF, e-mail, envelopes,
 * labels, manifest) is written from. Everything in it is plain text, never markup.
 */
export interface Letter {
  /** The recipient's position in the CSV (1-based): numbers the file. */
  number: number;
  recipient: Recipient;
  /** Who it is to, for people to read: the name with its title, else the position (`displayName`). */
  recipientName: string;
  /** Destination country as given (expanded from an ISO code). */
  country: string;
  paper: PaperName;
  /** DIN 5008 form on A4: where the window and fold marks are. */
  dinForm: DinForm;
  /** The envelope it goes in, when known: where the fold marks go. */
  envelope?: EnvelopeName;
  language: string;
  /** Going abroad from the sender's country (air mail, a country line). */
  international: boolean;
  /** The return address, one line, for the window's top zone. */
  returnAddress?: string;
  /** The sender's lines for the letterhead (US Letter layouts print it top left). */
  senderLines: string[];
  /** Address lines for the window: verbatim, at most six, country last in capitals. */
  address: string[];
  /** The letter's date, in its language ("30 November 2026"). */
  date: string;
  /** The line the letter prints it on: the date, or in French after the place ("Lyon, le 30 novembre 2026"). */
  dateLine: string;
  /** Without a label ("Objet : " in French): the layout prints its own (see subjectLine), an e-mail's Subject none. */
  subject: string;
  salutation: string;
  body: Block[];
  closing: string;
  /** Printed under the signature space; absent: the letter leaves room to write it by hand. */
  /**
   * Who signs: their name, the lines of their address printed under it, and their e-mail address,
   * which only an e-mail prints (it is the message's sender): a volunteer's private address is not
   * printed on paper to the officials of a government that holds prisoners of conscience. An
   * e-mail ends with their town and country instead of their address (`town`): its reply comes by
   * e-mail.
   */
  signer?: { name: string; lines: string[]; town: string[]; email?: string };
  /** For the header of continuation pages. */
  caseName: string;
}
