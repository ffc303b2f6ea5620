import { useCallback, useEffect, useState } from 'react';
import { emptyCapture, type Capture } from '../../lib/meeting-types';

const keyFor = (meetingId: string) => `cadence.capture.${meetingId}`;

/** What was captured in the call, kept on this device until the wrap-up sends it. */
export function useCapture(meetingId: string) {
  const [capture, setCapture] = useState<Capture>(() => {
    try {
      const raw = localStorage.getItem(keyFor(meetingId));
      return raw ? { ...emptyCapture(), ...(JSON.parse(raw) as Partial<Capture>) } : emptyCapture();
    } catch {
      return emptyCapture();
    }
  });
  useEffect(() => {
    try {
      localStorage.setItem(keyFor(meetingId), JSON.stringify(capture));
    } catch {
      // storage unavailable: the capture still lives in memory
    }
  }, [meetingId, capture]);
  const update = useCallback((change: (c: Capture) => Capture) => setCapture(change), []);
  const clear = useCallback(() => {
    localStorage.removeItem(keyFor(meetingId));
    setCapture(emptyCapture());
  }, [meetingId]);
  return { capture, update, clear };
}
