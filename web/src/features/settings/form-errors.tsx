import { ApiError } from '../../lib/api-client';

export interface FieldProblem {
  message: string;
  /** The field the server named (relative to what was sent), e.g. "touchFloorDays" or "renewal.daysBefore.0". */
  field?: string;
}

export const problemOf = (e: unknown): FieldProblem => (e instanceof ApiError ? { message: e.message, field: e.field } : { message: 'Cadence could not be reached' });

/** Whether the server's complaint is about this field (or something inside it). */
export function isAbout(problem: FieldProblem | null, field: string): boolean {
  if (!problem?.field) return false;
  return problem.field === field || problem.field.startsWith(`${field}.`);
}

/** Props that tie an input to the error shown next to it. */
export function invalidProps(problem: FieldProblem | null, field: string, id: string) {
  return isAbout(problem, field) ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` } : {};
}

/** The server's message, shown next to the field it names. */
export function FieldError({ problem, field, id }: { problem: FieldProblem | null; field: string; id: string }) {
  if (!isAbout(problem, field)) return null;
  return (
    <span id={`${id}-error`} className="field-error" role="alert">
      {problem!.message}
    </span>
  );
}

/** An error no field on the form claims. */
export function FormError({ problem, fields }: { problem: FieldProblem | null; fields: string[] }) {
  if (!problem || fields.some((f) => isAbout(problem, f))) return null;
  return (
    <p className="error" role="alert">
      {problem.message}
    </p>
  );
}
