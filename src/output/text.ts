import type { LaidOutLetter } from '../layout/layout.js';

/**
 * The letter as text, laid out as it will print: each page's text placed on a grid of
 * `columns` characters across the page, one row per baseline, empty stretches kept short.
 */
export function letterAsText(laid: LaidOutLetter, columns = 80): string {
  const colWidth = laid.paper.width / columns;
  const out: string[] = [];
  laid.pages.forEach((items, i) => {
    if (laid.pages.length > 1) out.push(`── page ${i + 1} of ${laid.pages.length} ${'─'.repeat(Math.max(0, columns - 20))}`);
    const rows = new Map<number, { x: number; text: string }[]>();
    for (const item of items) {
      if (item.type !== 'text') continue;
      const y = Math.round(item.y);
      const row = rows.get(y) ?? [];
      row.push({ x: item.x, text: item.text });
      rows.set(y, row);
    }
    let lastY: number | undefined;
    for (const y of [...rows.keys()].sort((a, b) => a - b)) {
      // A gap wider than a line of body text (a new paragraph, a block) prints as one blank line.
      if (lastY !== undefined && y - lastY > 16) out.push('');
      lastY = y;
      let line = '';
      for (const part of rows.get(y)!.sort((a, b) => a.x - b.x)) {
        // Proportional text is narrower than the grid: a segment that starts inside the text so
        // far continues it (bold after regular); one further right goes to its column.
        const col = Math.round(part.x / colWidth);
        line = col <= line.length ? line + part.text : line.padEnd(col) + part.text;
      }
      out.push(line.trimEnd());
    }
  });
  return out.join('\n') + '\n';
}
