/** Reading the evaluation question sets (JSON Lines) with errors that name the file and line. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { QUESTION_LANGS, type EvalQuestion, type QuestionLang } from './metrics.js';

export const QUESTION_SETS = {
  dev: fileURLToPath(new URL('./questions.jsonl', import.meta.url)),
  /** The engine engineer's own development questions (wording independent of dev and of the engine's glossary). */
  dev2: fileURLToPath(new URL('./dev2.jsonl', import.meta.url)),
  /** A third development set, written later in fresh wording and mostly about facts the other sets do not ask. */
  dev3: fileURLToPath(new URL('./dev3.jsonl', import.meta.url)),
  holdout: fileURLToPath(new URL('./holdout.jsonl', import.meta.url)),
  /** A second held-out set, written independently of the engine and of the other two sets. */
  holdout2: fileURLToPath(new URL('./holdout2.jsonl', import.meta.url)),
  /** 100 fresh questions written blind to the engine (2026-11-30); the development half of a 219-question set. */
  dev4: fileURLToPath(new URL('./dev4.jsonl', import.meta.url)),
  /** The sealed other half of that set: measured before and after an engine round, never read by its engineers. */
  holdout3: fileURLToPath(new URL('./holdout3.jsonl', import.meta.url)),
  /**
   * Two more sets of 150, each written by its own writer who read only the five documents (2026-11-30, second
   * round): dev5 is for development; holdout4, by the other writer, is sealed like holdout3.
   */
  dev5: fileURLToPath(new URL('./dev5.jsonl', import.meta.url)),
  holdout4: fileURLToPath(new URL('./holdout4.jsonl', import.meta.url)),
  /** 120 more by a third blind writer, measured once untouched (a mid-round check of generalisation), then for development. */
  dev6: fileURLToPath(new URL('./dev6.jsonl', import.meta.url)),
  /**
   * Third round (2026-11-30), three more blind writers: holdout5 (sealed, measured at the start and the end of the
   * round), dev7 for development (questions it shared word for word with holdout5 removed), and dev8, 120 English
   * questions in everyday wording — English being the weakest language on every fresh set.
   */
  holdout5: fileURLToPath(new URL('./holdout5.jsonl', import.meta.url)),
  dev7: fileURLToPath(new URL('./dev7.jsonl', import.meta.url)),
  dev8: fileURLToPath(new URL('./dev8.jsonl', import.meta.url)),
  /**
   * A fourth sealed set, written by an eighth blind writer late in the third round (exact duplicates of older sets
   * removed) and measured on the engine of the round's start and of its end, so that the whole round is judged on
   * questions nobody had seen while making it.
   */
  holdout6: fileURLToPath(new URL('./holdout6.jsonl', import.meta.url)),
  /**
   * A fifth sealed set, written by a ninth blind writer after the third round's engine work and measured once, on
   * its final engine: the "before" of the next round.
   */
  holdout7: fileURLToPath(new URL('./holdout7.jsonl', import.meta.url)),
  /**
   * Fourth round (2026-11-30), three more blind writers: holdout8 (sealed, measured once at the end of the round),
   * dev9 and dev10 (measured untouched at the round's start, then for development). Exact duplicates of older
   * sets removed.
   */
  holdout8: fileURLToPath(new URL('./holdout8.jsonl', import.meta.url)),
  dev9: fileURLToPath(new URL('./dev9.jsonl', import.meta.url)),
  dev10: fileURLToPath(new URL('./dev10.jsonl', import.meta.url)),
  /**
   * Two more blind writers in the middle of the fourth round: dev11 (measured untouched when it arrived, a check
   * that the round's changes carry over, then for development) and holdout9 (sealed, measured once at the end).
   */
  dev11: fileURLToPath(new URL('./dev11.jsonl', import.meta.url)),
  holdout9: fileURLToPath(new URL('./holdout9.jsonl', import.meta.url)),
  /** One more, late in the fourth round: measured untouched on arrival (a second check that the changes carry over). */
  dev12: fileURLToPath(new URL('./dev12.jsonl', import.meta.url)),
  /**
   * A sealed set written after the fourth round's engine work, measured once on that round's start engine and once on
   * its final engine.
   */
  holdout10: fileURLToPath(new URL('./holdout10.jsonl', import.meta.url)),
  /**
   * Fifth round (2026-11-30), blind writers again: holdout11 and holdout12 (sealed, measured once on the round's start
   * engine and once at its end), dev13 and dev14 (measured untouched on arrival, then for development).
   */
  holdout11: fileURLToPath(new URL('./holdout11.jsonl', import.meta.url)),
  holdout12: fileURLToPath(new URL('./holdout12.jsonl', import.meta.url)),
  dev13: fileURLToPath(new URL('./dev13.jsonl', import.meta.url)),
  dev14: fileURLToPath(new URL('./dev14.jsonl', import.meta.url)),
  /**
   * Two more blind writers mid-round: holdout13 (sealed, written after most of the round's engine work, measured once on
   * the round's start engine and once at its end) and dev15 (measured untouched on arrival, then for development).
   */
  holdout13: fileURLToPath(new URL('./holdout13.jsonl', import.meta.url)),
  dev15: fileURLToPath(new URL('./dev15.jsonl', import.meta.url)),
  /** A sealed set written after the fifth round's engine work, measured once on that round's start engine and once on its final engine. */
  holdout14: fileURLToPath(new URL('./holdout14.jsonl', import.meta.url)),
  /**
   * Sixth round, four blind writers at its start: holdout15 and holdout16 (sealed, measured once on the round's start
   * engine and once at its end) and dev16, dev17 (measured untouched at the start, then for development).
   */
  holdout15: fileURLToPath(new URL('./holdout15.jsonl', import.meta.url)),
  holdout16: fileURLToPath(new URL('./holdout16.jsonl', import.meta.url)),
  dev16: fileURLToPath(new URL('./dev16.jsonl', import.meta.url)),
  dev17: fileURLToPath(new URL('./dev17.jsonl', import.meta.url)),
  /** A fifth writer mid-round: dev18, measured untouched on arrival on the start and the then-current engine, then for development. */
  dev18: fileURLToPath(new URL('./dev18.jsonl', import.meta.url)),
  /** A sealed set written after most of the sixth round's engine work, measured once on that round's start engine and once on its final engine. */
  holdout17: fileURLToPath(new URL('./holdout17.jsonl', import.meta.url)),
  /**
   * Seventh round (six writers at its start): holdout18, holdout19 and holdout20 sealed (measured once on the round's start
   * engine and once at its end); dev19, dev20 and dev21 measured untouched at the start, then for development.
   */
  holdout18: fileURLToPath(new URL('./holdout18.jsonl', import.meta.url)),
  holdout19: fileURLToPath(new URL('./holdout19.jsonl', import.meta.url)),
  holdout20: fileURLToPath(new URL('./holdout20.jsonl', import.meta.url)),
  dev19: fileURLToPath(new URL('./dev19.jsonl', import.meta.url)),
  dev20: fileURLToPath(new URL('./dev20.jsonl', import.meta.url)),
  dev21: fileURLToPath(new URL('./dev21.jsonl', import.meta.url)),
  /**
   * Eighth round (six writers at its start): holdout21, holdout22 and holdout23 sealed (measured once on the round's start
   * engine and once at its end); dev22, dev23 and dev24 measured untouched at the start, then for development.
   */
  holdout21: fileURLToPath(new URL('./holdout21.jsonl', import.meta.url)),
  holdout22: fileURLToPath(new URL('./holdout22.jsonl', import.meta.url)),
  holdout23: fileURLToPath(new URL('./holdout23.jsonl', import.meta.url)),
  dev22: fileURLToPath(new URL('./dev22.jsonl', import.meta.url)),
  dev23: fileURLToPath(new URL('./dev23.jsonl', import.meta.url)),
  dev24: fileURLToPath(new URL('./dev24.jsonl', import.meta.url)),
  /**
   * Ninth round (six writers at its start): holdout24, holdout25 and holdout26 sealed (measured once on the round's start
   * engine and once at its end); dev25, dev26 and dev27 measured untouched at the start, then for development.
   */
  holdout24: fileURLToPath(new URL('./holdout24.jsonl', import.meta.url)),
  holdout25: fileURLToPath(new URL('./holdout25.jsonl', import.meta.url)),
  holdout26: fileURLToPath(new URL('./holdout26.jsonl', import.meta.url)),
  dev25: fileURLToPath(new URL('./dev25.jsonl', import.meta.url)),
  dev26: fileURLToPath(new URL('./dev26.jsonl', import.meta.url)),
  dev27: fileURLToPath(new URL('./dev27.jsonl', import.meta.url)),
  /**
   * Tenth round (six writers at its start): holdout27, holdout28 and holdout29 sealed (measured once on the round's start
   * engine and once at its end); dev28, dev29 and dev30 measured untouched at the start, then for development.
   */
  holdout27: fileURLToPath(new URL('./holdout27.jsonl', import.meta.url)),
  holdout28: fileURLToPath(new URL('./holdout28.jsonl', import.meta.url)),
  holdout29: fileURLToPath(new URL('./holdout29.jsonl', import.meta.url)),
  dev28: fileURLToPath(new URL('./dev28.jsonl', import.meta.url)),
  dev29: fileURLToPath(new URL('./dev29.jsonl', import.meta.url)),
  dev30: fileURLToPath(new URL('./dev30.jsonl', import.meta.url)),
} as const;
export type SetName = keyof typeof QUESTION_SETS;
export const ALL_SETS = Object.keys(QUESTION_SETS) as SetName[];
/** Sets whose questions are hidden from the printed misses unless `--reveal-holdout` is given. */
export const HELD_OUT_SETS: ReadonlySet<SetName> = new Set<SetName>(['holdout', 'holdout2', 'holdout3', 'holdout4', 'holdout5', 'holdout6', 'holdout7', 'holdout8', 'holdout9', 'holdout10', 'holdout11', 'holdout12', 'holdout13', 'holdout14', 'holdout15', 'holdout16', 'holdout17', 'holdout18', 'holdout19', 'holdout20', 'holdout21', 'holdout22', 'holdout23', 'holdout24', 'holdout25', 'holdout26', 'holdout27', 'holdout28', 'holdout29']);

