/**
 * Free-mail and calendar-system domains: an address there says nothing about which customer a
 * person works for. The default of the workspace's never-customer domains (`cadence calendar
 * never-customer --set`), which calendar sync and mail capture share: one list, so an address
 * that decides nothing in one never decides an account in the other.
 */
export const DEFAULT_NEVER_CUSTOMER_DOMAINS = [
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'ymail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'mail.com',
  'yandex.ru',
  'qq.com',
  '163.com',
  'fastmail.com',
  'zoho.com',
  'calendar.google.com',
  'group.calendar.google.com',
  'resource.calendar.google.com',
] as const;
