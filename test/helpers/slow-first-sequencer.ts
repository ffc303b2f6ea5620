import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The few files that take minutes, started first: on a fresh clone (CI) vitest has no timings
 * cached and orders by file size, so the 50-kill crash test began last and ran alone for four
 * minutes at the end. Started first, it runs beside everything else on the other worker.
 */
const SLOWEST_FIRST = [
  'test/operations/crash-outbox.test.ts',
  'test/operations/backup-restore.test.ts',
  'test/security/hostile-input-fields.test.ts',
  'test/security/authz-matrix.test.ts',
  'test/e2e/book-table.e2e.test.ts',
  'test/api/transcript-limits-api.test.ts',
];

function rank(spec: TestSpecification): number {
  const i = SLOWEST_FIRST.findIndex((path) => spec.moduleId.endsWith(path));
  return i === -1 ? SLOWEST_FIRST.length : i;
}

export class SlowestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    // A stable sort: the rest keep vitest's own order (failed, then longest, first).
    return base
      .map((spec, i) => ({ spec, i, r: rank(spec) }))
      .sort((a, b) => a.r - b.r || a.i - b.i)
      .map((x) => x.spec);
  }
}
