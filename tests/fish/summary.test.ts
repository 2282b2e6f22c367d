/** The notebook-vs-ours table: number formats, the difference column, and alignment. */
import { describe, expect, it } from 'vitest';
import { Summary, difference, formatShape, formatTable, formatValue, formatVector, significantDigits } from '../../src/fish/summary.js';

describe('summary values', () => {
  it('prints shapes and vectors as Python and numpy do', () => {
    expect(formatShape([20, 2, 76, 87])).toBe('(20, 2, 76, 87)');
    expect(formatShape([20])).toBe('(20,)');
    expect(formatVector([26, 26, 25])).toBe('[26 26 25]');
    expect(formatVector([1, 2, 3, 4, 5, 6, 7], 4)).toBe('[1 2 ... 6 7]');
    expect(formatVector([0.123456])).toBe('[0.1235]');
  });

  it('keeps integers whole and rounds other numbers to significant digits', () => {
    expect(formatValue(13224)).toBe('13224');
    expect(formatValue(336.88764199)).toBe('336.888');
    expect(formatValue(0.00017280730252757808)).toBe('0.000172807');
    expect(formatValue(NaN)).toBe('NaN');
    expect(formatValue('(5898, 20)')).toBe('(5898, 20)');
  });

  it('counts the significant digits a number was printed with', () => {
    expect(significantDigits(20.80931282)).toBe(10);
    expect(significantDigits(0.4)).toBe(1);
    expect(significantDigits(0.000304580735977)).toBe(12);
    expect(significantDigits(25)).toBe(2);
  });

  it('calls numbers the same at the precision the notebook printed', () => {
    expect(difference(0.4, 0.39999999999999997)).toBe('same');
    expect(difference(20.80931282, 20.809312819024083)).toBe('same');
    expect(difference(25.8, 25.85)).toBe('+0.2 %');
    // (336.1 - 336.88764199) / 336.88764199 = -0.2338 %
    expect(difference(336.88764199, 336.1)).toBe('-0.2 %');
    // 1 % of 532.18770541 is 5.3218770541
    expect(difference(532.18770541, 532.18770541 * 1.01)).toBe('+1.0 %');
    expect(difference(0.0430312721059, 0.0430312721059 * (1 - 0.0004))).toBe('-0.040 %');
  });

  it('compares text exactly and leaves incomparable pairs blank', () => {
    expect(difference('(2, 76, 87)', '(2, 76, 87)')).toBe('same');
    expect(difference('[4 5 6 7]', '[4 5 6]')).toBe('differs');
    expect(difference('−0.056 (random)', -0.2)).toBe('');
    expect(difference('', '(10, 20)')).toBe('');
    expect(difference(0, 1)).toBe('');
  });
});

describe('summary table', () => {
  it('pads columns to their widest cell under a rule', () => {
    const text = formatTable(['a', 'bb'], [['xxx', 'y'], ['z', '']]);
    expect(text.split('\n')).toEqual(['a    bb', '---  --', 'xxx  y', 'z']);
  });

  it('cuts cells longer than the limit with an ellipsis', () => {
    expect(formatTable(['c'], [['abcdefgh']], 5).split('\n')[2]).toBe('abcd…');
  });

  it('lists rows in the order they were added, with the difference', () => {
    const s = new Summary().add('In [1]', 'number of images', 20, 20).add('Q17', 'voxels kept', '(5898, 20)', '(5897, 20)');
    const lines = s.toText().split('\n');
    expect(lines[0]).toMatch(/^where\s+quantity\s+notebook\s+thunder-connect\s+difference$/);
    expect(lines[2]).toMatch(/^In \[1\]\s+number of images\s+20\s+20\s+same$/);
    expect(lines[3]).toMatch(/^Q17\s+voxels kept\s+\(5898, 20\)\s+\(5897, 20\)\s+differs$/);
  });
});
