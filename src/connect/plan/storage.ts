/** Storage levels for `df.persist(level)`, as Spark's `StorageLevel`. */
import type { ProtoStorageLevel, ProtoStorageLevel__Output } from './proto.js';

export interface StorageLevel {
  readonly useDisk: boolean;
  readonly useMemory: boolean;
  readonly useOffHeap: boolean;
  /** Kept as JVM objects (faster to read, larger) rather than serialized bytes. */
  readonly deserialized: boolean;
  readonly replication: number;
}

const level = (useDisk: boolean, useMemory: boolean, useOffHeap: boolean, deserialized: boolean, replication = 1): StorageLevel =>
  Object.freeze({ useDisk, useMemory, useOffHeap, deserialized, replication });

export const StorageLevels = Object.freeze({
  NONE: level(false, false, false, false),
  DISK_ONLY: level(true, false, false, false),
  DISK_ONLY_2: level(true, false, false, false, 2),
  DISK_ONLY_3: level(true, false, false, false, 3),
  MEMORY_ONLY: level(false, true, false, false),
  MEMORY_ONLY_2: level(false, true, false, false, 2),
  MEMORY_AND_DISK: level(true, true, false, false),
  MEMORY_AND_DISK_2: level(true, true, false, false, 2),
  /** What `cache()` uses, as in PySpark. */
  MEMORY_AND_DISK_DESER: level(true, true, false, true),
  OFF_HEAP: level(true, true, true, false),
});

export function toProtoStorageLevel(l: StorageLevel): ProtoStorageLevel {
  return { useDisk: l.useDisk, useMemory: l.useMemory, useOffHeap: l.useOffHeap, deserialized: l.deserialized, replication: l.replication };
}

export function fromProtoStorageLevel(p: ProtoStorageLevel__Output | undefined): StorageLevel {
  return level(p?.useDisk ?? false, p?.useMemory ?? false, p?.useOffHeap ?? false, p?.deserialized ?? false, p?.replication ?? 0);
}
