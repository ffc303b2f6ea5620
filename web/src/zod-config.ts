import { z } from 'zod';

// The app runs under a CSP without 'unsafe-eval': zod's compiled parsers probe `new Function`, and the
// browser reports that probe as a CSP violation even though zod catches it. The plain parsers are fast enough here.
z.config({ jitless: true });
