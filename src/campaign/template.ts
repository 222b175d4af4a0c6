import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { HelperOptions } from 'handlebars';
import { z } from 'zod';
import { InputError, ProblemList, type Location, type Problem } from '../errors.js';
import { htmlEntityProblem } from './entities.js';
import { baseLanguage, closingFor, HELPER_NAMES, makeHelpers, markdownLookup, TemplateValueError } from '../render/helpers.js';
import { variantDecoder } from '../render/variant.js';
import { nearest, suggest, unreadable } from '../suggest.js';
import { languageTag } from './case.js';
import { parseYamlText } from './yamlfile.js';

type AST = hbs.AST.Program;
type Node = hbs.AST.Node;

export const PAPERS = ['a4', 'letter'] as const;
export type PaperName = (typeof PAPERS)[number];
/** The side of an A4 envelope's window (`window:` in the front matter, `--window`): DIN 5008's left, or the right (France, Switzerland, Belgium). */
export const WINDOW_SIDES = ['left', 'right'] as const;
export type WindowSide = (typeof WINDOW_SIDES)[number];
export type CaseStatus = 'active' | 'released';

const frontMatterSchema = z
  .object({
    subject: z.string().optional(),
    language: z
      .string()
      .refine((l) => {
        try {
          return Intl.DateTimeFormat.supportedLocalesOf([l]).length > 0;
        } catch {
          return false;
        }
      }, 'is not a language this machine can write dates in (try en-GB, fr, de, es, ru, uz)')
      .default('en-GB'),
    paper: z.enum(PAPERS, { error: 'must be "a4" or "letter"' }).optional(),
    window: z.enum(WINDOW_SIDES, { error: 'must be "left" (DIN 5008) or "right" (French, Swiss, Belgian window envelopes)' }).optional(),
    // Default: the row's greeting, then a comma, or in Spanish a colon ("Estimado señor Ministro:").
    salutation: z.string().optional(),
    // Default: "Yours sincerely," in the template's language (closingFor).
    closing: z.string().optional(),
    for: z
      .union([z.enum(['active', 'released']), z.array(z.enum(['active', 'released']))], {
        error: 'must be "active", "released" or a list of them',
      })
      .default(['active'])
      .transform((v) => (Array.isArray(v) ? v : [v])),
  })
  .strict();

/** The parts of a template that are rendered per letter. */
export const TEMPLATE_PARTS = ['subject', 'salutation', 'closing', 'body'] as const;
export type TemplatePart = (typeof TEMPLATE_PARTS)[number];

/** Where the template reads a field: `recipient.salutation` at letter.hbs:12. */
export interface FieldUse {
  root: string;
  /** Dotted path below the root (`salutation`, `address.0`); '' for the root itself. */
  field: string;
  location: Location;
  /** Inside `{{#if field}}`, used as a condition, or given a fallback: an empty value is fine. */
  guarded: boolean;
  role: FieldRole;
}

/** What the template does with a value: prints it, tests it, reads it as a date, or walks it. */
export type FieldRole = 'text' | 'condition' | 'date' | 'list';

export interface LetterTemplate {
  file: string;
  language: string;
  /** Where the front matter says the language (the file's first line when it does not). */
  languageLocation: Location;
  /**
   * The language the template's own words are in, when its front matter (or the case's
   * `templates:`) says none and they are not English: its letters' dates and greeting would be
   * English in a letter that is not (see `wordsLanguage`).
   */
  unsaidLanguage?: string;
  paper?: PaperName;
  /** The side of the A4 envelope window the template is for, when it says (else the left: DIN 5008). */
  window?: WindowSide;
  statuses: CaseStatus[];
  uses: FieldUse[];
  /** The letter opens with the row's salutation (`{{salutation}}`, the default, or `recipient.salutation`). */
  readsRowSalutation: boolean;
  /**
   * Errors of a template that can be read all the same: a body that greets or closes as the
   * letter already does. The loader's caller reports them (no letter is made of it), and the rows'
   * fields are still checked against it: a user fixed those two lines and only then heard of a
   * misspelt field.
   */
  errors: Problem[];
  /**
   * How many different letters the `{{#vary}}` blocks can make: the product of every block's
   * number of wordings (nested blocks included); 1 without blocks. See src/render/variant.ts.
   */
  variations: number;
  /**
   * Renders one letter's parts: the body as Markdown source, the rest as plain text. `variant`
   * (a non-negative whole number) picks the wording of each `{{#vary}}` block; any `variations`
   * consecutive variants give different combinations.
   */
  render(context: Record<string, unknown>, markdownContext: Record<string, unknown>, language: string, variant?: number): Record<TemplatePart, string>;
}

export const CONTEXT_ROOTS = ['case', 'recipient', 'signer', 'sender', 'today'] as const;

/** The recipient columns a template reads (`recipient.prison_name` reads prison_name); with 'signer', the volunteers' columns. */
export function templateReads(template: LetterTemplate | undefined, root: 'recipient' | 'signer' = 'recipient'): Set<string> {
  return new Set(template?.uses.filter((u) => u.root === root).map((u) => u.field.split('.')[0]!));
}
/**
 * Whether the letter opens with the row's salutation, or the fallback when it is empty: it reads
 * `{{salutation}}`, and does not ask first whether the row has one (`{{#if recipient.salutation}}`
 * ... `{{else}}` is a template opening such letters its own way). (`{{recipient.salutation}}` has
 * no fallback: an empty one is an error of its own.)
 */
