import type { Kysely } from 'kysely';

// The cadence-call lifecycle: meetings and what hangs off them, the trackers' items, risks,
// tasks, touches and settings. Same conventions as the foundation migration.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('series_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('recurrence', 'text') // RRULE of the series, on its first meeting
    .addColumn('location', 'text')
    .addColumn('recording_url', 'text')
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('notes_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('csm_sentiment', 'text')
    .addColumn('product_sentiment', 'text')
    .addColumn('summary', 'text')
    .addColumn('organiser_id', 'text', (c) => c.references('users.id'))
    .addColumn('agenda_sent_at', 'text')
    .addColumn('held_at', 'text')
    .addColumn('followed_up_at', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('meetings_account_idx').on('meetings').columns(['account_id', 'starts_at']).execute();
  await db.schema.createIndex('meetings_starts_idx').on('meetings').columns(['starts_at', 'state']).execute();

  await db.schema
    .createTable('meeting_attendees')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull()) // internal | customer | shadow
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .execute();
  await db.schema.createIndex('meeting_attendees_meeting_idx').on('meeting_attendees').column('meeting_id').execute();
  await db.schema.createIndex('meeting_attendees_user_idx').on('meeting_attendees').column('user_id').execute();

  await db.schema
    .createTable('agenda_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('section', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('source_type', 'text')
    .addColumn('source_id', 'text')
    .addColumn('added_by', 'text', (c) => c.notNull()) // csm | customer | cadence
    .addColumn('internal', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('discussed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('carried_over_from', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('agenda_items_meeting_idx').on('agenda_items').columns(['meeting_id', 'position']).execute();

  await db.schema
    .createTable('action_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('meeting_id', 'text', (c) => c.references('meetings.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('owner_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('owner_contact_id', 'text', (c) => c.references('contacts.id'))
    .addColumn('owner_name', 'text')
    .addColumn('due_date', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // open | done | dropped
    .addColumn('update_note', 'text')
    .addColumn('expected_update_on', 'text')
    .addColumn('source', 'text') // manual | transcript
    .addColumn('completed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('action_items_account_idx').on('action_items').columns(['account_id', 'status']).execute();
  await db.schema.createIndex('action_items_meeting_idx').on('action_items').column('meeting_id').execute();

  for (const table of ['support_tickets', 'feature_requests']) {
    let t = db.schema
      .createTable(table)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.references('accounts.id'))
      .addColumn('source', 'text', (c) => c.notNull()) // zendesk | jira | gitlab | github | manual | csv
      .addColumn('external_id', 'text')
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull()) // the tracker's status in our words (tickets: new…closed; requests: open…shipped); to_open, dismissed
      .addColumn('raw_status', 'text')
      .addColumn('priority', 'text')
      .addColumn('url', 'text')
      .addColumn('raised_in_meeting_id', 'text', (c) => c.references('meetings.id'))
      .addColumn('dismissed_reason', 'text')
      .addColumn('opened_at', 'text')
      .addColumn('closed_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull());
    if (table === 'feature_requests') t = t.addColumn('shipped_in', 'text').addColumn('shipped_at', 'text');
    await t.execute();
    await db.schema.createIndex(`${table}_account_idx`).on(table).columns(['account_id', 'status']).execute();
    await db.schema.createIndex(`${table}_external_idx`).on(table).columns(['source', 'external_id']).unique().execute();
  }

  await db.schema
    .createTable('product_findings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('delivery_id', 'text', (c) => c.unique())
    .addColumn('kind', 'text', (c) => c.notNull()) // vulnerability | error | usage | other
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('severity', 'text')
    .addColumn('detail', 'text')
    .addColumn('found_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('product_findings_account_idx').on('product_findings').columns(['account_id', 'found_at']).execute();

  await db.schema
    .createTable('success_objectives')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('outcome'))
    .addColumn('description', 'text')
    .addColumn('owner_name', 'text')
    .addColumn('target_date', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('customer_visible', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('success_objectives_account_idx').on('success_objectives').column('account_id').execute();

  await db.schema
    .createTable('risks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('meeting_id', 'text', (c) => c.references('meetings.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('arr_at_risk', 'double precision')
    .addColumn('evidence', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.references('users.id'))
    .addColumn('resolution', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('risks_account_idx').on('risks').columns(['account_id', 'status']).execute();

  await db.schema
    .createTable('follow_ups')
    .addColumn('meeting_id', 'text', (c) => c.primaryKey().references('meetings.id'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('recipients', 'text', (c) => c.notNull()) // JSON array
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('drafted_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('message_id', 'text')
    .execute();

  await db.schema
    .createTable('share_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull().unique()) // one task per rule occurrence
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.references('accounts.id'))
    .addColumn('assignee_id', 'text', (c) => c.references('users.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // open | done | dismissed
    .addColumn('cause_type', 'text')
    .addColumn('cause_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('tasks_assignee_idx').on('tasks').columns(['assignee_id', 'status', 'due_at']).execute();
  await db.schema.createIndex('tasks_cause_idx').on('tasks').columns(['cause_type', 'cause_id']).execute();

  await db.schema
    .createTable('touches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // call | email | slack | other
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('user_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('touches_account_idx').on('touches').columns(['account_id', 'occurred_at']).execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull()) // JSON
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();

  await db.schema
    .createTable('account_cadence')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id'))
    .addColumn('override', 'text') // JSON { frequency, reason }
    .addColumn('last_call_at', 'text')
    .addColumn('last_touch_at', 'text')
    .addColumn('next_call_due', 'text')
    .addColumn('next_touch_due', 'text')
    .addColumn('overdue_days', 'integer')
    .addColumn('computed_at', 'text')
    .execute();
  await db.schema.createIndex('account_cadence_due_idx').on('account_cadence').column('next_call_due').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'account_cadence',
    'settings',
    'touches',
    'tasks',
    'share_links',
    'follow_ups',
    'risks',
    'success_objectives',
    'product_findings',
    'feature_requests',
    'support_tickets',
    'action_items',
    'agenda_items',
    'meeting_attendees',
    'meetings',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
