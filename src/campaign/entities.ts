import type { Location, Problem } from '../errors.js';

/** "&amp;", "&quot;", "&#39;": a web page's way of writing a character, pasted from one into a list ("&amp" without its ";" too). */
const HTML_ENTITY = /&(?:(?:amp|lt|gt|quot|apos|nbsp|ndash|mdash|rsquo|lsquo|rdquo|ldquo|#\d{2,5}|#x[\da-f]{2,4});|amp(?![a-z]))/i;

/** What the codes stand for, for the hint. */
const ENTITY_MEANS: Record<string, string> = {
  amp: '"&"', lt: '"<"', gt: '">"', quot: 'a quotation mark', apos: 'an apostrophe', '#39': 'an apostrophe', '#039': 'an apostrophe',
  nbsp: 'a space', ndash: 'a dash', mdash: 'a dash', rsquo: 'an apostrophe', lsquo: 'a quotation mark', rdquo: 'a quotation mark', ldquo: 'a quotation mark',
};

/**
 * A value with a character written as a web page writes it ("Justice &amp; Human Rights", pasted
 * from a web page into a spreadsheet): it would print as written. `where`: "in" what, for the message.
 */
export function htmlEntityProblem(value: string, where: string, location: Location): Problem | undefined {
  const found = value.includes('&') ? HTML_ENTITY.exec(value) : null;
  if (!found) return undefined;
  const entity = found[0];
  // (A long text, a case's summary, by the words around it.)
  const from = Math.max(0, found.index - 25);
  const to = Math.min(value.length, found.index + entity.length + 25);
  const shown = value.length <= 70 ? value : `${from > 0 ? '…' : ''}${value.slice(from, to).trim()}${to < value.length ? '…' : ''}`;
  return {
    code: 'encoding',
    location,
    message: `"${shown}" in ${where} has "${entity}", a web page's code for a character: it would print as "${entity}"`,
    hint: `write the character itself (${ENTITY_MEANS[entity.slice(1).replace(/;$/, '').toLowerCase()] ?? 'what the page showed'}); text copied from a web page's source keeps such codes`,
  };
}
