import { describe, expect, it } from 'vitest';
import { drawQuiz, scoreQuiz } from '../../electron/services/training/quiz.js';
import type { ModuleQuestion } from '../../electron/services/training/contentSchema.js';

const bank: ModuleQuestion[] = Array.from({ length: 12 }, (_, i) => ({
  id: `q${i}`,
  type: i % 3 === 0 ? 'multiple' : i % 3 === 1 ? 'single' : 'truefalse',
  clause: 'c',
  prompt: `Question ${i}`,
  options:
    i % 3 === 2
      ? [
          { id: 't', text: 'True' },
          { id: 'f', text: 'False' },
        ]
      : [
          { id: 'a', text: 'A' },
          { id: 'b', text: 'B' },
          { id: 'c', text: 'C' },
          { id: 'd', text: 'D' },
        ],
  correct: i % 3 === 0 ? ['a', 'c'] : i % 3 === 1 ? ['b'] : ['t'],
  explanation: 'because',
}));

describe('quiz draw and score', () => {
  it('draws the configured number of distinct questions, each with all its options', () => {
    const drawn = drawQuiz(bank, 8);
    expect(drawn).toHaveLength(8);
    expect(new Set(drawn.map((d) => d.id)).size).toBe(8);
    for (const d of drawn)
      expect([...d.order].sort()).toEqual(
        bank
          .find((q) => q.id === d.id)!
          .options.map((o) => o.id)
          .sort(),
      );
  });
  it('draws differ between attempts (fresh draw) and answers are shuffled', () => {
    const draws = Array.from({ length: 20 }, () => drawQuiz(bank, 8));
    expect(new Set(draws.map((d) => d.map((q) => q.id).join())).size).toBeGreaterThan(1);
    const orders = draws
      .flat()
      .filter((d) => d.id === 'q1')
      .map((d) => d.order.join());
    expect(new Set(orders).size).toBeGreaterThan(1);
  });
  it('never draws more than the bank holds', () => {
    expect(drawQuiz(bank.slice(0, 3), 8)).toHaveLength(3);
  });
  it('a question counts only when exactly the correct options are chosen', () => {
    const drawn = [
      { id: 'q0', order: ['a', 'b', 'c', 'd'] },
      { id: 'q1', order: ['a', 'b', 'c', 'd'] },
      { id: 'q2', order: ['t', 'f'] },
      { id: 'q3', order: ['a', 'b', 'c', 'd'] },
    ];
    const r = scoreQuiz(bank, drawn, { q0: ['c', 'a'], q1: ['b'], q2: ['f'], q3: ['a'] });
    expect(r.questions.map((q) => q.isCorrect)).toEqual([true, true, false, false]);
    expect(r.score).toBe(50);
    expect(scoreQuiz(bank, drawn, { q0: ['a', 'b', 'c'] }).questions[0]!.isCorrect).toBe(false);
    expect(scoreQuiz(bank, drawn, {}).score).toBe(0);
  });
  it('ignores answers to questions or options that were not drawn', () => {
    const drawn = [{ id: 'q1', order: ['a', 'b', 'c', 'd'] }];
    expect(scoreQuiz(bank, drawn, { q1: ['b', 'zzz'], q5: ['b'] }).score).toBe(100);
  });
});
