// The same one-page letters typeset by pdflatex, for the ratio in `npm run bench`: the fastest
// tool users could pick instead (Latin fonts only, so names are written without accents here).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function hasPdflatex() {
  try {
    execFileSync('pdflatex', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const BODY = [
  'I am writing to you, Official number NUM, to express my concern for \\textbf{Yusuf Dzhumaev}, arrested on 23 October 2001 and charged with ``undermining the constitutional order\'\'.',
  'He is reported to have been tortured in detention. Torture is absolutely prohibited under international law, including the UN Convention against Torture, to which the country is a party. I ask you to ensure that these reports are investigated promptly and impartially.',
  'I urge you to release him immediately and unconditionally. He is held solely for peacefully expressing his views, and he has now been detained for 25 years.',
  'Until he is released, please ensure that he is protected from ill-treatment and has regular access to his family, a lawyer of his choice and any medical care he needs.',
  'I would be grateful if you would let me know what steps have been taken in his case. I look forward to your reply.',
];

/** Seconds pdflatex takes for `n` letters in one PDF. */
export function pdflatexSeconds(n) {
  const dir = mkdtempSync(path.join(tmpdir(), 'letters-latex-'));
  const letters = [];
  for (let i = 0; i < n; i++) {
    letters.push(
      `\\noindent Letters Group, 12 Chapel Street, Oxford OX1 1AA\\\\[2em]\nH.E. Official ${i}\\\\\nOfficial number ${i}\\\\\n${(i % 97) + 1} Some Street\\\\\n1000${i % 10} Tashkent\\\\\nUZBEKISTAN\\\\[2em]\n\\hfill 28 November 2026\\\\[1em]\n\\textbf{Yusuf Dzhumaev, detained since 23 October 2001}\\\\[1em]\nDear Sir or Madam,\n\n${BODY.join('\n\n').replace('NUM', String(i))}\n\nYours sincerely,\n\\newpage\n`,
    );
  }
  writeFileSync(path.join(dir, 'letters.tex'), `\\documentclass[11pt,a4paper]{article}\n\\usepackage[T1]{fontenc}\n\\usepackage[margin=25mm]{geometry}\n\\pagestyle{empty}\n\\begin{document}\n${letters.join('')}\\end{document}\n`);
  const started = performance.now();
  execFileSync('pdflatex', ['-interaction=batchmode', '-halt-on-error', 'letters.tex'], { cwd: dir, stdio: 'ignore' });
  const seconds = (performance.now() - started) / 1000;
  rmSync(dir, { recursive: true, force: true });
  return seconds;
}
