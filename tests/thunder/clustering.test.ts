/** Clustering on the local engine. */
import { describe, expect, it } from 'vitest';
import type { EngineOptions } from '../../src/thunder/index.js';
import { fishCases, partitionOf, syntheticCases } from './clustering-cases.js';
import { samePartition } from './clustering-reference.js';

const local = async (): Promise<EngineOptions> => ({});

fishCases(local, [5, 10, 20, 30]);
syntheticCases(local);

describe('local KMeans', () => {
  it('recovers the 4 blobs (the partition the Spark test compares with)', async () => {
    const labels = await partitionOf({});
    expect(samePartition(labels, Array.from({ length: 200 }, (_, i) => Math.floor(i / 50)))).toBe(true);
  });
});
