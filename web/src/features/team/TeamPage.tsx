import { NavLink, Route, Routes } from 'react-router';
import { useSession } from '../../app/session';
import { Forbidden } from '../../app/states';
import { ShadowingPage } from '../shadowing/ShadowingPage';
import { Forecast } from './Forecast';
import { ReviewPacks } from './ReviewPacks';
import { RiskRegister } from './RiskRegister';
import { TeamDashboard } from './TeamDashboard';

/** The manager's view of the team: dashboard, review packs, risk register, renewal forecast and shadowing. */
export default function TeamPage() {
  const { user } = useSession();
  const leads = user.role === 'manager' || user.role === 'admin';
  // Shadowing is open to the pair themselves too (and viewers read it): the rest of the team pages are the managers'.
  return (
    <section className="team">
      <div className="toolbar">
        <h1>Team</h1>
        <nav aria-label="Team pages" className="tabs">
          {leads && (
            <>
              <NavLink to="/team" end>
                Dashboard
              </NavLink>
              <NavLink to="/team/reviews">Reviews</NavLink>
              <NavLink to="/team/risks">Risk register</NavLink>
              <NavLink to="/team/forecast">Forecast</NavLink>
            </>
          )}
          <NavLink to="/team/shadowing">Shadowing</NavLink>
        </nav>
      </div>
      <Routes>
        <Route path="shadowing/*" element={<ShadowingPage />} />
        {leads ? (
          <>
            <Route index element={<TeamDashboard />} />
            <Route path="reviews" element={<ReviewPacks />} />
            <Route path="risks" element={<RiskRegister />} />
            <Route path="forecast" element={<Forecast />} />
          </>
        ) : (
          <Route path="*" element={<Forbidden what="The team pages are for managers and admins; Shadowing is open to you." />} />
        )}
      </Routes>
    </section>
  );
}
