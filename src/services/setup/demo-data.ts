import type { Account, Actor, Contact, ContactRole, Deployment, Segment, Stage, TeamMember } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { countAccounts, insertAccount } from '../../store/accounts.repo.ts';
import { insertContact } from '../../store/contacts.repo.ts';
import { countUsers, findUserByEmail } from '../../store/users.repo.ts';
import { HISTORY_ACCOUNTS, loadDemoHistory, storyAccountOf } from './demo-history.ts';
import { runPlaybook } from '../team/cadence-engine.ts';
import { recordChange } from '../record-change.ts';
import { firstSharedSlot } from '../../domain/calendar/working-hours.ts';
import { addUser } from '../users/users.ts';

export const DEMO_PASSWORD = 'cadence-demo-2026';
export const DEMO_LOGIN = 'maria.manager@cadence.demo';
export const DEMO_CSM_LOGIN = 'sam.csm@cadence.demo';

const DEMO_USERS = [
  { email: 'ada.admin@cadence.demo', name: 'Ada Admin', role: 'admin', timezone: 'Europe/London' },
  { email: DEMO_LOGIN, name: 'Maria Lopez', role: 'manager', timezone: 'America/New_York' },
  { email: DEMO_CSM_LOGIN, name: 'Sam Okafor', role: 'csm', timezone: 'America/Chicago', reportsTo: DEMO_LOGIN },
  { email: 'priya.csm@cadence.demo', name: 'Priya Raman', role: 'csm', timezone: 'Europe/Berlin', reportsTo: DEMO_LOGIN },
  { email: 'leo.csm@cadence.demo', name: 'Leo Chen', role: 'csm', timezone: 'Asia/Singapore', reportsTo: DEMO_LOGIN },
  { email: 'ana.ae@cadence.demo', name: 'Ana Silva', role: 'csm', timezone: 'America/New_York' },
  { email: 'victor.viewer@cadence.demo', name: 'Victor Vance', role: 'viewer', timezone: 'UTC' },
] as const;

/** The demo book: distinct names, each with its industry (carried as a tag). */
const COMPANIES: readonly (readonly [name: string, industry: string])[] = [
  ['Globex', 'manufacturing'],
  ['Initech', 'software'],
  ['Umbrella Health', 'healthcare'],
  ['Stark Logistics', 'logistics'],
  ['Wayne Analytics', 'analytics'],
  ['Acme Retail', 'retail'],
  ['Hooli Cloud', 'software'],
  ['Soylent Foods', 'food'],
  ['Tyrell Robotics', 'robotics'],
  ['Cyberdyne Systems', 'defence'],
  ['Wonka Confections', 'food'],
  ['Massive Dynamic', 'research'],
  ['Gringotts Bank', 'financial-services'],
  ['Oceanic Airlines', 'travel'],
  ['Vandelay Industries', 'manufacturing'],
  ['Pied Piper', 'software'],
  ['Aperture Labs', 'research'],
  ['Black Mesa Energy', 'energy'],
  ['Nakatomi Trading', 'financial-services'],
  ['Monarch Insurance', 'insurance'],
  ['Dunder Paper', 'manufacturing'],
  ['Prestige Worldwide', 'media'],
  ['Sterling Cooper', 'media'],
  ['Bluth Homes', 'real-estate'],
  ['Krusty Kitchens', 'food'],
  ['Virtucon', 'manufacturing'],
  ['Rekall Travel', 'travel'],
  ['Weyland Mining', 'energy'],
  ['Omni Consumer', 'retail'],
  ['Sirius Cybernetics', 'robotics'],
  ['Blue Sun', 'energy'],
  ['Gekko Capital', 'financial-services'],
  ['Wernham Hogg', 'manufacturing'],
  ['Los Pollos Group', 'food'],
  ['Duff Beverages', 'food'],
  ['Nuka Cola', 'food'],
  ['Fringe Biotech', 'healthcare'],
  ['Capsule Corp', 'research'],
  ['Ollivanders Tools', 'retail'],
  ['Ghostbusters Facilities', 'public-sector'],
];

const FIRST = ['Alex', 'Jordan', 'Taylor', 'Morgan', 'Casey', 'Riley', 'Jamie', 'Avery', 'Quinn', 'Drew', 'Hana', 'Omar', 'Lena', 'Marco', 'Ines', 'Yuki'];
const LAST = ['Nguyen', 'Schmidt', 'Garcia', 'Kowalski', 'Dubois', 'Tanaka', 'Okoye', 'Rossi', 'Andersen', 'Patel', 'Murphy', 'Haddad'];
const TITLES: [string, ContactRole][] = [
  ['VP Engineering', 'economic_buyer'],
  ['Director of Platform', 'champion'],
  ['DevOps Lead', 'admin'],
  ['Staff Engineer', 'user'],
  ['Security Engineer', 'user'],
];
/** Accounts the demo manager owns herself (two of them with history, so her My day has work). */
const MANAGER_OWNS = new Set([3, 7, 19, 27]);
const TAGS = ['strategic', 'expansion', 'reference', 'emea', 'amer', 'apac', 'fedramp', 'migration'];
const ZONES = ['America/New_York', 'America/Los_Angeles', 'Europe/Berlin', 'Europe/London', 'Asia/Tokyo', 'Australia/Sydney'];

/** A small deterministic generator, so every demo looks the same and tests can rely on it. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function addDays(date: Date, days: number): string {
  return new Date(date.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

export interface DemoResult {
  loaded: boolean;
  users: number;
  accounts: number;
  contacts: number;
}

/**
 * Loads a realistic team and book of business into an empty database. Does nothing when users
 * already exist, so a restart never duplicates the demo.
 */
