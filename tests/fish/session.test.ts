/** Which notebook question a tagged paragraph, caption or summary row belongs to (cell numbers read off the Thunder notebook). */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/common/errors.js';
import { FishSession, questionOfTag } from '../../src/fish/session.js';

describe('questionOfTag', () => {
  it('reads question tags, sub-question letters included', () => {
    expect(questionOfTag('Q1b, the choice of imshow’s parameters')).toBe(1);
    expect(questionOfTag('Q19b and g, plane 0: …')).toBe(19);
    expect(questionOfTag('Q11–Q12: error 1 = …')).toBe(11);
  });

  it('maps notebook cells to the question they follow', () => {
    // In [2] (draw the first image) precedes Question 1; In [8]–[11] open section 2.2 with Question 5; In [13]–[22] follow Question 6;
    // In [114] and In [26]–[28] answer Question 8 (the background's noise level).
    expect(questionOfTag('In [2], draw_tile: …')).toBe(1);
    expect(questionOfTag('In [7]')).toBe(4);
    expect(questionOfTag('In [10]')).toBe(5);
    expect(questionOfTag('In [17]: statistics across voxels')).toBe(6);
    expect(questionOfTag('In [22]')).toBe(6);
    expect(questionOfTag('In [26]–[27]: the two corners')).toBe(8);
    expect(questionOfTag('In [28]')).toBe(8);
  });

  it('leaves untagged text unattributed', () => {
    expect(questionOfTag('The bright shape is the fish brain')).toBeUndefined();
  });
});

describe('FishSession', () => {
  it('rejects question numbers outside 1..21 and bad demo flags by name', async () => {
    const steps = { step: <T,>(_l: string, f: () => Promise<T>) => f(), log: () => undefined };
    const fish = new FishSession(undefined, steps);
    await expect(fish.question(0)).rejects.toThrow(InvalidArgumentError);
    await expect(fish.question(2.5)).rejects.toThrow(/question\(n\)/);
    expect(() => new FishSession(undefined, steps, { colour: 'red' })).toThrow(/--colour/);
    expect(() => new FishSession(undefined, steps, { k: '1' })).toThrow(/--k/);
  });
});
