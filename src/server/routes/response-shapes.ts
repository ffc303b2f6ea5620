/**
 * Compile-time proof that each response schema states exactly what its service answers: the
 * serializer strips keys a schema does not name, so a forgotten field would vanish from the API.
 * Kept apart from the *.schema.ts files so the web app can import those (type-only) without
 * pulling in the services.
 */
import type { z } from 'zod';
import type { CustomerView } from '../../domain/agenda/customer-view.ts';
import type { EngagementAssessment } from '../../domain/meeting/engagement.ts';
import type { ActionItem, Agenda, FeatureRequest, HotSheetTopic, ProductFinding, RequestRaised, SuggestedTopic, SupportTicket } from '../../domain/meeting/meeting.ts';
import type { Account, AccountActivity, Contact, TimelineEntry, User } from '../../domain/model.ts';
import type { recordTouch } from '../../services/meetings/action-items.ts';
import type { getFollowUp, previewFollowUp } from '../../services/meetings/follow-ups.ts';
import type { getMeeting } from '../../services/meetings/meetings.ts';
import type { myDay, updateTask } from '../../services/team/my-day.ts';
import type { searchNotes } from '../../services/meetings/notes-search.ts';
import type { previewAgenda, sendAgenda } from '../../services/meetings/send-agenda.ts';
import type { listMeetingShareLinks } from '../../services/meetings/share-links.ts';
import type { listTokens } from '../../services/users/users.ts';
import type { WrapUpResult } from '../../services/meetings/wrap-up-meeting.ts';
import type { AccountActivitySchema, AccountSchema, FeatureRequestSchema, ProductFindingSchema, SupportTicketSchema, TimelineEntrySchema } from './accounts.schema.ts';
import type { ActionItemSchema, TouchSchema } from './action-items.schema.ts';
import type { ContactSchema } from './contacts.schema.ts';
import type { AgendaSchema, MeetingSchema, NotesSearchResultSchema } from './meetings.schema.ts';
import type { MyDaySchema, TaskSchema } from './my-day.schema.ts';
import { checkShape, type SameShape } from './responses.ts';
import type { HotSheetTopicSchema, SuggestedTopicSchema } from './settings.schema.ts';
import type { RoleMappingSchema } from './sso.schema.ts';
import type { RoleMapping } from '../../domain/identity/role-mapping.ts';
import type { AgendaPreviewSchema, AgendaSentSchema, CustomerViewFields, ShareLinkSchema } from './share.schema.ts';
import type { ApiTokenSchema, UserSchema } from './users.schema.ts';
import type { EngagementSchema, FollowUpPreviewSchema, FollowUpSchema, RaisedRequestSchema, WrapUpResultSchema } from './wrap-up.schema.ts';

checkShape<SameShape<z.output<typeof AccountSchema>, Account>>();
checkShape<SameShape<z.output<typeof AccountActivitySchema>, AccountActivity>>();
checkShape<SameShape<z.output<typeof TimelineEntrySchema>, TimelineEntry>>();
checkShape<SameShape<z.output<typeof SupportTicketSchema>, SupportTicket>>();
checkShape<SameShape<z.output<typeof FeatureRequestSchema>, FeatureRequest>>();
checkShape<SameShape<z.output<typeof ProductFindingSchema>, ProductFinding>>();
checkShape<SameShape<z.output<typeof UserSchema>, User>>();
checkShape<SameShape<z.output<typeof ApiTokenSchema>, Awaited<ReturnType<typeof listTokens>>[number]>>();
checkShape<SameShape<z.output<typeof ContactSchema>, Contact>>();
checkShape<SameShape<z.output<typeof ActionItemSchema>, ActionItem>>();
checkShape<SameShape<z.output<typeof TouchSchema>, Awaited<ReturnType<typeof recordTouch>>>>();
checkShape<SameShape<z.output<typeof MeetingSchema>, Awaited<ReturnType<typeof getMeeting>>['meeting']>>();
checkShape<SameShape<z.output<typeof AgendaSchema>, Agenda>>();
checkShape<SameShape<z.output<typeof NotesSearchResultSchema>, Awaited<ReturnType<typeof searchNotes>>>>();
checkShape<SameShape<z.output<typeof AgendaSentSchema>, Awaited<ReturnType<typeof sendAgenda>>>>();
checkShape<SameShape<z.output<typeof AgendaPreviewSchema>, Awaited<ReturnType<typeof previewAgenda>>>>();
checkShape<SameShape<z.output<typeof ShareLinkSchema>, Awaited<ReturnType<typeof listMeetingShareLinks>>[number]>>();
checkShape<SameShape<z.output<z.ZodObject<typeof CustomerViewFields>>, CustomerView>>();
checkShape<SameShape<z.output<typeof EngagementSchema>, EngagementAssessment>>();
checkShape<SameShape<z.output<typeof RaisedRequestSchema>, RequestRaised>>();
checkShape<SameShape<z.output<typeof WrapUpResultSchema>, WrapUpResult>>();
checkShape<SameShape<z.output<typeof FollowUpSchema>, Awaited<ReturnType<typeof getFollowUp>>>>();
checkShape<SameShape<z.output<typeof FollowUpPreviewSchema>, Awaited<ReturnType<typeof previewFollowUp>>>>();
checkShape<SameShape<z.output<typeof MyDaySchema>, Awaited<ReturnType<typeof myDay>>>>();
checkShape<SameShape<z.output<typeof TaskSchema>, Awaited<ReturnType<typeof updateTask>>>>();
checkShape<SameShape<z.output<typeof SuggestedTopicSchema>, SuggestedTopic>>();
checkShape<SameShape<z.output<typeof HotSheetTopicSchema>, HotSheetTopic>>();
checkShape<SameShape<z.output<typeof RoleMappingSchema>, RoleMapping>>();
