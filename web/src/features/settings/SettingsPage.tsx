import { NavLink, Route, Routes } from 'react-router';
import { useSession } from '../../app/session';
import { Forbidden } from '../../app/states';
import { CadenceSettings } from './CadenceSettings';
import { IntegrationsSettings } from './IntegrationsSettings';
import { TokensSettings, UsersSettings } from './PeopleSettings';
import { TopicSettings } from './TopicSettings';
import { SingleSignOnSettings } from './SingleSignOnSettings';
import { OutboxSettings } from './OutboxSettings';
import { CalendarMailSettings } from './CalendarMailSettings';
import { UseCaseSettings } from '../use-cases/UseCaseSettings';
import { ScorecardSettings } from './ScorecardSettings';
import { FiscalYearSettings } from './FiscalYearSettings';

/** Team settings for admins and managers: cadence, topics, scorecards, users, tokens and integrations. */
export default function SettingsPage() {
  const { user } = useSession();
  // A CSM's own settings: their calendar connections and the mail capture address.
  if (user.role === 'csm')
    return (
      <Routes>
        <Route path="calendar-mail" element={<OwnSettings />} />
        <Route path="*" element={<Forbidden what="Team settings are for managers and admins; yours are under Calendar & mail." />} />
      </Routes>
    );
  if (user.role !== 'manager' && user.role !== 'admin') return <Forbidden what="Settings are for managers and admins." />;
  return (
    <section className="settings">
      <div className="toolbar">
        <h1>Settings</h1>
        <nav aria-label="Settings pages" className="tabs">
          <NavLink to="/settings" end>
            Cadence
          </NavLink>
          <NavLink to="/settings/topics">Agenda topics</NavLink>
          <NavLink to="/settings/use-cases">Use cases</NavLink>
          <NavLink to="/settings/scorecards">Health scorecards</NavLink>
          <NavLink to="/settings/users">Users</NavLink>
          <NavLink to="/settings/tokens">API tokens</NavLink>
          {user.role === 'admin' && <NavLink to="/settings/single-sign-on">Single sign-on</NavLink>}
          {user.role === 'admin' && <NavLink to="/settings/outbox">Outbox</NavLink>}
          <NavLink to="/settings/integrations">Integrations</NavLink>
          <NavLink to="/settings/calendar-mail">Calendar &amp; mail</NavLink>
        </nav>
      </div>
      <Routes>
        <Route
          index
          element={
            <>
              <CadenceSettings canEdit />
              <FiscalYearSettings canEdit={user.role === 'admin'} />
            </>
          }
        />
        <Route path="topics" element={<TopicSettings canEdit />} />
        <Route path="use-cases" element={<UseCaseSettings />} />
        <Route path="scorecards" element={<ScorecardSettings canEdit />} />
        <Route path="users" element={<UsersSettings isAdmin={user.role === 'admin'} />} />
        <Route path="tokens" element={<TokensSettings />} />
        {user.role === 'admin' && <Route path="single-sign-on" element={<SingleSignOnSettings />} />}
        {user.role === 'admin' && <Route path="outbox" element={<OutboxSettings />} />}
        <Route path="integrations" element={<IntegrationsSettings />} />
        <Route path="calendar-mail" element={<CalendarMailSettings />} />
      </Routes>
    </section>
  );
}

/** What a CSM sets up for themselves: Calendar & mail. */
function OwnSettings() {
  return (
    <section className="settings">
      <div className="toolbar">
        <h1>Settings</h1>
        <nav aria-label="Settings pages" className="tabs">
          <NavLink to="/settings/calendar-mail">Calendar &amp; mail</NavLink>
        </nav>
      </div>
      <CalendarMailSettings />
    </section>
  );
}
