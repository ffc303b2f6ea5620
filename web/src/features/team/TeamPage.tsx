import { NavLink, Route, Routes } from 'react-router';
import { useSession } from '../../app/session';
import { Forbidden } from '../../app/states';
import { Forecast } from './Forecast';
import { ReviewPacks } from './ReviewPacks';
import { RiskRegister } from './RiskRegister';
import { TeamDashboard } from './TeamDashboard';

/** The manager's view of the team: dashboard, review packs, risk register and renewal forecast. */
export default function TeamPage() {
  const { user } = useSession();
  if (user.role !== 'manager' && user.role !== 'admin') return <Forbidden what="The team pages are for managers and admins." />;
  return (
    <section className="team">
      <div className="toolbar">
        <h1>Team</h1>
        <nav aria-label="Team pages" className="tabs">
          <NavLink to="/team" end>
            Dashboard
          </NavLink>
          <NavLink to="/team/reviews">Reviews</NavLink>
          <NavLink to="/team/risks">Risk register</NavLink>
          <NavLink to="/team/forecast">Forecast</NavLink>
        </nav>
      </div>
      <Routes>
        <Route index element={<TeamDashboard />} />
        <Route path="reviews" element={<ReviewPacks />} />
        <Route path="risks" element={<RiskRegister />} />
        <Route path="forecast" element={<Forecast />} />
      </Routes>
    </section>
  );
}