export function parseQuestions(text: string, file: string): EvalQuestion[] {
  const questions: EvalQuestion[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const where = `${file}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new Error(`${where}: not valid JSON (${(error as Error).message})`);
    }
    const question = checkQuestion(value, where);
    if (seen.has(question.id)) throw new Error(`${where}: duplicate id ${question.id}`);
    seen.add(question.id);
    questions.push(question);
  });
  return questions;
}

function checkQuestion(value: unknown, where: string): EvalQuestion {
  if (typeof value !== 'object' || value === null) throw new Error(`${where}: expected an object`);
  const v = value as Record<string, unknown>;
  const fail = (why: string): never => {
    throw new Error(`${where}: ${why}`);
  };
  if (typeof v.id !== 'string' || v.id === '') fail('"id" must be a non-empty string');
  if (typeof v.q !== 'string' || v.q.trim() === '') fail('"q" must be a non-empty string');
  if (!(QUESTION_LANGS as readonly unknown[]).includes(v.lang)) fail(`"lang" must be one of ${QUESTION_LANGS.join(', ')}`);
  if (typeof v.inScope !== 'boolean') fail('"inScope" must be true or false');
  if (!Array.isArray(v.expect) || !v.expect.every((p) => typeof p === 'string' && p.trim() !== '')) {
    fail('"expect" must be a list of non-empty strings');
  }
  const expect = v.expect as string[];
  if (v.inScope === true && expect.length === 0) fail('an in-scope question needs at least one expected phrase');
  if (v.inScope === false && expect.length > 0) fail('an out-of-scope question must have "expect": []');
  if (v.doc !== undefined && (typeof v.doc !== 'string' || v.doc === '')) fail('"doc" must be a catalogue id');
  return {
    id: v.id as string,
    q: v.q as string,
    lang: v.lang as QuestionLang,
    inScope: v.inScope as boolean,
    expect,
    ...(v.doc === undefined ? {} : { doc: v.doc as string }),
  };
}

export function loadQuestionSet(name: SetName): EvalQuestion[] {
  const file = QUESTION_SETS[name];
  return parseQuestions(readFileSync(file, 'utf8'), file);
}
