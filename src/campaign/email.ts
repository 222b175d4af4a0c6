/**
 * Why an e-mail address from the data cannot be used, or undefined when it can. One plain
 * address only: a line break could inject a header (`a@x.org\r\nBcc: y@z.org`), a comma or
 * semicolon would send to two people.
 */
export function emailProblem(value: string): string | undefined {
  if (/[\r\n]/.test(value)) return 'contains a line break';
  if (/[,;]/.test(value)) return 'holds more than one address (a comma or semicolon)';
  if (/[<>"()\s]/.test(value)) return 'is not a plain address (spaces, quotes or <>)';
  const at = value.lastIndexOf('@');
  if (at < 1 || value.indexOf('@') !== at) return 'needs exactly one @ with a name before it';
  const domain = value.slice(at + 1);
  if (!/^[A-Za-z0-9\u00a1-\uffff-]+(\.[A-Za-z0-9\u00a1-\uffff-]+)+$/.test(domain) || /(^|\.)-|-(\.|$)/.test(domain)) {
    return `has no valid domain after the @ ("${domain}")`;
  }
  if (value.length > 254) return 'is longer than 254 characters';
  return undefined;
}