export async function loadDemoData(deps: Deps, actor: Actor): Promise<DemoResult> {
  if ((await countUsers(deps.store.db)) > 0 || (await countAccounts(deps.store.db)) > 0) {
    return { loaded: false, users: 0, accounts: 0, contacts: 0 };
  }
  const random = seededRandom(2026);
  const ids = new Map<string, string>();
  const zoneOf = new Map<string, string>();
  for (const u of DEMO_USERS) {
    const managerId = 'reportsTo' in u ? ids.get(u.reportsTo) : undefined;
    const user = await addUser(deps, actor, {
      email: u.email,
      name: u.name,
      role: u.role,
      timezone: u.timezone,
      managerId: managerId ?? null,
      password: DEMO_PASSWORD,
    });
    ids.set(u.email, user.id);
    zoneOf.set(user.id, u.timezone);
  }
  const csms = [DEMO_CSM_LOGIN, 'priya.csm@cadence.demo', 'leo.csm@cadence.demo', 'ana.ae@cadence.demo'].map((e) => ids.get(e) as string);
  const ae = ids.get('ana.ae@cadence.demo') as string;
  const today = deps.now();
  let contacts = 0;
  const made: Account[] = [];

  await deps.store.db.transaction().execute(async (tx) => {
    for (const [i, [name, industry]] of COMPANIES.entries()) {
      const segment: Segment = i % 3 === 0 ? 'enterprise' : i % 3 === 1 ? 'commercial' : pick(random, ['enterprise', 'commercial', 'scale'] as const);
      const randomStage: Stage = pick(random, ['onboarding', 'adoption', 'steady', 'steady', 'renewal', 'at_risk'] as const);
      // The accounts with history follow their arc (onboarding, a renewal at risk …).
      const arc = i < HISTORY_ACCOUNTS ? storyAccountOf(i) : undefined;
      const stage: Stage = arc?.stage ?? randomStage;
      const deployment: Deployment = pick(random, ['saas', 'saas', 'self_managed', 'dedicated'] as const);
      const bought = segment === 'enterprise' ? 500 + Math.floor(random() * 4500) : segment === 'commercial' ? 50 + Math.floor(random() * 450) : 10 + Math.floor(random() * 40);
      // The manager keeps a few strategic accounts herself, as small teams' managers do.
      const ownerId = MANAGER_OWNS.has(i) ? (ids.get(DEMO_LOGIN) as string) : (csms[i % csms.length] as string);
      const team: TeamMember[] = [{ userId: ownerId, role: 'csm' }];
      if (ownerId !== ae) team.push({ userId: ae, role: 'ae' });
      const contractStart = addDays(today, -Math.floor(30 + random() * 600));
      // In the book since a few weeks (the history plays from then): cadences fall due, some late.
      const at = new Date(today.getTime() - (i < HISTORY_ACCOUNTS ? 40 : 6 + ((i * 7) % 30)) * 86_400_000).toISOString();
      const account: Account = {
        id: deps.newId(),
        name,
        segment,
        stage,
        deployment,
        productVersion: deployment === 'saas' ? null : `17.${Math.floor(random() * 6)}.${Math.floor(random() * 4)}`,
        arr: Math.round((bought * (segment === 'enterprise' ? 290 : 190)) / 1000) * 1000,
        renewalDate: addDays(today, arc?.renewalInDays ?? Math.floor(10 + random() * 360)),
        contractStartDate: contractStart,
        licencesBought: bought,
        licencesUsed: Math.floor(bought * (0.2 + random() * 0.85)),
        ownerId,
        // A zone that shares working hours with the owner's, so the demo books no call at 2 AM.
        timezone: pick(
          random,
          ZONES.filter((z) => firstSharedSlot(today, [z, zoneOf.get(ownerId) ?? 'UTC'])),
        ),
        securityAlertsOptIn: random() > 0.4,
        healthColour: null,
        healthScore: null,
        externalId: `CRM-${String(1000 + i)}`,
        crmId: `00Q${String(5000 + i)}`,
        tags: [...new Set([industry, pick(random, TAGS), ...(random() > 0.5 ? [pick(random, TAGS)] : [])])].sort(),
        team,
        archivedAt: null,
        createdAt: at,
        updatedAt: at,
      };
      await insertAccount(tx, account);
      made.push(account);
      await recordChange(tx, deps, actor, {
        accountId: account.id,
        action: 'account.created',
        entityType: 'account',
        entityId: account.id,
        before: null,
        after: account,
        summary: `Account ${account.name} created (demo data)`,
      });
      const domain = `${name.toLowerCase().replace(/[^a-z]+/g, '')}.example`;
      for (const [j, [title, role]] of TITLES.slice(0, 3 + (i % 3)).entries()) {
        const first = pick(random, FIRST);
        const last = pick(random, LAST);
        const contact: Contact = {
          id: deps.newId(),
          accountId: account.id,
          name: `${first} ${last}`,
          email: `${first}.${last}.${j}@${domain}`.toLowerCase(),
          title,
          role,
          status: 'active',
          phone: null,
          externalId: `${account.externalId}-C${j + 1}`,
          archivedAt: null,
          createdAt: at,
          updatedAt: at,
        };
        await insertContact(tx, contact);
        contacts += 1;
      }
    }
  });
  await loadDemoHistory(deps, made);
  // The playbook's tasks now, as the scheduled run would make them a minute after start.
  await runPlaybook(deps);
  return { loaded: true, users: DEMO_USERS.length, accounts: COMPANIES.length, contacts };
}

export async function isDemoUser(deps: Deps): Promise<boolean> {
  return (await findUserByEmail(deps.store.db, DEMO_LOGIN)) !== undefined;
}
