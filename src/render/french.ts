/**
 * French typography: the space before "?", "!", ";", ":" and "»" and after "«" is a narrow
 * no-break space, so a line never starts with the sign or ends with "«" (text typed with plain
 * spaces; one typed with no-break spaces keeps them). For the letters and the cover sheets alike.
 */
export function frenchSpaces(text: string): string {
  return / [!?:;\u00bb]|\u00ab /.test(text) ? text.replace(/ ([!?:;\u00bb])/g, '\u202f$1').replace(/\u00ab /g, '\u00ab\u202f') : text;
}
