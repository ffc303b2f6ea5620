/** The book of business's columns, as the table shows them and its export writes them. */
export const BOOK_COLUMN_TITLES = {
  health: 'Health',
  name: 'Account',
  segment: 'Segment',
  stage: 'Stage',
  deployment: 'Deployment',
  arr: 'ARR',
  renewal: 'Renewal',
  last_call: 'Last call',
  next_call: 'Next call due',
  overdue: 'Days overdue',
  risks: 'Open risks',
  owner: 'Owner',
  tags: 'Tags',
  external_id: 'External id',
} as const;
export type BookColumn = keyof typeof BOOK_COLUMN_TITLES;
export const BOOK_COLUMNS = Object.keys(BOOK_COLUMN_TITLES) as [BookColumn, ...BookColumn[]];
