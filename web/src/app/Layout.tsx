import { NavLink, Outlet } from 'react-router';
import { NotesSearch } from '../features/search/NotesSearch';
import { useSession } from './session';

export function Layout() {
  const { user, signOut } = useSession();
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <a className="brand" href="/">
          Cadence
        </a>
        <nav aria-label="Main">
          <NavLink to="/" end>
            My day
          </NavLink>
          <NavLink to="/accounts">Book of business</NavLink>
          {user.role !== 'viewer' && <NavLink to="/handoffs">Handoffs</NavLink>}
          {(user.role === 'manager' || user.role === 'admin') && <NavLink to="/team">Team</NavLink>}
          {(user.role === 'csm' || user.role === 'viewer') && <NavLink to="/team/shadowing">Shadowing</NavLink>}
          {(user.role === 'manager' || user.role === 'admin') && <NavLink to="/settings">Settings</NavLink>}
        </nav>
        <NotesSearch />
        <div className="me">
          <span>
            {user.name} <small>({user.role})</small>
          </span>
          <NavLink to="/me">Profile &amp; calendar feed</NavLink>
          {user.role === 'csm' && <NavLink to="/settings/calendar-mail">Calendar &amp; mail</NavLink>}
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
