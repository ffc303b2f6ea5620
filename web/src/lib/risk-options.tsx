import { label } from './format';
import { RISK_TYPES, SEVERITIES } from './meeting-types';

/** The options of a risk-type select, in the words CSMs use ("champion leaving"). */
export function RiskTypeOptions() {
  return (
    <>
      {RISK_TYPES.map((t) => (
        <option key={t} value={t}>
          {label(t)}
        </option>
      ))}
    </>
  );
}

/** The options of a severity select. */
export function SeverityOptions() {
  return (
    <>
      {SEVERITIES.map((s) => (
        <option key={s} value={s}>
          {s}
        </option>
      ))}
    </>
  );
}
