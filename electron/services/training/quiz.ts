/** Drawing and scoring quizzes. Pure: the random source is passed in. */
import { randomInt } from 'node:crypto';
import type { ModuleQuestion } from './contentSchema.js';

export type RandomInt = (maxExclusive: number) => number;
export const secureRandom: RandomInt = (max) => randomInt(max);

export interface DrawnQuestion {
  id: string;
  /** Option ids in the order shown to the learner. */
  order: string[];
}

export function shuffle<T>(items: readonly T[], random: RandomInt): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A random subset of the bank, shuffled, each with its answers in random order. */
export function drawQuiz(bank: readonly ModuleQuestion[], size: number, random: RandomInt = secureRandom): DrawnQuestion[] {
  const picked = shuffle(bank, random).slice(0, Math.min(size, bank.length));
  return picked.map((q) => ({
    id: q.id,
    // True/false keeps its natural order; shuffling it only confuses.
    order:
      q.type === 'truefalse'
        ? q.options.map((o) => o.id)
        : shuffle(
            q.options.map((o) => o.id),
            random,
          ),
  }));
}

export interface ScoredQuestion {
  id: string;
  chosen: string[];
  correct: string[];
  isCorrect: boolean;
}

/** A question counts only when exactly the correct options are chosen. Score is a whole percent. */
export function scoreQuiz(bank: readonly ModuleQuestion[], drawn: readonly DrawnQuestion[], answers: Record<string, string[]>) {
  const byId = new Map(bank.map((q) => [q.id, q]));
  const questions: ScoredQuestion[] = drawn.map((d) => {
    const q = byId.get(d.id);
    if (!q) throw new Error(`question ${d.id} is not in the module`);
    const chosen = [...new Set(answers[d.id] ?? [])].filter((id) => d.order.includes(id)).sort();
    const correct = [...q.correct].sort();
    const isCorrect = chosen.length === correct.length && chosen.every((c, i) => c === correct[i]);
    return { id: d.id, chosen, correct, isCorrect };
  });
  const correctCount = questions.filter((q) => q.isCorrect).length;
  const score = questions.length === 0 ? 0 : Math.round((correctCount / questions.length) * 100);
  return { questions, correctCount, score };
}