function readsRowSalutation(texts: string[]): boolean {
  if (texts.some((text) => /\{\{~?\s*#(?:if|unless)\s+(?:recipient\.)?salutation\s*~?\}\}/.test(text))) return false;
  return texts.some((text) => /\{\{~?\s*salutation\b/.test(text));
}

const BUILTIN_BLOCKS = new Set(['if', 'unless', 'each', 'with']);
const BUILTIN_HELPERS = new Set(['lookup', 'log']);

/** `language`: the template's language when its front matter names none (a case's `templates: {de: ...}`); else en-GB. */
export function loadTemplate(file: string, language?: string): LetterTemplate {
  let source: string;
  try {
    source = readFileSync(file, 'utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  } catch (err) {
    throw new InputError({
      location: { file },
      message: `cannot read the template: ${unreadable(err, file)}`,
      hint: 'check "template:" in the case file or --template',
    });
  }
  const { frontMatter, fmLocate, body, bodyLine, languageSaid } = splitFrontMatter(source, file, language);
  const problems = new ProblemList();
  const partialsDir = path.join(path.dirname(file), 'partials');
  const partials = loadPartials(partialsDir);

  const sources: Record<TemplatePart, { text: string; location: Location }> = {
    subject: { text: frontMatter.subject ?? '', location: fmLocate('subject') },
    salutation: { text: frontMatter.salutation ?? (baseLanguage(frontMatter.language) === 'es' ? '{{salutation}}:' : '{{salutation}},'), location: fmLocate('salutation') },
    closing: { text: frontMatter.closing ?? closingFor(frontMatter.language), location: fmLocate('closing') },
    body: { text: body, location: { file, line: bodyLine } },
  };
  const uses: FieldUse[] = [];
  // The number of wordings of each {{#vary}} block, in the order the blocks are numbered.
  const varyCounts: number[] = [];
  const asts = {} as Record<TemplatePart, AST>;
  for (const part of TEMPLATE_PARTS) {
    const { text, location } = sources[part];
    const ast = parseHandlebars(text, location, problems);
    if (!ast) continue;
    const at = { file: location.file, lineOffset: (location.line ?? 1) - 1, problems };
    expandVary(ast, { ...at, counts: varyCounts });
    walk(ast, { ...at, partials, partialsDir, uses, varyCounts });
    asts[part] = ast;
  }
  problems.throwIfAny();
  // (After syntax errors: a template that does not parse is said as that first.)
  const errors = [
    ...ownGreetingOrClosing(body, { file, line: bodyLine }, frontMatter),
    ...webPageCodes([...Object.values(sources), ...[...partials.values()].map((p) => ({ text: p.source, location: { file: p.file, line: 1 } }))]),
  ];

  const envs = { text: makeEnv(false, partials), markdown: makeEnv(true, partials) };
  const compiled = Object.fromEntries(
    TEMPLATE_PARTS.map((part) => [part, (part === 'body' ? envs.markdown : envs.text).compile(asts[part], COMPILE_OPTIONS)]),
  ) as Record<TemplatePart, HandlebarsTemplateDelegate>;
  const decoder = variantDecoder(varyCounts);

  return {
    file,
    language: frontMatter.language,
    languageLocation: fmLocate('language'),
    // (The template's own words: a partials folder may hold other templates' in other languages.)
    ...(languageSaid ? {} : { unsaidLanguage: wordsLanguage(`${frontMatter.subject ?? ''}\n${body}`) }),
    paper: frontMatter.paper,
    window: frontMatter.window,
    statuses: frontMatter.for,
    uses,
    readsRowSalutation: readsRowSalutation([...Object.values(sources).map((x) => x.text), ...[...partials.values()].map((x) => x.source)]),
    variations: decoder.variations,
    errors,
    render(context, markdownContext, language, variant = 0) {
      const data = { language, variant, [CHOICES_DATA]: decoder.choices(variant) };
      // (The closing's {{salutation}} is the form of address it repeats: see formOfAddress.)
      const closing = { ...data, part: 'closing' };
      const out = {} as Record<TemplatePart, string>;
      for (const part of TEMPLATE_PARTS) {
        try {
          out[part] = compiled[part](part === 'body' ? markdownContext : context, { data: part === 'closing' ? closing : data });
        } catch (err) {
          // Handlebars counts lines from the start of the part; the user counts from the file's top.
          if (err instanceof TemplateValueError && err.templateLine !== undefined) err.templateLine += (sources[part].location.line ?? 1) - 1;
          throw err;
        }
      }
      return out;
    },
  };
}

/** Words that mark a language, most of them in no other: the short words every sentence has. */
const MARKER_WORDS: Record<string, Set<string>> = Object.fromEntries(
  Object.entries({
    en: 'the and of to is that for you your he his him we with this are have has been was not by from my please in it be on at an or as will would should who they our her am dear yours sincerely since about writing urge release',
    es: 'el los las del que y por para con su sus usted le se es ha al lo como más sea una un está fue desde sobre sin',
    fr: 'le les des du et qui pour dans sur vous votre il est pas ne au aux nous je sa son une un depuis',
    de: 'der die das und ist nicht ich sie ihr ihre zu den dem des ein eine mit für auf von sich wir wurde seit',
    pt: 'em um uma com não sua é está vossa desde lhe você seja tenha pelo pela às nós muito também seus suas',
    it: 'il gli di della che è per con non sua suo alla sono lei una un dal dalla',
    nl: 'het een en van ik u uw is niet dat die op te voor met zijn hij wordt sinds',
    // (Catalan and Galician: said as what they are, not as Spanish or Portuguese.)
    ca: 'els amb és perquè aquest aquesta seva seu dels pel als som hem vostè li meva',
    gl: 'unha polo pola coa xa dende moi nun nunha vostede súa miña non sexa teña tamén mentres',
  }).map(([language, words]) => [language, new Set(words.split(' '))]),
);

/**
 * The language a template's own words are in (Handlebars expressions left out), when it is not
 * English: its marker words are eight at least, three times English's and half as many again as
 * the next language's (Catalan is not Spanish). Undefined when not so clear, or English: the
 * warning it makes is said only where it is sure (an English letter may quote a law in Spanish).
 */
export function wordsLanguage(text: string): string | undefined {
  const words = text.replace(/\{\{[^}]*\}\}\}?/g, ' ').toLowerCase().split(/[^\p{L}]+/u);
  const counts = Object.fromEntries(Object.keys(MARKER_WORDS).map((l) => [l, 0])) as Record<string, number>;
  for (const w of words) for (const [language, markers] of Object.entries(MARKER_WORDS)) if (markers.has(w)) counts[language]!++;
  const [first, second] = Object.entries(counts).filter(([l]) => l !== 'en').sort((a, b) => b[1] - a[1]);
  const n = first![1];
  return n >= 8 && n >= 3 * counts.en! && n >= 1.5 * second![1] ? first![0] : undefined;
}

/** The greeting's words a letter opens with, in the languages letters knows, "{{salutation}}", and a line of one field and a comma or colon ("{{recipient.saludo}}:"). */
const OWN_GREETING = new RegExp(
  '^(?:\\{\\{\\{?~?\\s*(?:recipient\\.)?salutation\\b|\\{\\{\\{?~?\\s*[\\w.]+\\s*~?\\}\\}\\}?\\s*[,:]$|(?:dear|geachte|sehr\\s+geehrte[rs]?|estimad[oa]s?|excelent[ií]sim[oa]s?|distinguid[oa]s?|querid[oa]s?|prezad[oa]s?|exm[oa]s?\\.?|egregi[oa]|your\\s+excellency|szanown[ya]|sayın|уважаем(?:ый|ая|ые)|шановн(?:ий|а|і))(?=[\\s,:!]|$))',
  'iu',
);
/** Words a greeting opens with that a sentence may too ("Madame Narges Mohammadi, défenseure..., est détenue"): a greeting only as a line of its own, ending "," ":" or "!". */
const OWN_GREETING_IF_A_LINE = new RegExp('^(?:madame|monsieur|ch[eè]re?|caro|cara|gentile|liebe[rs]?|excellence)(?=[\\s,:!]|$).*[,:!]$', 'iu');

/** A letter's closing, in the languages letters knows: the whole line. */
const OWN_CLOSING = new RegExp(
  '^(?:(?:yours\\s+(?:sincerely|faithfully|truly|respectfully)|sincerely(?:\\s+yours)?|respectfully(?:\\s+yours)?|(?:kind|best|warm)\\s+regards|regards|mit\\s+freundlichen\\s+gr(?:ü|ue)(?:ß|ss)en|hochachtungsvoll|cordialement|salutations\\s+distingu[ée]es|atentamente|(?:un\\s+)?(?:cordial\\s+)?saludos?(?:\\s+cordiales)?|cordialmente|atenciosamente|com\\s+os\\s+melhores\\s+cumprimentos|(?:distinti|cordiali)\\s+saluti|met\\s+vriendelijke\\s+groet(?:en)?|hoogachtend|z\\s+(?:poważaniem|wyrazami\\s+szacunku)|saygılarımla|с\\s+уважением|з\\s+повагою)[\\s,.!]*|(?:veuillez|je\\s+vous\\s+prie\\s+d)\\s*(?:agr[ée]er|[\'’]\\s*agr[ée]er)\\b.*)$',
  'iu',
);

/** Lines for a signature, or the signer's name: the letter prints them under its closing. */
const OWN_SIGNATURE = /^(?:_{3,}|\.{6,}|(?:nombre\s+y\s+)?firma|signature|unterschrift|name\s+and\s+signature|\{\{~?\s*signer\.name\s*~?\}\})\s*$/i;

/**
 * A body that opens with a greeting or ends with a closing, as a letter pasted from Word does:
 * the letter adds its own (the template's `salutation:` and `closing:`, and the signer's name),
 * so every letter would greet or close twice. Not when the front matter writes `salutation: ''`
 * or `closing: ''` (the body writes them itself).
 */
/** A web page's code for a character in the template's own words ("Please help him &amp; his family"): every letter would print it. */
function webPageCodes(texts: { text: string; location: Location }[]): Problem[] {
  const problems: Problem[] = [];
  for (const { text, location } of texts) {
    text.split('\n').forEach((line, i) => {
      const found = htmlEntityProblem(line, 'the template', { file: location.file, line: (location.line ?? 1) + i });
      if (found) problems.push(found);
    });
  }
  return problems;
}

function ownGreetingOrClosing(body: string, at: Location, frontMatter: { salutation?: string; closing?: string }): Problem[] {
  const lines = body.split('\n').map((text, i) => ({ text: text.trim(), line: (at.line ?? 1) + i })).filter((l) => l.text !== '');
  const problems: Problem[] = [];
  const first = lines[0];
  // (A greeting is a line of its own, ending "," ":" or "!"; or the row's salutation printed.)
  const greets = (line: string) => /^\{\{\{?~?\s*(?:recipient\.)?salutation\b/.test(line) || ((OWN_GREETING.test(line) || OWN_GREETING_IF_A_LINE.test(line)) && /[,:!]$/.test(line));
  if (first && frontMatter.salutation !== '' && greets(first.text) && first.text.length < 80) {
    problems.push({
      location: { file: at.file, line: first.line },
      message: `the template's body opens with a greeting ("${first.text}"), and the letter opens with its salutation already: every letter would greet twice`,
      hint: "delete that line: the letter's greeting is the template's salutation: line (the row's salutation column, by default); to write it in the body instead, add salutation: '' to the front matter",
    });
  }
  const end = lines.slice(-4).find((l) => frontMatter.closing !== '' && (OWN_CLOSING.test(l.text) || OWN_SIGNATURE.test(l.text)));
  if (end) {
    const signature = OWN_SIGNATURE.test(end.text);
    problems.push({
      location: { file: at.file, line: end.line },
      message: `the template's body ends with ${signature ? 'lines for a signature' : 'a closing'} ("${end.text}"), and the letter adds its closing and the signer's name already: every letter would close twice`,
      hint: "delete the closing and what follows it: the letter closes with the template's closing: line and the signer's name and address; to write them in the body instead, add closing: '' to the front matter",
    });
  }
  return problems;
}

function splitFrontMatter(source: string, file: string, language?: string) {
  const lines = source.split('\n');
  let data: unknown = {};
  let fmLocate: (key: string) => Location = () => ({ file, line: 1 });
  let bodyStart = 0;
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
    if (end === -1) {
      throw new InputError({ location: { file, line: 1 }, message: 'front matter is not closed', hint: 'end the front matter with a line "---"' });
    }
    const yaml = parseYamlText(lines.slice(1, end).join('\n'), file, 'front matter', 2);
    data = yaml.data ?? {};
    fmLocate = (key) => yaml.locate([key]);
    bodyStart = end + 1;
  }
  const given = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  const parsed = frontMatterSchema.safeParse(language && given && given.language === undefined ? { ...given, language } : data);
  if (!parsed.success) {
    throw new InputError(
      parsed.error.issues.map((issue) => {
        const key = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.join('.');
        return {
          location: fmLocate(issue.code === 'unrecognized_keys' ? issue.keys[0]! : String(issue.path[0] ?? '')),
          message:
            issue.code === 'unrecognized_keys'
              ? `unknown front matter key "${key}"`
              : `front matter "${key}" ${issue.message}`,
          hint: 'front matter keys: subject, language, paper, window, salutation, closing, for',
        };
      }),
    );
  }
  if (parsed.data.window === 'right' && parsed.data.paper === 'letter') {
    throw new InputError({
      location: fmLocate('window'),
      message: 'front matter "window: right" is for A4: US Letter has one window position (a #10 envelope\'s, on the left)',
      hint: 'leave out "window:", or write "paper: a4"',
    });
  }
  return { frontMatter: parsed.data, fmLocate, body: lines.slice(bodyStart).join('\n'), bodyLine: bodyStart + 1, languageSaid: !!language || given?.language !== undefined };
}

interface Partial {
  file: string;
  source: string;
  /** Parsed, with its {{#vary}} blocks expanded, when a template first includes it; null if it does not parse. */
  ast?: AST | null;
}

function loadPartials(dir: string): Map<string, Partial> {
  const partials = new Map<string, Partial>();
  if (!existsSync(dir)) return partials;
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.hbs')) continue;
    const file = path.join(dir, name);
    partials.set(name.slice(0, -4), { file, source: readFileSync(file, 'utf8').replace(/\r\n?/g, '\n').replace(/\n$/, '') });
  }
  return partials;
}

/**
 * The templates are compiled from their parsed (and {{#vary}}-expanded) AST, on which Handlebars
 * has already removed the lines of standalone tags: `ignoreStandalone` keeps it from doing so twice.
 */
const COMPILE_OPTIONS = { noEscape: true, ignoreStandalone: true } as const;

function makeEnv(markdown: boolean, partials: Map<string, Partial>): typeof Handlebars {
  const env = Handlebars.create();
  env.registerHelper(makeHelpers(markdown));
  if (markdown) env.registerHelper('lookup', markdownLookup);
  env.registerHelper(CHOICE_HELPER, (block: unknown, option: unknown, options: HelperOptions) => {
    const choices = (options.data as Record<string, number[] | undefined> | undefined)?.[CHOICES_DATA];
    return (choices?.[Number(block)] ?? 0) === Number(option);
  });
  for (const [name, p] of partials) {
    // Every partial a template includes has been parsed (by the field walk); the others are never called.
    env.registerPartial(name, p.ast ? env.compile(structuredClone(p.ast), COMPILE_OPTIONS) : p.source);
  }
  return env;
}

/*
 * Template variation: `{{#vary}}First{{or}}Second{{or}}Third{{/vary}}`.
 *
 * Right after parsing, each `vary` block is split at the `{{or}}`s that stand directly in it
 * (not inside an `{{#if}}` in it) and replaced by one block per wording,
 * `{{#if (__choice <block> <k>)}}wording k{{/if}}`, of which exactly one is true for a given
 * variant. Blocks are numbered in the order they appear, outer before inner: the subject's, the
 * salutation's, the closing's, then the body's, a partial's when it is first included.
 * The wordings keep their own nodes, so lines in errors stay right, and the field walk sees every
 * wording (not only the one a letter takes) as ordinary, unguarded text. An `{{or}}` alone on its
 * line is removed with its line, like `{{else}}`, so wordings can be whole paragraphs.
 */
const CHOICE_HELPER = '__choice';
const CHOICES_DATA = '__varyChoices';
const VARY_USAGE = '{{#vary}}First wording{{or}}Second wording{{/vary}}';
/** The `(__choice ...)` nodes made here, so a `{{__choice}}` the user writes is still unknown. */
const choiceNodes = new WeakSet<Node>();

interface VaryState {
  file: string;
  lineOffset: number;
  problems: ProblemList;
  counts: number[];
}

type Block = hbs.AST.BlockStatement;
type WithPrograms = Node & { program?: AST; inverse?: AST };

const isNamed = (n: Node, name: string): boolean =>
  n.type === 'PathExpression' && !(n as hbs.AST.PathExpression).data && (n as hbs.AST.PathExpression).original === name;

/** Replaces every `{{#vary}}` block in `program` (at any depth) by its `{{#if (__choice ...)}}` blocks. */
function expandVary(program: AST, s: VaryState): void {
  const body: hbs.AST.Statement[] = [];
  for (const node of program.body) {
    if (node.type === 'BlockStatement' && isNamed((node as Block).path, 'vary')) {
      body.push(...expandVaryBlock(node as Block, s));
      continue;
    }
    const n = node as WithPrograms;
    if (n.program) expandVary(n.program, s);
    if (n.inverse) expandVary(n.inverse, s);
    body.push(node);
  }
  program.body = body;
}

function expandVaryBlock(b: Block, s: VaryState): hbs.AST.Statement[] {
  const at = (n: Node | undefined) => ({ file: s.file, line: (n ?? b).loc.start.line + s.lineOffset });
  if (!b.program) {
    s.problems.add({ location: at(b), message: '{{^vary}} is not a block: write {{#vary}}', hint: VARY_USAGE });
    return [];
  }
  if (b.params.length > 0 || (b.hash?.pairs.length ?? 0) > 0) {
    s.problems.add({ location: at(b), message: '{{#vary}} takes no values', hint: `separate the wordings with {{or}}: ${VARY_USAGE}` });
  }
  if (b.inverse) {
    s.problems.add({
      location: at(b.inverse.loc ? b.inverse : b.inverse.body[0]),
      message: '{{else}} inside {{#vary}}: the wordings are separated by {{or}}',
      hint: `${VARY_USAGE}; an {{#if}}...{{else}}...{{/if}} inside a wording is fine`,
    });
  }

  const statements = b.program.body;
  const options: hbs.AST.Statement[][] = [[]];
  statements.forEach((st, i) => {
    if (st.type !== 'MustacheStatement' || !isNamed((st as hbs.AST.MustacheStatement).path, 'or')) {
      options[options.length - 1]!.push(st);
      return;
    }
    const or = st as hbs.AST.MustacheStatement;
    if (or.params.length > 0 || (or.hash?.pairs.length ?? 0) > 0) {
      s.problems.add({ location: at(or), message: '{{or}} takes no values', hint: `it only separates the wordings: ${VARY_USAGE}` });
    }
    stripStandalone(statements, i);
    options.push([]);
  });
  if (options.length === 1) {
    s.problems.add({
      location: at(b),
      message: '{{#vary}} has only one wording',
      hint: `separate two or more wordings with {{or}}: ${VARY_USAGE}; or remove {{#vary}} and {{/vary}}`,
    });
  }

  const index = s.counts.push(options.length) - 1;
  return options.map((body, k) => {
    const program: AST = { type: 'Program', body, blockParams: [], strip: {}, loc: body[0]?.loc ?? b.program.loc } as unknown as AST;
    expandVary(program, s);
    return choiceBlock(index, k, program, b.loc);
  });
}

/**
 * An `{{or}}` with only white space before and after it on its line takes its line with it (as
 * Handlebars does for a standalone `{{else}}`): the wording before it ends with its last line
 * break, the one after it starts on the next line.
 */
function stripStandalone(body: hbs.AST.Statement[], i: number): void {
  const prev = body[i - 1] as hbs.AST.ContentStatement | undefined;
  const next = body[i + 1] as hbs.AST.ContentStatement | undefined;
  if (prev?.type !== 'ContentStatement' || next?.type !== 'ContentStatement') return;
  // `original` is the text as written (its type in @types is wrong), `value` what is left after stripping.
  const written = (c: hbs.AST.ContentStatement) => c.original as unknown as string;
  if (!/(?:^|\S)[^\S\n]*\n\s*$/.test(written(prev)) || !/^[^\S\n]*\r?\n/.test(written(next))) return;
  prev.value = prev.value.replace(/[ \t]+$/, '');
  next.value = next.value.replace(/^[ \t]*\r?\n?/, '');
}

function choiceBlock(index: number, option: number, program: AST, loc: hbs.AST.SourceLocation): hbs.AST.Statement {
  const path = (name: string): hbs.AST.PathExpression => ({ type: 'PathExpression', data: false, depth: 0, parts: [name], original: name, loc });
  const number = (value: number): hbs.AST.NumberLiteral => ({ type: 'NumberLiteral', value, original: value, loc });
  const condition = { type: 'SubExpression', path: path(CHOICE_HELPER), params: [number(index), number(option)], loc } as unknown as hbs.AST.SubExpression;
  choiceNodes.add(condition);
  const noStrip = { open: false, close: false };
  return {
    type: 'BlockStatement',
    path: path('if'),
    params: [condition],
    program,
    openStrip: noStrip,
    inverseStrip: noStrip,
    closeStrip: noStrip,
    loc,
  } as unknown as hbs.AST.BlockStatement;
}

function parseHandlebars(text: string, at: Location, problems: ProblemList): AST | undefined {
  try {
    return Handlebars.parse(text);
  } catch (err) {
    const e = err as Error & { lineNumber?: number };
    const rel = e.lineNumber ?? Number(/line (\d+)/.exec(e.message)?.[1] ?? 1);
    const detail = e.message.split('\n');
    const what = (detail[detail.length - 1] ?? e.message).replace(/ - \d+:\d+$/, '');
    const unclosed = /got 'EOF'/.test(what) ? lastUnclosedBlock(text) : undefined;
    if (unclosed) {
      problems.add({
        location: { file: at.file, line: (at.line ?? 1) + unclosed.line - 1 },
        message: `template syntax error: {{#${unclosed.name}}} is never closed`,
        hint: `end it with {{/${unclosed.name}}}`,
      });
      return undefined;
    }
    problems.add({
      location: { file: at.file, line: (at.line ?? 1) + rel - 1 },
      message: `template syntax error: ${inWords(what)}`,
      hint: detail.length > 2 ? `near: ${detail[1]!.trim()}` : 'check that every {{#block}} has its {{/block}}',
    });
    return undefined;
  }
}

/** Handlebars' parser's complaint ("Expecting 'CLOSE', ..., got 'INVALID'") said for a person. */
function inWords(what: string): string {
  const mismatch = /^(\S+) doesn't match (\S+)$/.exec(what);
  if (mismatch) return `{{#${mismatch[1]}}} is closed by {{/${mismatch[2]}}}`;
  const got = /^Expecting .*, got '(\w+)'$/.exec(what)?.[1];
  if (got === 'INVALID') return 'a {{ }} is not closed with }}, or holds a character it cannot (a brace, a quote)';
  if (got === 'CLOSE' || got === 'CLOSE_UNESCAPED') return 'a {{ }} is empty, or has one brace too many or too few';
  if (got) return 'a {{ }} cannot be read here';
  return what;
}

/** The innermost `{{#block}}` left open at the end of `text`, for "never closed" messages. */
function lastUnclosedBlock(text: string): { name: string; line: number } | undefined {
  const open: { name: string; line: number }[] = [];
  for (const m of text.matchAll(/\{\{~?\s*([#/])\s*([\w.-]+)/g)) {
    const line = text.slice(0, m.index).split('\n').length;
    if (m[1] === '#') open.push({ name: m[2]!, line });
    else if (open.length && open[open.length - 1]!.name === m[2]) open.pop();
  }
  return open.pop();
}

interface WalkState {
  file: string;
  lineOffset: number;
  partials: Map<string, Partial>;
  /** Where the partials are: the folder "partials" beside the template. */
  partialsDir: string;
  uses: FieldUse[];
  problems: ProblemList;
  /** Wording counts of the {{#vary}} blocks, for the blocks in partials. */
  varyCounts: number[];
  guards?: Set<string>;
  /** Inside #each/#with: plain paths are relative to another context and are not checked. */
  scoped?: boolean;
  partialStack?: string[];
}

/** Where an unknown partial should be, or the one that was meant. */
function partialHint(name: string, s: WalkState): string {
  const meant = nearest(name, [...s.partials.keys()]);
  if (meant) return `did you mean "${meant}" (${s.partials.get(meant)!.file})?`;
  const file = path.join(s.partialsDir, `${name}.hbs`);
  return existsSync(s.partialsDir) ? `write it in ${file}` : `write it in ${file} (a folder "partials" beside the template)`;
}

const KNOWN_HELPERS = new Set<string>([...HELPER_NAMES, ...BUILTIN_BLOCKS, ...BUILTIN_HELPERS]);

/**
 * Walks the template's AST and records every field it reads: in expressions, helper arguments,
 * `#if`/`#each` conditions and partials. Handlebars' strict mode misses most of these.
 */
/** How many arguments each helper takes; what it does with them. */
const HELPER_ARGS: Record<string, { min: number; max: number; role: FieldRole; usage: string }> = {
  date: { min: 1, max: 2, role: 'date', usage: '{{date case.detained "long"}}' },
  yearsSince: { min: 1, max: 1, role: 'date', usage: '{{yearsSince case.detained}}' },
  upper: { min: 1, max: 1, role: 'text', usage: '{{upper case.name}}' },
  lower: { min: 1, max: 1, role: 'text', usage: '{{lower case.name}}' },
  salutation: { min: 0, max: 0, role: 'text', usage: '{{salutation}}' },
  default: { min: 2, max: 2, role: 'text', usage: '{{default recipient.title "Sir"}}' },
  eq: { min: 2, max: 2, role: 'condition', usage: '{{#if (eq recipient.country "Uzbekistan")}}' },
  lookup: { min: 2, max: 2, role: 'list', usage: '{{lookup case.names 0}}' },
  log: { min: 0, max: Infinity, role: 'condition', usage: '{{log case.name}}' },
};
const DATE_STYLE_NAMES = ['long', 'medium', 'short', 'iso', 'year', 'month'];

function walk(node: Node, s: WalkState): void {
  const line = (n: Node) => ({ file: s.file, line: n.loc.start.line + s.lineOffset });
  const value = (n: Node, role: FieldRole, guarded = false) => {
    if (n.type === 'PathExpression') recordPath(n as hbs.AST.PathExpression, s, line(n), role, guarded);
    else if (n.type === 'SubExpression') call(n as hbs.AST.SubExpression, role === 'condition');
  };
  // `inCondition`: the call's result is only tested (`{{#if (eq a b)}}`), so its arguments may be empty.
  const call = (n: hbs.AST.MustacheStatement | hbs.AST.SubExpression | hbs.AST.BlockStatement, inCondition = false) => {
    const head = n.path as hbs.AST.PathExpression;
    const name = head.original;
    if (head.type === 'PathExpression' && !head.data && (name === 'vary' || name === 'or' || name === CHOICE_HELPER)) {
      if (name === CHOICE_HELPER && choiceNodes.has(n)) return;
      // Every well-formed {{#vary}} has been expanded by now, with the {{or}}s directly in it.
      s.problems.add(
        name === 'vary'
          ? { location: line(n), message: '{{vary}} is a block: write {{#vary}}...{{or}}...{{/vary}}', hint: VARY_USAGE }
          : name === 'or'
            ? {
                location: line(n),
                message: n.type === 'BlockStatement' ? '{{or}} is not a block: it separates the wordings of a {{#vary}}' : '{{or}} outside a {{#vary}}',
                hint: `{{or}} separates the wordings of the {{#vary}} it stands directly in (not inside an {{#if}} or {{#each}} in it): ${VARY_USAGE}`,
              }
            : { location: line(n), message: `unknown helper "${name}"`, hint: `helpers: ${HELPER_NAMES.join(', ')}` },
      );
      return;
    }
    const hasArgs = n.params.length > 0 || (n.hash?.pairs.length ?? 0) > 0;
    if (head.type !== 'PathExpression' || (!hasArgs && !KNOWN_HELPERS.has(name) && n.type !== 'BlockStatement')) {
      value(head, inCondition ? 'condition' : 'text');
      return;
    }
    if (!KNOWN_HELPERS.has(name)) {
      const spaced = name.includes('.') && n.params.length > 0;
      s.problems.add({
        location: line(n),
        message: spaced ? `"{{${name} ...}}": a field name has no spaces` : `unknown helper "${name}"`,
        hint: spaced
          ? 'columns are named without spaces: "Last Name" is recipient.last_name'
          : `helpers: ${HELPER_NAMES.join(', ')}, and the blocks #if, #unless, #each, #with, #vary (with {{or}})${suggest(name, [...KNOWN_HELPERS, 'vary'])}`,
      });
      return;
    }
    if (BUILTIN_BLOCKS.has(name)) {
      if (n.type !== 'BlockStatement') {
        s.problems.add({ location: line(n), message: `{{${name}}} is a block: write {{#${name} ...}}...{{/${name}}}` });
        return;
      }
      if (n.params.length !== 1) {
        s.problems.add({ location: line(n), message: `{{#${name}}} needs exactly one value, e.g. {{#${name} recipient.title}}` });
      }
      n.params.forEach((p) => value(p, name === 'each' || name === 'with' ? 'list' : 'condition', true));
      return;
    }
    const spec = HELPER_ARGS[name]!;
    if (n.params.length < spec.min || n.params.length > spec.max) {
      s.problems.add({
        location: line(n),
        message: `{{${name}}} takes ${spec.min === spec.max ? spec.min : `${spec.min} or ${spec.max}`} value${spec.max === 1 ? '' : 's'}, got ${n.params.length}`,
        hint: `for example ${spec.usage}`,
      });
      return;
    }
    if (name === 'eq' && !inCondition) {
      s.problems.add({ location: line(n), message: '{{eq}} gives true or false, which a letter should not print', hint: `use it as a condition: ${spec.usage}` });
      return;
    }
    const style = n.params[1];
    if (name === 'date' && style?.type === 'StringLiteral' && !DATE_STYLE_NAMES.includes((style as hbs.AST.StringLiteral).value)) {
      s.problems.add({
        location: line(n),
        message: `unknown date style "${(style as hbs.AST.StringLiteral).value}"${suggest((style as hbs.AST.StringLiteral).value, DATE_STYLE_NAMES)}`,
        hint: `styles: ${DATE_STYLE_NAMES.join(', ')}`,
      });
    }
    n.params.forEach((p, i) => value(p, i === 0 || name === 'eq' ? spec.role : 'text', inCondition || (name === 'default' && i === 0)));
    n.hash?.pairs.forEach((p) => value(p.value, 'text'));
  };

  switch (node.type) {
    case 'Program':
      (node as hbs.AST.Program).body.forEach((n) => walk(n, s));
      return;
    case 'MustacheStatement':
      call(node as hbs.AST.MustacheStatement);
      return;
    case 'BlockStatement': {
      const b = node as hbs.AST.BlockStatement;
      call(b);
      const name = (b.path as hbs.AST.PathExpression).original;
      const cond = b.params[0]?.type === 'PathExpression' ? (b.params[0] as hbs.AST.PathExpression).original : undefined;
      const guards = new Set(s.guards);
      if (name === 'if' && cond) guards.add(cond.replace(/^@root\./, ''));
      const scoped = s.scoped || name === 'each' || name === 'with';
      if (b.program) walk(b.program, { ...s, guards, scoped });
      if (b.inverse) walk(b.inverse, { ...s, scoped: s.scoped || name === 'with' });
      return;
    }
    case 'PartialStatement':
    case 'PartialBlockStatement': {
      const p = node as hbs.AST.PartialStatement;
      const name = p.name.type === 'PathExpression' ? (p.name as hbs.AST.PathExpression).original : String((p.name as unknown as hbs.AST.StringLiteral).value);
      const partial = s.partials.get(name);
      if (!partial) {
        s.problems.add({
          location: line(node),
          message: `unknown partial "${name}"`,
          hint: partialHint(name, s),
        });
        return;
      }
      p.params.forEach((x) => value(x, 'list'));
      if (s.partialStack?.includes(name)) return;
      if (partial.ast === undefined) {
        partial.ast = parseHandlebars(partial.source, { file: partial.file, line: 1 }, s.problems) ?? null;
        if (partial.ast) expandVary(partial.ast, { file: partial.file, lineOffset: 0, problems: s.problems, counts: s.varyCounts });
      }
      const ast = partial.ast;
      if (ast) {
        walk(ast, {
          ...s,
          file: partial.file,
          lineOffset: 0,
          scoped: s.scoped || p.params.length > 0,
          partialStack: [...(s.partialStack ?? []), name],
        });
      }
      return;
    }
    default:
      return;
  }
}

function recordPath(p: hbs.AST.PathExpression, s: WalkState, location: Location, role: FieldRole, guarded: boolean): void {
  let parts = p.parts;
  if (p.data) {
    if (p.original.startsWith('@root.')) parts = p.original.slice('@root.'.length).split('.');
    else return; // @index, @key, @first: provided by #each
  } else if (s.scoped || p.depth > 0 || p.original === 'this' || p.original.startsWith('this.')) {
    return;
  }
  const [root, ...rest] = parts;
  if (!root) return;
  if (!(CONTEXT_ROOTS as readonly string[]).includes(root)) {
    s.problems.add({
      location,
      message: `unknown field "${p.original}"`,
      hint: `fields start with ${CONTEXT_ROOTS.join('., ')}: e.g. recipient.${root} or case.${root}${suggest(root, [...CONTEXT_ROOTS])}`,
    });
    return;
  }
  const field = rest.join('.');
  s.uses.push({ root, field, location, role, guarded: guarded || !!s.guards?.has(p.original.replace(/^@root\./, '')) });
}

/** A campaign's templates: the one of rows without a language of their own, and those by language. */
export interface TemplateChoice {
  template: LetterTemplate;
  templates: ReadonlyMap<string, LetterTemplate>;
}

/**
 * The template a row's letter is written with: the one for the row's `language` ("de-AT" takes
 * "de-at", else "de"), else the campaign's. Without `templates:` in the case file, the campaign's.
 */
export function templateFor(c: TemplateChoice, values: Record<string, string>): LetterTemplate {
  if (!c.templates?.size) return c.template;
  const tag = languageTag(values.language);
  return (tag && (c.templates.get(tag) ?? c.templates.get(baseLanguage(tag)))) || c.template;
}

/** Every template of a campaign: the campaign's, then those by language. */
export function allTemplates(c: { template?: LetterTemplate; templates?: ReadonlyMap<string, LetterTemplate> }): LetterTemplate[] {
  return [...(c.template ? [c.template] : []), ...(c.templates?.values() ?? [])];
}

/** The rows each template writes to, the templates with rows in the campaign's order. */
export function rowsByTemplate<R extends { values: Record<string, string> }>(c: TemplateChoice & { rows: R[] }): [LetterTemplate, R[]][] {
  const groups = new Map<LetterTemplate, R[]>(allTemplates(c).map((t) => [t, []]));
  for (const row of c.rows) groups.get(templateFor(c, row.values))!.push(row);
  return [...groups].filter(([, rows]) => rows.length > 0 || c.rows.length === 0);
}
